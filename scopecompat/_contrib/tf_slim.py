"""tf-slim 1.1.0 on TensorFlow 2.12-2.21: the references it makes that TensorFlow moved.

tf-slim is TF 1.x's tf.contrib.layers/slim code, extracted in 2020 (1.1.0 is its last release).
scopecompat serves from it `tf.contrib.slim` (the package itself), the contrib code of
`tf.contrib.framework` (arg_scope, model variables, ...) and `tf.contrib.layers.batch_norm`, so that
they are TF 1.15's own code (batch_norm's fused and non-fused paths, renorm, ...), not a rewrite.

tf-slim reaches TF internals by their TF 2.2 paths, and TF has since moved some of them. Each row of
`REFERENCES` names one such reference (the global of a tf-slim module, the TF module it is, and the attribute
it reads there); where that thing lives now, and why, is the row of the one table of TF's moves,
scopecompat/_legacy/tf_internals.py's MOVED. `STAND_INS` are the references mended for another reason than a
TF move, each with why. `MOVED` is both, as applied. A row applies only when the old reference fails on the
installed TF, and it changes only what that tf-slim module sees: TensorFlow's own modules are left as they are.

Imported on first use of a name served from tf-slim, never at `import scopecompat`.
"""

import importlib
import types

from scopecompat._facade import bootstrap
from scopecompat._legacy import tf_internals
from scopecompat._legacy.tf_internals import Reference, StandIn

# tf-slim's pin in pyproject.toml; the rows below were checked against this release.
REQUIREMENT = "tf-slim==1.1.0"


def _tf_layers_module(class_name):
    """The module that defines the TF1 layer class scopecompat's tf.layers serves (tf_keras's
    legacy_tf_layers from TF 2.16), so tf-slim builds the very layers `tf.layers` builds."""
    scopecompat_layers = importlib.import_module("scopecompat.layers")
    return importlib.import_module(getattr(scopecompat_layers, class_name).__module__)


_OPS = "tensorflow.python.framework.ops"
_CONTROL_FLOW_OPS = "tensorflow.python.ops.control_flow_ops"
_ARRAY_OPS = "tensorflow.python.ops.array_ops"

# tf-slim's references to TF internals that TF moved: (tf-slim module, its global, the TF module that global is,
# the attribute it reads there, which tf-slim code reads it). Where the attribute is now and why is the row of
# scopecompat/_legacy/tf_internals.py's MOVED (the one table of TF's moves, which `scopecompat run` serves too):
# a move tf-slim meets is written there, and here only the reference to it.
REFERENCES = (
    Reference("tf_slim.layers.utils", "ops", _OPS, "Tensor", "constant_value"),
    Reference("tf_slim.layers.utils", "control_flow_ops", _CONTROL_FLOW_OPS, "cond", "smart_cond"),
    Reference("tf_slim.ops.variables", "variable_scope", "tensorflow.python.ops.variable_scope", "variable",
              "slim.local_variable and slim.global_variable"),
    # Those of contrib.metrics, contrib.losses, contrib.training and the rest of contrib.layers.
    Reference("tf_slim.metrics.metric_ops", "control_flow_ops", _CONTROL_FLOW_OPS, "cond",
              "streaming_dynamic_auc, auc_with_confidence_intervals, recall_at_precision, streaming_concat, ..."),
    Reference("tf_slim.metrics.metric_ops", "array_ops", _ARRAY_OPS, "stack",
              "the *_at_thresholds metrics, streaming_curve_points, streaming_concat"),
    Reference("tf_slim.metrics.histogram_ops", "control_flow_ops", _CONTROL_FLOW_OPS, "Assert",
              "auc_using_histogram (its checks of labels and scores)"),
    Reference("tf_slim.losses.metric_learning", "control_flow_ops", _CONTROL_FLOW_OPS, "while_loop",
              "the clustering losses"),
    Reference("tf_slim.training.training", "ops", _OPS, "IndexedSlices",
              "create_train_op's gradient helpers (clip_gradient_norms, multiply_gradients, ...)"),
    Reference("tf_slim.layers.optimizers", "ops", _OPS, "Tensor", "optimize_loss (a learning_rate Tensor)"),
    Reference("tf_slim.layers.optimizers", "ops", _OPS, "IndexedSlices",
              "optimize_loss (it clips, noises and multiplies gradients)"),
    Reference("tf_slim.layers.layers", "array_ops", _ARRAY_OPS, "stack", "legacy_fully_connected"),
    Reference("tf_slim.layers.layers", "array_ops", _ARRAY_OPS, "unstack", "legacy_fully_connected"),
    Reference("tf_slim.layers.rev_block_lib", "framework_ops", _OPS, "Tensor", "recompute_grad"),
    # slim.learning.create_train_op(clip_gradient_norm=..., gradient_multipliers=...) and slim.data's Image handler:
    # found by tests/contrib/test_tf_slim_references.py, which walks every tf-slim module for such references.
    Reference("tf_slim.learning", "ops", _OPS, "IndexedSlices",
              "create_train_op's clip_gradient_norm and gradient_multipliers"),
    Reference("tf_slim.learning", "ops", _OPS, "Tensor", "multiply_gradients (it tests a multiplier for a Tensor)"),
    Reference("tf_slim.data.tfexample_decoder", "control_flow_ops", _CONTROL_FLOW_OPS, "cond",
              "the Image handler (it decodes JPEG or PNG by it)"),
    Reference("tf_slim.data.tfexample_decoder", "control_flow_ops", _CONTROL_FLOW_OPS, "case",
              "the Image handler (it picks its decoder by format)"),
    Reference("tf_slim.data.tfexample_decoder", "array_ops", _ARRAY_OPS, "stack",
              "the Tensor and SparseTensor handlers (their shapes)"),
)

