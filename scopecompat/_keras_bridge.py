"""The bridge to tf_keras: TF1's Keras-backed modules, back under Keras 3.

`tf.compat.v1.layers`, `tf.compat.v1.nn.rnn_cell` and `tf.compat.v1.keras` are lazy loaders that
route to whichever Keras the process has. From TF 2.16 that is Keras 3, which raises "`dense` is not
available with Keras 3". TF routes them to tf_keras only under TF_USE_LEGACY_KERAS=1, which flips
`tf.keras` for the whole process. scopecompat does the same routing for its own namespace only:
`tensorflow.keras` stays what it was.

tf_keras is imported on first use, never at `import scopecompat`.
"""

import importlib
import os
import sys
from importlib import metadata

from scopecompat._facade import bootstrap

# The Keras-backed lazy loaders of tf.compat.v1 (TF 2.13-2.21), by their path in the namespace,
# mapped to the tf_keras v1 module TF itself would load under TF_USE_LEGACY_KERAS=1.
# tests/test_keras_bridge.py checks that this is every KerasLazyLoader in tf.compat.v1.
TF_KERAS_MODULES = {
    "layers": "tf_keras.api._v1.keras.__internal__.legacy.layers",
    "nn.rnn_cell": "tf_keras.api._v1.keras.__internal__.legacy.rnn_cell",
    "keras": "tf_keras.api._v1.keras",
}


def keras_major_version():
    """The major version of the `keras` package TensorFlow's lazy loaders would use."""
    keras = sys.modules.get("keras")
    if keras is not None and hasattr(keras, "__version__"):
        return bootstrap.parse_version(keras.__version__)[0]
    try:
        return bootstrap.parse_version(metadata.version("keras"))[0]
    except metadata.PackageNotFoundError:
        return 2


def tf_uses_keras_3():
    """True when tf.compat.v1's Keras-backed modules raise "not available with Keras 3".

    Keras 3 is TensorFlow's default Keras from TF 2.16. TF_USE_LEGACY_KERAS=1 makes TF route them to
    tf_keras itself, and then they work as they are.
    """
    if os.environ.get("TF_USE_LEGACY_KERAS") in ("true", "True", "1"):
        return False
    return keras_major_version() >= 3


def pip_command(tf_version):
    major, minor = bootstrap.parse_version(tf_version)
    return "pip install 'tf-keras==%d.%d.*'" % (major, minor)


def import_tf_keras_module(module_name):
    """Import a tf_keras module (quietly), checking that tf_keras matches the installed TensorFlow."""
    import tensorflow

    try:
        with bootstrap.quiet_native_start_up():
            tf_keras = importlib.import_module("tf_keras")
    except ImportError as error:
        raise ImportError(
            "scopecompat needs the tf-keras package for TF1's tf.layers, tf.nn.rnn_cell and tf.keras "
            "on TensorFlow %s, whose Keras 3 dropped them. Install it with: %s"
            % (tensorflow.__version__, pip_command(tensorflow.__version__))
        ) from error
    if bootstrap.parse_version(tf_keras.__version__) != bootstrap.parse_version(tensorflow.__version__):
        raise ImportError(
            "tf-keras %s does not match TensorFlow %s (tf-keras releases are built for one TensorFlow "
            "minor version). Install the matching one with: %s"
            % (tf_keras.__version__, tensorflow.__version__, pip_command(tensorflow.__version__))
        )
    return importlib.import_module(module_name)
