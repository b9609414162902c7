"""scopecompat: TensorFlow 1.x code on TensorFlow 2.x. `import scopecompat as tf` and run it.

Importing this package:
1. imports TensorFlow quietly and checks its version (scopecompat._facade.bootstrap);
2. switches the process to TF1 behaviour once, as tf.compat.v1.disable_v2_behavior() does;
3. makes this module tf.compat.v1: every public name by identity (scopecompat._facade.namespaces), plus the
   Keras-3 replacements (scopecompat._facade.overrides) and the old TF1 names (scopecompat._legacy.names),
   both resolved on first use.
"""

from scopecompat._facade import bootstrap as _bootstrap

_tf_v1 = _bootstrap.set_up()

from scopecompat._facade import namespaces as _namespaces  # noqa: E402  (needs TensorFlow set up first)
from scopecompat._legacy.names import LegacyNameWarning  # noqa: E402,F401  (public: scopecompat.LegacyNameWarning)
from scopecompat._diagnostics.inventory import inventory  # noqa: E402,F401  (public: scopecompat.inventory)

# scopecompat's own public API, beside the tf.compat.v1 names (tests/facade/test_namespaces.py checks the sum).
_OWN_API = ("LegacyNameWarning", "inventory", "load_ipython_extension", "unload_ipython_extension")


def load_ipython_extension(ipython: "IPython.InteractiveShell") -> None:  # noqa: F821  (IPython: imported only there)
    """`%load_ext scopecompat`: short hints for re-run cells, `%scopecompat_reset` (see scopecompat._diagnostics.jupyter)."""
    from scopecompat._diagnostics import jupyter  # imports IPython, so only here

    jupyter.load(ipython)


def unload_ipython_extension(ipython: "IPython.InteractiveShell") -> None:  # noqa: F821
    from scopecompat._diagnostics import jupyter

    jupyter.unload(ipython)


globals().update(_namespaces.identity_copies(""))
# TF1 code reads tf.__version__ as TensorFlow's version; scopecompat's own is `scopecompat --version`.
__version__ = _tf_v1.__version__
# `from scopecompat import *` gives what `from tensorflow.compat.v1 import *` gives.
__all__ = _namespaces.public_names(_tf_v1)

_namespaces.install_hooks(__import__("sys").modules[__name__], "")
_namespaces.install_finder()
