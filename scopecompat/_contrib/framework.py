"""tf.contrib.framework: the arg_scope and model-variable helpers, served from the tf-slim package.

TF 1.15's tf.contrib.framework re-exported two kinds of names: contrib's own code (arg_scope and its
helpers, model_variable, get_variables_to_restore, assign_from_checkpoint_fn, ...), which tf-slim carries
unchanged and which TF 1.15's tf.contrib.slim served as the very same objects; and TF core functions
(sort, is_tensor, ...), which the legacy table renames to their tf.compat.v1 objects. The legacy table's
"contrib.framework.*" rows of kind "rebuilt" point here; this module hands out tf-slim's object.

Imported on first use of one of these names, never at `import scopecompat`.
"""

from scopecompat._contrib import tf_slim


__getattr__ = tf_slim.served_from_tf_slim(__name__)