# tf-slim's references whose mending is not a TF move, each with why.
STAND_INS = (
    StandIn("tf_slim.layers.layers", "normalization_layers", "tensorflow.python.layers.normalization",
            "BatchNormalization", lambda: _tf_layers_module("BatchNormalization"),
            "Not a TF move: TF >= 2.16's tensorflow.python.layers.normalization loads tf_keras.legacy_tf_layers, "
            "which tf-keras moved to tf_keras.src.legacy_tf_layers. tf-slim gets the module that defines the class "
            "scopecompat's tf.layers serves, so it builds the very layers `tf.layers` builds."),
)

# (tf-slim module, its global, the attribute it reads there, what it is now (a callable; a module it returns
# replaces the whole global), why): every row above, as load() applies them.
MOVED = tf_internals.mends(REFERENCES, STAND_INS)


class ModuleWithMoved(types.ModuleType):
    """A TF module as one module of a TF1-era package sees it (tf-slim here, tensorflow-estimator in
    scopecompat/_estimator/loader.py): the module, plus the one attribute TF moved out."""

    def __init__(self, module, attribute, value):
        super().__init__(module.__name__, module.__doc__)
        self.__wrapped__ = module
        setattr(self, attribute, value)

    def __getattr__(self, name):
        return getattr(self.__wrapped__, name)


_tf_slim = None


def load():
    """The tf_slim package, with the rows of MOVED applied where the installed TF needs them."""
    global _tf_slim
    if _tf_slim is None:
        package = _import_tf_slim()
        for module_name, global_name, attribute, now, _reason in MOVED:
            module = importlib.import_module(module_name)  # a module `import tf_slim` leaves out, too
            reference = getattr(module, global_name)
            if not tf_internals.has(reference, attribute):
                moved = now()
                if not isinstance(moved, types.ModuleType):  # one attribute moved, not the module
                    moved = ModuleWithMoved(reference, attribute, moved)
                setattr(module, global_name, moved)
        _tf_slim = package
    return _tf_slim


def served_from_tf_slim(module_name, sources=("tf_slim",)):
    """A module-level `__getattr__` (PEP 562) for the module `module_name` of scopecompat/_contrib/: each
    public name is tf-slim's object of that name, from the first of the tf-slim modules `sources` that has
    it (TF 1.x's contrib module, as tf-slim split it up). (Private names are not: `__path__` and the like
    are the module's own business, and tf-slim's would make the import system take the module for tf-slim.)"""

    def __getattr__(name):
        if not name.startswith("_"):
            load()
            for source in sources:
                try:
                    return getattr(importlib.import_module(source), name)
                except AttributeError:
                    pass
        raise AttributeError("module %r has no attribute %r" % (module_name, name))

    return __getattr__


def _import_tf_slim():
    try:
        # tf-slim imports parts of TF (and tf_keras) whose native libraries print start-up lines.
        with bootstrap.quiet_native_start_up():
            return importlib.import_module("tf_slim")
    except ModuleNotFoundError as error:
        if error.name != "tf_slim":
            raise
        raise ModuleNotFoundError(
            "scopecompat serves tf.contrib.slim, tf.contrib.framework and tf.contrib.layers.batch_norm from "
            "the tf-slim package (TF 1.x's contrib code), which is not installed. Install it with: "
            "pip install '%s'" % REQUIREMENT,
            name="tf_slim",
        ) from error
