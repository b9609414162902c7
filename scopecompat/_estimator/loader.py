"""tensorflow-estimator 2.15.0 on TensorFlow 2.16-2.21: the TF internals it reaches that TensorFlow removed.

TF <= 2.15 ships tf.estimator (tensorflow-estimator at TF's own version is a dependency of tensorflow), and
scopecompat serves TF's own there. TF 2.16 dropped it; tensorflow-estimator 2.15.0, its last release, is
TF 1.x's Estimator code (tf.estimator, canned estimators, hooks, export) and needs only a few TF internals
that TF 2.16 removed. Each is one row below, with its reason:

Every module of the package is loaded by its own loader, with its own `__import__` (`_Imports`), so that
what it imports can differ from what the rest of the process gets; TensorFlow's modules are not changed:

- `REMOVED`: modules TF removed that tensorflow-estimator imports at its top. Each stand-in gives what the
  Estimator needs on one machine, and refuses loudly (naming the cause) what it cannot give (multi-worker
  distribute coordinator, TPUEstimator's TPU embedding). They are never put in `sys.modules`.
- `MOVED`: references of a tensorflow-estimator module (its global, and the attribute it reads there) that
  fail on the installed TF; each is mended right after that module runs, for that module only. It is
  `REFERENCES` (each a TF move, whose new place and reason are the row of scopecompat/_legacy/tf_internals.py,
  the one table of TF's moves) and `STAND_INS` (each mended for another reason, with why).
- `HINTED`: a method of a tensorflow-estimator class whose error gets one line appended (TF's type and first
  line kept): TPUEstimator(use_tpu=True) without a TPU says that use_tpu=False runs on CPU.
- `KERAS_2`, `SAVER` and `SEEDS`: what its `import tensorflow as tf` gives: TF with tf-keras as tf.keras
  (Keras 2, which the package was written for), scopecompat's Saver as tf.compat.v1.train.Saver and
  scopecompat's tf.compat.v1.random.set_random_seed.

A row applies only where the installed TF needs it (where TF has the module or attribute, TF's is used).
"""

import builtins
import functools
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

from scopecompat import _keras_bridge
from scopecompat._contrib.tf_slim import ModuleWithMoved
from scopecompat._facade import bootstrap
from scopecompat._facade.bootstrap import tf_v1 as tf
from scopecompat._legacy import tf_internals
from scopecompat._legacy.tf_internals import StandIn

# scopecompat's requirement (pyproject.toml); the rows below were checked against this release.
REQUIREMENT = "tensorflow-estimator==2.15.0"

# The real `__import__`, for every import of tensorflow-estimator's modules that no row below concerns.
_real_import = builtins.__import__


class _Refused:
    """A TF object that TF removed and that scopecompat does not stand in for: using it raises."""

    _module = _reason = ""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("%s.%s: %s" % (self._module, type(self).__name__, self._reason))


class _RefusingModule(types.ModuleType):
    """A removed TF module whose every name is a `_Refused` class: importing it works (tensorflow-estimator
    imports it at its top), using anything from it raises with the reason."""

    def __init__(self, name, reason, **served):
        super().__init__(name, "Stand-in for %s, which TensorFlow removed: %s" % (name, reason))
        self.__dict__.update(served)
        self._reason = reason

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        refused = type(name, (_Refused,), {"_module": self.__name__, "_reason": self._reason})
        setattr(self, name, refused)
        return refused


def _should_run_distribute_coordinator(config):
    # init_run_config below never sets a coordinator mode, so Estimator.train/evaluate and
    # train_and_evaluate take their one-machine path, as TF 2.15's function answered for local training.
    return bool(getattr(config, "_distribute_coordinator_mode", None))


_NO_COORDINATOR = (
    "TF 2.16 removed tensorflow.python.distribute.estimator_training, the distribute coordinator that "
    "ran Estimators with RunConfig(train_distribute=..., eval_distribute=..., experimental_distribute=...). "
    "scopecompat serves tf.estimator on one machine without a distribution strategy; for strategies, run "
    "on TF 2.15 (pip install 'tensorflow==2.15.*' 'tf-keras==2.15.*'), where scopecompat serves TF's own "
    "tf.estimator, or move the model to tf.keras."
)
_NO_TPU = (
    "TF 2.16 removed the TPU pieces of TPUEstimator (tensorflow.python.tpu.session_support, tpu_embedding, "
    "tpu_embedding_gradient). TPUEstimator runs on CPU/GPU with use_tpu=False, but its TPU embedding "
    "(embedding_config_spec) and TPU session support are not served on TF >= 2.16; run on TF 2.15 "
    "(pip install 'tensorflow==2.15.*' 'tf-keras==2.15.*') or move the model to tf.keras."
)


