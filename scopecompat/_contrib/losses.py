"""tf.contrib.losses: TF 1.15's own loss functions, served from the tf-slim package.

TF 1.15's contrib/losses (loss_ops.py and the metric_learning module) is what tf-slim's `tf_slim.losses`
carries. Served as TF 1.15's own code because its argument order is not tf.losses': contrib's
`mean_squared_error(predictions, labels)` against tf.losses' `(labels, predictions)`, and contrib's
`softmax_cross_entropy(logits, onehot_labels)` against `(onehot_labels, logits)`; pointing the old names at
tf.losses would compute silently with the two swapped. The conformance family cases/contrib_losses.json
compares them with TF 1.15.5.

Imported on first use of one of these names, never at `import scopecompat`.
"""

from scopecompat._contrib import tf_slim

__getattr__ = tf_slim.served_from_tf_slim(__name__, ("tf_slim.losses",))
