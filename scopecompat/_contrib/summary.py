"""tf.contrib.summary: TF 1.15's was TF's own summary_ops_v2 module in graph mode, and TF 2.x still has it.

TF 1.15's contrib/summary/summary.py only re-exported tensorflow/python/ops/summary_ops_v2.py. TF 2.x keeps
that module, and in it the functions tf.contrib.summary exported, with their TF 1.x signatures and
behaviour: scalar/histogram/image/audio/generic(name, tensor, family=None, step=None) with the global step
as default step, writers from create_file_writer(logdir, max_queue, flush_millis, filename_suffix) whose
init ops summary_writer_initializer_op() collects, record_summaries_every_n_global_steps /
always_record_summaries / never_record_summaries, and every write added to the collection all_summary_ops()
returns (the events TensorBoard reads). tf.compat.v2.summary is not the same API (its scalar takes `data`
and needs a step set, its writers are TF 2 resources), so tf.contrib.summary is served from summary_ops_v2.

Three functions kept their code under another name in TF 2.x (`RENAMED_IN_SUMMARY_OPS_V2`). The legacy
table's "contrib.summary.*" rows point here; conformance family cases/contrib_summary.json compares with
TF 1.15.5. Imported on first use of one of these names, never at `import scopecompat`.
"""

import importlib

# tf.contrib.summary's name -> its function's name in TF 2.x's summary_ops_v2 (the same code, renamed when
# TF 2.0 gave tf.summary the new API: TF 1.15's contrib imported them under these names too).
RENAMED_IN_SUMMARY_OPS_V2 = {
    "all_summary_ops": "all_v2_summary_ops",
    "should_record_summaries": "_legacy_contrib_should_record_summaries",
    "graph": "graph_v1",
}
# The rest keep TF 1.15's names there.
SAME_NAME = (
    "SummaryWriter", "always_record_summaries", "audio", "create_file_writer", "create_summary_file_writer",
    "eval_dir", "flush", "generic", "histogram", "image", "import_event", "initialize", "never_record_summaries",
    "record_summaries_every_n_global_steps", "scalar", "summary_writer_initializer_op",
)


def __getattr__(name):
    if name in RENAMED_IN_SUMMARY_OPS_V2 or name in SAME_NAME:
        module = importlib.import_module("tensorflow.python.ops.summary_ops_v2")
        return getattr(module, RENAMED_IN_SUMMARY_OPS_V2.get(name, name))
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