def _estimator_training():
    module = _RefusingModule("tensorflow.python.distribute.estimator_training", _NO_COORDINATOR,
                             should_run_distribute_coordinator=_should_run_distribute_coordinator)

    def init_run_config(config, tf_config):
        raise NotImplementedError(_NO_COORDINATOR)

    module.init_run_config = init_run_config
    return module


# (module TF removed, its stand-in, why)
REMOVED = (
    ("tensorflow.python.distribute.estimator_training", _estimator_training, _NO_COORDINATOR),
    ("tensorflow.python.tpu.session_support",
     lambda: _RefusingModule("tensorflow.python.tpu.session_support", _NO_TPU), _NO_TPU),
    ("tensorflow.python.tpu.tpu_embedding",
     lambda: _RefusingModule("tensorflow.python.tpu.tpu_embedding", _NO_TPU), _NO_TPU),
    ("tensorflow.python.tpu.tpu_embedding_gradient",
     lambda: _RefusingModule("tensorflow.python.tpu.tpu_embedding_gradient", _NO_TPU), _NO_TPU),
)


# tensorflow-estimator's references to TF internals that TF moved: (its module, its global, the TF module that global
# is, the attribute it reads there, which of its code reads it); where the attribute is now, and why, is the row of
# scopecompat/_legacy/tf_internals.py's MOVED, the one table of TF's moves (tf-slim's loader and `scopecompat run`
# read it too). None so far: tensorflow-estimator 2.15.0 spells TF's moved names at their new places (a static walk
# of its modules' references to TF, as tests/contrib/test_tf_slim_references.py walks tf-slim's, found on TF 2.21
# none failing but the TPU embedding's optimizer parameters (tf.compat.v1.tpu.experimental.AdagradParameters, ...),
# which TF removed with the TPU embedding: REMOVED's _NO_TPU).
REFERENCES = ()

# tensorflow-estimator's references whose mending is not a TF move: (its module, its global, the TF module that
# global is, the attribute it reads there, what stands in for it, why).
STAND_INS = (
    StandIn("tensorflow_estimator.python.estimator.estimator_export", "tf_export", "tensorflow.python.util.tf_export",
            "ESTIMATOR_API_NAME", lambda: sys.modules["tensorflow.python.util.tf_export"].TENSORFLOW_API_NAME,
            "Not a TF move (no place in TF has it now): TF 2.16 dropped the 'estimator' API name from tf_export "
            "(its tables of API attributes have no row for it, so exporting under it fails). estimator_export "
            "records the names (estimator.Estimator, ...) under TF's own API name instead; they are names only "
            "(the _tf_api_names attribute, which Estimator allows subclasses to have), nothing is added to TF's "
            "namespaces."),
)

# (tensorflow-estimator module, its global, the attribute it reads there, what it is now (a callable), why): every
# row above, as _mend applies them.
MOVED = tf_internals.mends(REFERENCES, STAND_INS)


_RUNS_WITHOUT_TPU = (
    "scopecompat: this machine has no TPU. TPUEstimator(use_tpu=False) runs the same model_fn, input_fn and "
    "batch sizes on CPU/GPU (train, evaluate, predict, export), as TF 1.15 did."
)


def _hint_without_tpu(validate):
    """TPUEstimator's check of the TPU system, whose 'Cannot find any TPU cores' RuntimeError gets the line above
    appended (the same exception: its type and first line are TF's, and TPUEstimator re-raises it as before)."""
    @functools.wraps(validate)
    def validate_with_hint(*args, **kwargs):
        try:
            return validate(*args, **kwargs)
        except RuntimeError as error:
            if str(error).startswith("Cannot find any TPU cores") and _RUNS_WITHOUT_TPU not in str(error):
                error.args = ("%s\n%s" % (error, _RUNS_WITHOUT_TPU),) + error.args[1:]
            raise

    return validate_with_hint


