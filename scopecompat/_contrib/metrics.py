"""tf.contrib.metrics: TF 1.15's own streaming metrics, served from the tf-slim package.

TF 1.15's contrib/metrics (metric_ops.py, classification.py, histogram_ops.py) is what tf-slim's
`tf_slim.metrics` package carries: each streaming_* function is TF 1.15's code, so its local variables
(`<scope>/total:0`, `<scope>/count:0`, ...), update ops and the tf.metrics function it delegates to are
TF 1.15's. The conformance family cases/contrib_metrics.json compares them with TF 1.15.5. The legacy
table's "contrib.metrics.*" rows point here; the set_* functions TF 1.15 re-exported are renames of tf.sets.

Imported on first use of one of these names, never at `import scopecompat`.
"""

from scopecompat._contrib import tf_slim

__getattr__ = tf_slim.served_from_tf_slim(__name__, ("tf_slim.metrics", "tf_slim.metrics.metric_ops"))
