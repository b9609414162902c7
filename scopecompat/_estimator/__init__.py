"""tf.estimator: TF 1.x's Estimator, served as TensorFlow's own where TF has it (TF <= 2.15) and, where TF
removed it (TF >= 2.16), as the tensorflow-estimator package itself through `loader.py`, which lists each
TF internal that package reaches and TF moved or removed, with the reason.

Imported on first use of tf.estimator (or `import tensorflow.estimator` under the launcher), never at
`import scopecompat`.
"""


def __getattr__(name):
    # The legacy table's "estimator" row points here (scopecompat._estimator:estimator).
    if name == "estimator":
        from scopecompat._estimator import loader

        return loader.tf_estimator()
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
