"""tf.contrib.tpu's Estimator pieces: TPUEstimator and its configs, TF's own tpu_estimator code.

TF 1.15's tf.contrib.tpu.TPUEstimator, TPUEstimatorSpec, RunConfig, TPUConfig and InputPipelineConfig were
the objects of tf.estimator.tpu (tensorflow_estimator/python/estimator/tpu/), and export_estimator_savedmodel
a function of the same tpu_estimator module. That code lives on in tensorflow-estimator: TF <= 2.15 serves it
as tf.compat.v1.estimator.tpu, and from TF 2.16 scopecompat loads the package through
scopecompat/_estimator/loader.py (its stand-ins refuse only TPU embedding and session support, which need a
TPU). With use_tpu=False, TPUEstimator calls the model_fn on CPU (or GPU) and trains, evaluates, predicts
and exports there, as TF 1.15 did; with use_tpu=True and no TPU it raises TF 1.15's RuntimeError ("Cannot
find any TPU cores in the system. ...") before anything is written to model_dir.

tf.contrib.tpu's other names are renames of tf.tpu (the legacy table's "contrib.tpu.*" rows). Imported on
first use of one of these names, never at `import scopecompat`.
"""

import importlib

from scopecompat._estimator import loader

# The names of tf.estimator.tpu that TF 1.15's tf.contrib.tpu re-exported (the same objects).
FROM_ESTIMATOR_TPU = ("TPUEstimator", "TPUEstimatorSpec", "RunConfig", "TPUConfig", "InputPipelineConfig")
# tpu_estimator's module-level function that tf.contrib.tpu exported and tf.estimator.tpu does not.
FROM_TPU_ESTIMATOR_MODULE = ("export_estimator_savedmodel",)
_TPU_ESTIMATOR_MODULE = "tensorflow_estimator.python.estimator.tpu.tpu_estimator"


def __getattr__(name):
    if name in FROM_ESTIMATOR_TPU:
        return getattr(loader.tf_estimator().tpu, name)
    if name in FROM_TPU_ESTIMATOR_MODULE:
        loader.prepare()  # on TF >= 2.16, tensorflow-estimator's modules load through the loader
        return getattr(importlib.import_module(_TPU_ESTIMATOR_MODULE), name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
