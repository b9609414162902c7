"""tf.contrib.util's two graph functions that TF 2.x keeps without a public name: TF's own, from
tensorflow/python/framework/meta_graph.py, where TF 1.15's tf.contrib.util found them too.

(contrib.util's constant_value, make_ndarray and make_tensor_proto are renames in the legacy table.)
Imported on first use of one of these names, never at `import scopecompat`.
"""

import importlib

FROM_META_GRAPH = ("ops_used_by_graph_def", "stripped_op_list_for_graph")


def __getattr__(name):
    if name in FROM_META_GRAPH:
        return getattr(importlib.import_module("tensorflow.python.framework.meta_graph"), name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
