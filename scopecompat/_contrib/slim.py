"""tf.contrib.slim: the tf-slim package itself, which is TF 1.x's contrib.slim extracted by its authors.

`tf.contrib.slim` is tf-slim's package object, so every name in it (arg_scope, conv2d, learning, losses,
metrics, evaluation, data, tfexample_decoder, ...) is tf-slim's own by identity, with the references
TF moved mended by scopecompat/_contrib/tf_slim.py. The legacy table's "contrib.slim" row points here.

Imported on first use of tf.contrib.slim, never at `import scopecompat`.
"""

import importlib

from scopecompat._contrib import tf_slim


def __getattr__(name):
    if name == "slim":
        package = tf_slim.load()
        # TF 1.x code reaches the model zoo as `tf.contrib.slim.nets` (`import tensorflow.contrib.slim.nets`,
        # `slim.nets.resnet_v1`); tf-slim's __init__ does not import its `nets` subpackage, and an import
        # of a submodule is what makes it an attribute of its package.
        importlib.import_module("tf_slim.nets")
        return package
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
