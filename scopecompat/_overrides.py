"""Every name where scopecompat is NOT `tf.compat.v1`'s own object, and why.

Re-export by identity is the rule (`scopecompat.X is tf.compat.v1.X`). A name is replaced only where
legacy behaviour needs it, and then it is listed here with its reason; tests/test_names.py checks that
every other name is identical and that every replacement listed here is in force.

An override applies only while `applies()` is true (e.g. only under Keras 3); otherwise the name is
the identical tf.compat.v1 object like every other.
"""

import collections

from scopecompat import _keras_legacy

Override = collections.namedtuple("Override", "path reason applies load")


def _tf_keras_module(path):
    return lambda: _keras_legacy.import_tf_keras_module(_keras_legacy.TF_KERAS_MODULES[path])


_KERAS_3_REASON = (
    "TF >= 2.16 routes tf.compat.v1.%s to Keras 3, which raises 'not available with Keras 3'; "
    "scopecompat routes it to tf_keras (as TF_USE_LEGACY_KERAS=1 would, but for scopecompat only)."
)

OVERRIDES = tuple(
    Override(path, _KERAS_3_REASON % path, _keras_legacy.tf_uses_keras_3, _tf_keras_module(path))
    for path in _keras_legacy.TF_KERAS_MODULES
)

BY_PATH = {override.path: override for override in OVERRIDES}
