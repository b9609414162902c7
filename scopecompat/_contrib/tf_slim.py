"""tf-slim 1.1.0 on TensorFlow 2.12-2.21: the references it makes that TensorFlow moved.

tf-slim is TF 1.x's tf.contrib.layers/slim code, extracted in 2020 (1.1.0 is its last release).
scopecompat serves from it `tf.contrib.slim` (the package itself), the contrib code of
`tf.contrib.framework` (arg_scope, model variables, ...) and `tf.contrib.layers.batch_norm`, so that
they are TF 1.15's own code (batch_norm's fused and non-fused paths, renorm, ...), not a rewrite.

tf-slim reaches TF internals by their TF 2.2 paths, and TF has since moved some of them. Each row of
`MOVED` names one such reference (the global of a tf-slim module, and the attribute it reads), where
that thing lives now, and why. A row applies only when the old reference fails on the installed TF,
and it changes only what that tf-slim module sees: TensorFlow's own modules are left as they are.

Imported on first use of a name served from tf-slim, never at `import scopecompat`.
"""

import importlib
import types

from scopecompat._facade import bootstrap
from scopecompat._facade.bootstrap import tf_v1 as tf

# tf-slim's pin in pyproject.toml; the rows below were checked against this release.
REQUIREMENT = "tf-slim==1.1.0"


def _tf_layers_module(class_name):
    """The module that defines the TF1 layer class scopecompat's tf.layers serves (tf_keras's
    legacy_tf_layers from TF 2.16), so tf-slim builds the very layers `tf.layers` builds."""
    scopecompat_layers = importlib.import_module("scopecompat.layers")
    return importlib.import_module(getattr(scopecompat_layers, class_name).__module__)


# (tf-slim module, its global, the attribute it reads there, where that is now (a module when the
# whole module moved), why it moved)
MOVED = (
    ("tf_slim.layers.layers", "normalization_layers", "BatchNormalization",
     lambda: _tf_layers_module("BatchNormalization"),
     "TF >= 2.16's tensorflow.python.layers.normalization loads tf_keras.legacy_tf_layers, which "
     "tf-keras moved to tf_keras.src.legacy_tf_layers."),
    ("tf_slim.layers.utils", "ops", "Tensor", lambda: tf.Tensor,
     "TF moved Tensor from tensorflow.python.framework.ops to tensorflow.python.framework.tensor "
     "(tf.Tensor is that class)."),
    ("tf_slim.layers.utils", "control_flow_ops", "cond", lambda: tf.cond,
     "TF moved cond from tensorflow.python.ops.control_flow_ops to tensorflow.python.ops.cond "
     "(tf.compat.v1.cond is that function, with the same signature)."),
    ("tf_slim.ops.variables", "variable_scope", "variable", lambda: tf.Variable,
     "TF 1.x's variable_scope.variable was an alias of variables.VariableV1, which TF 2.x dropped; "
     "tf.compat.v1.Variable is VariableV1 (slim.local_variable and slim.global_variable call it)."),
    # Those of contrib.metrics, contrib.losses, contrib.training and the rest of contrib.layers (TF >= 2.13-2.16
    # split these modules; the tf.compat.v1 names are the very functions and classes, with the same signatures).
    ("tf_slim.metrics.metric_ops", "control_flow_ops", "cond", lambda: tf.cond,
     "TF moved cond to tensorflow.python.ops.cond (streaming_auc, streaming_concat, ... call it)."),
    ("tf_slim.metrics.metric_ops", "array_ops", "stack", lambda: tf.stack,
     "TF moved stack to tensorflow.python.ops.array_ops_stack."),
    ("tf_slim.metrics.histogram_ops", "control_flow_ops", "Assert", lambda: tf.Assert,
     "TF moved Assert to tensorflow.python.ops.control_flow_assert (auc_using_histogram calls it)."),
    ("tf_slim.losses.metric_learning", "control_flow_ops", "while_loop", lambda: tf.while_loop,
     "TF moved while_loop to tensorflow.python.ops.while_loop (the clustering losses call it)."),
    ("tf_slim.training.training", "ops", "IndexedSlices", lambda: tf.IndexedSlices,
     "TF moved IndexedSlices to tensorflow.python.framework.indexed_slices (create_train_op's gradient "
     "helpers test for it)."),
    ("tf_slim.layers.optimizers", "ops", "Tensor", lambda: tf.Tensor, "As for tf_slim.layers.utils."),
    ("tf_slim.layers.optimizers", "ops", "IndexedSlices", lambda: tf.IndexedSlices,
     "As for tf_slim.training.training (optimize_loss clips and multiplies gradients)."),
    ("tf_slim.layers.layers", "array_ops", "stack", lambda: tf.stack,
     "TF moved stack to tensorflow.python.ops.array_ops_stack (images_to_sequence and others call it)."),
    ("tf_slim.layers.layers", "array_ops", "unstack", lambda: tf.unstack,
     "TF moved unstack to tensorflow.python.ops.array_ops_stack."),
    ("tf_slim.layers.rev_block_lib", "framework_ops", "Tensor", lambda: tf.Tensor, "As for tf_slim.layers.utils."),
    # slim.learning.create_train_op(clip_gradient_norm=..., gradient_multipliers=...) and slim.data's Image handler:
    # found by tests/contrib/test_tf_slim_references.py, which walks every tf-slim module for such references.
    ("tf_slim.learning", "ops", "IndexedSlices", lambda: tf.IndexedSlices,
     "As for tf_slim.training.training (create_train_op's clip_gradient_norm and gradient_multipliers)."),
    ("tf_slim.learning", "ops", "Tensor", lambda: tf.Tensor,
     "As for tf_slim.layers.utils (multiply_gradients tests a multiplier for a Tensor)."),
    ("tf_slim.data.tfexample_decoder", "control_flow_ops", "cond", lambda: tf.cond,
     "TF moved cond to tensorflow.python.ops.cond (the Image handler decodes JPEG or PNG by it)."),
    ("tf_slim.data.tfexample_decoder", "control_flow_ops", "case", lambda: tf.case,
     "TF moved case to tensorflow.python.ops.control_flow_case (the Image handler picks its decoder by format)."),
    ("tf_slim.data.tfexample_decoder", "array_ops", "stack", lambda: tf.stack,
     "TF moved stack to tensorflow.python.ops.array_ops_stack (Tensor's and SparseTensor's shape handling)."),
)


class ModuleWithMoved(types.ModuleType):
    """A TF module as one module of a TF1-era package sees it (tf-slim here, tensorflow-estimator in
    scopecompat/_estimator/loader.py): the module, plus the one attribute TF moved out."""

    def __init__(self, module, attribute, value):
        super().__init__(module.__name__, module.__doc__)
        self.__wrapped__ = module
        setattr(self, attribute, value)

    def __getattr__(self, name):
        return getattr(self.__wrapped__, name)


def _reaches(module, attribute):
    try:
        getattr(module, attribute)
    except (AttributeError, ImportError):  # ImportError: a lazy loader whose target moved
        return False
    return True


_tf_slim = None


def load():
    """The tf_slim package, with the rows of MOVED applied where the installed TF needs them."""
    global _tf_slim
    if _tf_slim is None:
        package = _import_tf_slim()
        for module_name, global_name, attribute, now, _reason in MOVED:
            module = importlib.import_module(module_name)  # a module `import tf_slim` leaves out, too
            reference = getattr(module, global_name)
            if not _reaches(reference, attribute):
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