# (tensorflow-estimator module, its class, the method, what wraps it, why): the class is tensorflow-estimator's,
# run by this loader (TF's own estimator, on TF <= 2.15, is left as it is).
HINTED = (
    ("tensorflow_estimator.python.estimator.tpu.tpu_context", "_InternalTPUContext", "_validate_tpu_configuration",
     _hint_without_tpu,
     "TPUEstimator(use_tpu=True) on a machine without a TPU raises TF's RuntimeError 'Cannot find any TPU cores "
     "in the system. ...' (as TF 1.15) before anything is written to model_dir; scopecompat appends one line "
     "saying what runs instead (use_tpu=False)."),
)


def _module_exists(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


def _with(module, path, value):
    """A view of `module` where the dotted attribute `path` is `value`."""
    head, _, rest = path.partition(".")
    return ModuleWithMoved(module, head, _with(getattr(module, head), rest, value) if rest else value)


def _tensorflow_seen_by_estimator():
    """`tensorflow` as tensorflow-estimator's modules see it (the rows KERAS_2, SAVER and SEEDS)."""
    import tensorflow

    from scopecompat._legacy.checkpoints import Saver
    from scopecompat._legacy.random_seeds import set_random_seed

    v1 = _with(_with(tensorflow.compat.v1, "train.Saver", Saver), "random.set_random_seed", set_random_seed)
    seen = tensorflow
    if _keras_bridge.tf_uses_keras_3():
        for path, module_name in _keras_bridge.TF_KERAS_MODULES.items():
            v1 = _with(v1, path, _keras_bridge.import_tf_keras_module(module_name))
        keras_2 = _keras_bridge.import_tf_keras_module("tf_keras.api._v2.keras")
        seen = _with(_with(seen, "keras", keras_2), "compat.v2.keras", keras_2)
    return _with(seen, "compat.v1", v1)


KERAS_2 = (
    "tensorflow-estimator 2.15.0 builds its canned models, heads and optimizers on tf.keras as Keras 2 "
    "(tf.keras.Model subclasses, tf.compat.v1.keras.layers.DenseFeatures, tf.compat.v1.layers.Dense, "
    "tf.keras.optimizers.legacy); from TF 2.16 tf.keras is Keras 3, which has none of these. tf-keras is "
    "Keras 2: tensorflow-estimator's `import tensorflow as tf` gets TF with tf-keras as tf.keras, "
    "tf.compat.v2.keras and tf.compat.v1's Keras-backed modules, as TF itself gives under "
    "TF_USE_LEGACY_KERAS=1, for its modules only (TF's own tf.keras stays Keras 3)."
)
SAVER = (
    "The Estimator's Savers are tf.compat.v1.train.Saver; tensorflow-estimator gets scopecompat's (the "
    "train.Saver override, a subclass): a model_dir holding another graph's checkpoint gets an error listing "
    "every name it lacks, before anything is restored, where TF names only the first."
)
SEEDS = (
    "The Estimator seeds each graph it builds with tf.compat.v1.random.set_random_seed(config.tf_random_seed); "
    "tensorflow-estimator gets scopecompat's (the set_random_seed override), so a canned estimator's initial "
    "weights are drawn with TF 1.x's op seeds, and with numeric and indicator columns and no dropout its "
    "predictions equal TF 1.15's for the same tf_random_seed (tests/estimator/test_estimator_oracle.py), also "
    "when a tf.data input_fn feeds it (the op seed counts the dataset options TF 1.15 built in the graph: corpus "
    "program 24's eval loss is TF 1.15.5's). Not with "
    "an embedding_column, whose variable TF 2.x's feature columns draw at another op count (other initial "
    "weights), nor with dropout: tf_keras's Dropout layer builds TF 2.x's dropout (8 ops, TF 1.15: 16), whose "
    "mask is drawn with another op seed, so training draws other masks from TF 1.15's initial weights "
    "(docs/op-counts.md)."
)


class _Imports:
    """`__import__` for tensorflow-estimator's modules: the REMOVED stand-ins, and TF as KERAS_2, SAVER and SEEDS say."""

    def __init__(self, missing):
        self._missing = missing  # module name -> its stand-in
        self._tensorflow = None

    def __call__(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name in self._missing:  # from tensorflow.python.tpu.tpu_embedding import X
            return self._missing[name]
        module = _real_import(name, globals, locals, fromlist, level)
        if level == 0 and name == "tensorflow" and not fromlist:
            if self._tensorflow is None:
                self._tensorflow = _tensorflow_seen_by_estimator()
            return self._tensorflow
        for item in fromlist or ():
            stand_in = self._missing.get(name + "." + item) if level == 0 else None
            if stand_in is not None:  # from tensorflow.python.distribute import estimator_training
                module = ModuleWithMoved(module, item, stand_in)
        return module


def _mend(module):
    """Applies the MOVED rows of `module` (just executed) that the installed TF needs, and its HINTED rows."""
    for module_name, global_name, attribute, stand_in, _reason in MOVED:
        if module_name == module.__name__:
            reference = getattr(module, global_name)
            if not tf_internals.has(reference, attribute):
                setattr(module, global_name, ModuleWithMoved(reference, attribute, stand_in()))
    for module_name, class_name, method, wrap, _reason in HINTED:
        if module_name == module.__name__:
            owner = getattr(module, class_name)
            setattr(owner, method, wrap(getattr(owner, method)))


class _EstimatorModuleLoader(importlib.abc.Loader):
    """A tensorflow-estimator module's own loader, run with `_Imports` as the module's `__import__`, then
    the module's MOVED rows."""

    def __init__(self, loader, builtins):
        self._loader = loader
        self._builtins = builtins

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        module.__builtins__ = self._builtins  # the module's code reads its builtins from its globals
        self._loader.exec_module(module)
        _mend(module)


class _EstimatorFinder(importlib.abc.MetaPathFinder):
    """Finds tensorflow-estimator's modules as usual and gives them `_EstimatorModuleLoader`. It claims no
    other module; it is in sys.meta_path from the first use of tf.estimator on a TF without one, so that
    tensorflow-estimator's modules imported later (canned.rnn, ...) load the same way."""

    def __init__(self, builtins):
        self._builtins = builtins

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "tensorflow_estimator" and not fullname.startswith("tensorflow_estimator."):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            spec.loader = _EstimatorModuleLoader(spec.loader, self._builtins)
        return spec


_api = None


def load():
    """tensorflow-estimator's TF1 API module (what TF 2.15 served as tf.compat.v1.estimator), with the
    rows above applied where the installed TF needs them. Only for a TF without tf.estimator: on TF <= 2.15
    TF itself imports tensorflow-estimator (its own version of it), and that is what scopecompat serves."""
    global _api
    if _api is None:
        # An `import tensorflow_estimator` tried before, which fails on this TF, leaves the modules it had run
        # (without the stand-ins) in sys.modules: they are run again, here, the way this loader runs them.
        # (A None entry is the import system's "not there", e.g. set on purpose, and is kept.)
        for name in [name for name, module in sys.modules.items()
                     if name.split(".")[0] == "tensorflow_estimator" and module is not None]:
            del sys.modules[name]
        missing = {name: build() for name, build, _reason in REMOVED if not _module_exists(name)}
        namespace = dict(builtins.__dict__, __import__=_Imports(missing))
        sys.meta_path.insert(0, _EstimatorFinder(namespace))
        _api = _import_estimator()
    return _api


def tf_has_estimator():
    return getattr(tf, "estimator", None) is not None


def prepare():
    """Makes `import tensorflow_estimator...` work on the installed TF (the launcher's
    `from tensorflow.python.estimator import ...`)."""
    if not tf_has_estimator():
        load()


def tf_estimator():
    """What tf.estimator and tf.compat.v1.estimator are: TF's own where TF has it, else tensorflow-estimator's."""
    return tf.estimator if tf_has_estimator() else load()


def _tf_version():
    import tensorflow

    return tensorflow.__version__


def _import_estimator():
    try:
        with bootstrap.quiet_native_start_up():
            return importlib.import_module("tensorflow_estimator.python.estimator.api._v1.estimator")
    except ModuleNotFoundError as error:
        if error.name is None or not error.name.startswith("tensorflow_estimator"):
            raise
        raise ModuleNotFoundError(
            "TensorFlow %s has no tf.estimator (TF 2.16 removed it); scopecompat serves it from the "
            "tensorflow-estimator package (TF 1.x's Estimator code), which is not installed. Install it with: "
            "pip install '%s'" % (_tf_version(), REQUIREMENT),
            name="tensorflow_estimator",
        ) from error
