"""tf.contrib.keras.optimizers: TF 1.15's was not tf.keras.optimizers, and is served as TF 1.15 had it.

TF 1.15's tf.contrib.keras held tf.keras's own modules (its layers, models, backend, ... are the same objects:
renames of scopecompat's tf.keras, tf_keras's TF1 API, in the legacy table) but for its optimizers: these
were Keras's first optimizers (tensorflow/python/keras/optimizers.py: SGD, Adam, ... with their variables
SGD/iterations, SGD/lr and moments training/Variable), where tf.keras.optimizers gave the OptimizerV2
classes (training/SGD/iter). tf-keras still carries those first optimizers, as
tf_keras/src/optimizers/optimizer_v1.py; `optimizers` below is tf.keras.optimizers with them in place
(get, serialize and deserialize are tf.keras's, as in TF 1.15).

Imported on first use of tf.contrib.keras.optimizers, never at `import scopecompat`.
"""

import importlib
import types

from scopecompat import _keras_bridge

# The names TF 1.15's contrib.keras.optimizers took from Keras's first optimizers.
FROM_OPTIMIZER_V1 = ("Adadelta", "Adagrad", "Adam", "Adamax", "Nadam", "Optimizer", "RMSprop", "SGD")
# Where the Keras that tf.compat.v1.keras is keeps them: tf-keras under Keras 3 (TF >= 2.16), else keras 2.
_OPTIMIZER_V1_MODULES = ("tf_keras.src.optimizers.optimizer_v1", "keras.src.optimizers.optimizer_v1",
                         "keras.optimizers.optimizer_v1")

_optimizers = None


def _optimizer_v1():
    if _keras_bridge.tf_uses_keras_3():
        return _keras_bridge.import_tf_keras_module(_OPTIMIZER_V1_MODULES[0])
    for name in _OPTIMIZER_V1_MODULES[1:]:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ImportError("Keras's first optimizers (optimizer_v1) were not found in the installed Keras")


def __getattr__(name):
    global _optimizers
    if name != "optimizers":
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    if _optimizers is None:
        import scopecompat

        keras_optimizers = scopecompat.keras.optimizers
        module = types.ModuleType("scopecompat.contrib.keras.optimizers", __doc__)
        module.__dict__.update((key, value) for key, value in vars(keras_optimizers).items()
                               if not key.startswith("__"))
        version_1 = _optimizer_v1()
        module.__dict__.update((class_name, getattr(version_1, class_name)) for class_name in FROM_OPTIMIZER_V1)
        _optimizers = module
    return _optimizers
