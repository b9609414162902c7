"""Every known difference in the conformance matrix, with the reason for it.

A row says which cases differ, where, in which parts of the observation, and why:
- where: one place or a list of them; "tf-<version>": that TF 1.x golden against the reference golden (TF 1.15.5);
         "raw" / "scopecompat": a live backend on the TF 2.x versions in `tf` ("" = all supported);
         "tutorial": what the tutorial printed against the reference golden; `matches` names the
         oracle whose golden the printed text does match, and the tests check that it does.
- parts: "variables", "error", "observed", "values", "observed:<expr>", "printed:<key>", or "*".
- kind: DIFFERS (the default: the place runs the case and does something else) or UNSUPPORTED (the place lacks
        the API the case uses: raw tf.compat.v1 without tf.contrib, say). The matrix counts the two apart, so
        that raw's missing APIs do not read as differences, nor as passes.
A row that no longer deviates fails tests/conformance/test_conformance.py, so this file only lists live
differences. Cases are picked by id, or by what their code uses (`cases_using`), so a new case that
uses tf.contrib on raw TF 2.x is covered by the rule that explains it.
"""

import re
from collections import namedtuple

from scopecompat._conformance import observe


DIFFERS = "differs"
UNSUPPORTED = "unsupported"


class Deviation(namedtuple("Deviation", "cases where parts reason tf matches kind")):
    def __new__(cls, cases, where, parts, reason, tf="", matches="", kind=DIFFERS):
        where = (where,) if isinstance(where, str) else tuple(where)
        return super(Deviation, cls).__new__(cls, tuple(cases), where, tuple(parts), reason, tf, matches, kind)


def cases_using(pattern):
    """The ids of the cases whose code matches the regular expression `pattern`."""
    return [case["id"] for case in observe.load_cases() if re.search(pattern, "\n".join(case["code"]))]


# Errors whose hint TF reworded: "reuse=True in VarScope?" (0.12, 1.0) became "reuse=True or
# reuse=tf.AUTO_REUSE in VarScope?" when TF 1.4 added AUTO_REUSE; "reuse=None" became "reuse=tf.AUTO_REUSE".
_REUSE_HINT_ERRORS = [
    "001-reuse-cannot-see-tf-variable", "002-code3-get-variable-same-name-raises", "003-reuse-true-only-reuses",
    "guide-conv-relu-called-twice-raises", "guide-image-filter-twice-raises", "reuse-false-existing-variable-raises",
    "reuse-true-missing-variable-raises", "reuse-variables-then-new-name-raises", "reuse-towers-get-var",
]

_REUSE_HINT_REWORDED = "The error's hint was reworded in TF 1.4, which added tf.AUTO_REUSE."

# TF 1.0 and 1.1 named RNN cell variables weights/biases; TF 1.2 made cells layers, named kernel/bias.
_CELL_WEIGHTS_NAMES_1_0 = [
    "000-rnn-train-and-test-share-weights", "rnn-contrib-rnn-lstm-names", "rnn-dynamic-rnn-shared-by-reuse-true",
    "rnn-dynamic-rnn-named-scope", "rnn-contrib-static-rnn-names", "rnn-cell-stepped-by-hand-with-reuse-variables",
    "saver-lstm-and-dense-keys",
]

# Cases of cases/op_counts.json that differ from TF 1.15.5 only through TF's own code they call (rows below).
_OP_COUNT_PARTS = ["observed:block['count']", "observed:block['names']",
                   "observed:[t.replace('AddV2', 'Add') for t in block['types']]",
                   "values:tf.round(10000 * after)"]
_OP_COUNTS_GRADIENT_NAMES = ["op-counts-" + name for name in (
    "adamw-minimize", "momentumw-minimize", "lazy-adam-minimize", "moving-average-optimizer-minimize",
    "extend-with-decoupled-weight-decay")]
_OP_COUNTS_TF_CELLS = ["op-counts-" + name for name in (
    "attention-wrapper-step", "attention-wrapper-luong-step", "basic-decoder-dynamic-decode", "greedy-dynamic-decode",
    "crf-log-likelihood", "crf-log-likelihood-given-transitions", "crf-log-norm", "crf-multitag-sequence-score",
    "crf-decode", "lstm-block-cell-dynamic-rnn", "layer-norm-basic-lstm-cell-dynamic-rnn", "attention-cell-wrapper",
    "highway-wrapper", "stack-bidirectional-dynamic-rnn", "stack-bidirectional-rnn", "embedding-wrapper",
    "input-projection-wrapper", "output-projection-wrapper", "legacy-basic-rnn-seq2seq", "legacy-tied-rnn-seq2seq",
    "legacy-embedding-rnn-seq2seq", "legacy-embedding-rnn-seq2seq-feed-previous", "legacy-embedding-tied-rnn-seq2seq",
    "legacy-embedding-attention-seq2seq", "legacy-attention-decoder", "legacy-one2many-rnn-seq2seq",
    "legacy-model-with-buckets", "attention-decoder-dynamic-decode")]
# Cases of cases/contrib_rnn_extra.json whose blocks run TF's own cells (the row below).
_CONTRIB_RNN_OVER_TF_CELLS = ["contrib-rnn-" + name for name in (
    "fused-rnn-cell-adaptor", "time-reversed-fused-rnn", "compiled-wrapper")]
_CONTRIB_RNN_OVER_TF_CELLS_PARTS = ["observed:" + expression for expression in (
    "[static_ops['count'], dynamic_ops['count'], basic_ops['count'], listed_ops['count']]", "static_ops['names']",
    "listed_ops['names']", "[bw_ops['count'], rev_ops['count'], block_ops['count'], doubler_ops['count']]",
    "[step1['count'], step2['count']]", "[step1['names'], step2['names']]", "[attrs1, attrs2]")]

_SUMMARY_OP_NAMES = ["observed:[op.name for op in tf.get_default_graph().get_operations()]",
                     "observed:[op.name for op in tf.contrib.summary.all_summary_ops()]"]
_SUMMARY_HELPER_OPS = (
    "tf.contrib.summary is TF's own summary_ops_v2, whose TF 2.x code builds a few other helper ops: a Const for an "
    "explicit step=, and a constant False instead of a LogicalAnd under never_record_summaries. The summary ops, "
    "their conditions and the events written are TF 1.15's; a graph-seeded program that builds summaries before its "
    "random ops gets other op seeds.")

DEVIATIONS = [
    # --- history: older TF 1.x against TF 1.15.5 ----------------------------------------------------
    Deviation(_REUSE_HINT_ERRORS, ["tf-0.12.1", "tf-1.0.0"], ["error"], _REUSE_HINT_REWORDED),
    # (TF 0.12 had no tf.layers, and made optimizer slots under reuse without an error: below)
    Deviation(["layers-dense-same-name-without-reuse-raises", "optimizer-slots-under-reuse-raise"], "tf-1.0.0",
              ["error"], _REUSE_HINT_REWORDED),
    Deviation(["get-variable-without-shape-raises"], ["tf-0.12.1", "tf-1.0.0", "tf-1.4.1"], ["error"],
              "TF 1.15 replaced 'Shape of a new variable (v) must be fully defined' by a message about the initializer."),
    Deviation(["002-variable-name-optional"], "tf-0.12.1", ["error"],
              "Python 2.7 words a missing-argument TypeError differently from Python 3."),
    Deviation(["rnn-nn-rnn-cell-lstm-names", "004-train-and-test-rnn-share-under-reuse-variables"], "tf-0.12.1",
              ["variables", "observed"],
              "TF 0.12 named LSTM weights RNN/BasicLSTMCell/Linear/Matrix and Bias (checkpoint_convert's old names)."),
    Deviation(_CELL_WEIGHTS_NAMES_1_0, "tf-1.0.0", ["variables", "observed"],
              "TF 1.0 named RNN cell variables weights and biases; TF 1.2 renamed them kernel and bias."),
    Deviation(["004-lstm-cell-rerun-raises-already-exists"], "tf-1.0.0", ["variables", "error"],
              "TF 1.0 named RNN cell variables weights and biases (and the error names weights); TF 1.2 renamed them "
              "kernel and bias."),
    Deviation(["rnn-cell-object-used-in-two-scopes"], "tf-1.0.0", ["variables", "observed"],
              "A TF 1.0 cell created variables in each scope it ran in; from TF 1.2 a cell is a layer that owns "
              "its variables, so a second dynamic_rnn reuses them."),
    Deviation(["reuse-cannot-be-switched-off-inside-reusing-scope"], ["tf-0.12.1", "tf-1.0.0"], ["observed"],
              "Before TF 1.4, variable_scope(captured_reusing_scope, reuse=False) did switch reuse off."),
    Deviation(["optimizer-slots-under-reuse-raise"], "tf-0.12.1", ["variables", "error"],
              "TF 0.12 created optimizer slots even inside a reusing scope; TF 1.0 made it the 'does not exist' error."),
    Deviation(["variable-scope-default-name-numbering-survives-jump"], "tf-0.12.1", ["variables", "error", "observed"],
              "In TF 0.12 jumping back into a captured scope restarted default_name numbering, so the third "
              "'layer' clashed with the first ('already exists')."),
    Deviation(["variable-scope-nesting-error"], "tf-1.4.1", ["error"],
              "TF 1.4 did not check that variable scopes exit in order; the RuntimeError came later in 1.x."),
    Deviation(["layers-dense-default-names", "layers-dense-reuse-by-name"], ["tf-1.0.0", "tf-1.4.1"], ["observed"],
              "TF 1.0-1.4 tf.layers opened the layer's op name scope twice, so the second layer's ops were "
              "dense_2/ (fc_2/) while its variables were dense_1/ (fc/)."),
    Deviation(["layers-batch-normalization-variables-and-update-ops"], "tf-1.0.0", ["variables", "observed"],
              "TF 1.0's batch_normalization created beta before gamma; later versions create gamma first."),
    Deviation(["get-variable-int32-zeros-initializer"], "tf-1.0.0", ["*"],
              "TF 1.0's tf.zeros_initializer could not be passed uninstantiated with a dtype, as the TF 1.x guide "
              "does; it works in 0.12 and from 1.4 on."),
    # TF 0.12 signatures that TF 1.0 changed (cases/legacy_signatures.json).
    Deviation(["legacy-softmax-xent-positional-raises", "legacy-sparse-softmax-xent-positional-raises",
               "legacy-sigmoid-xent-positional-raises"], "tf-0.12.1", ["error", "values"],
              "TF 0.12 took the cross entropies' arguments positionally as (logits, labels); TF 1.0 made them "
              "keyword-only."),
    Deviation(["legacy-weighted-xent-positional-is-labels-first"], "tf-0.12.1", ["values"],
              "TF 0.12's positional order was (logits, targets, pos_weight); TF 1.0's is (targets, logits, "
              "pos_weight), so the same call computes with the two swapped."),
    Deviation(["legacy-concat-dim-first-raises", "legacy-split-dim-first-raises"], "tf-0.12.1", ["error", "values"],
              "TF 0.12's tf.concat and tf.split took the axis first; TF 1.0 moved it after the values."),
    Deviation(["legacy-reverse-boolean-mask"], "tf-0.12.1", ["values"],
              "TF 0.12's tf.reverse took a boolean mask (reverse axis 0); TF 1.0's takes axis indices and reads "
              "[True, False] as the axes [1, 0]."),
    Deviation(["legacy-concat-dim-first-raises"], "tf-1.0.0", ["error"],
              "TF 1.0-1.4 failed converting the values list to the int32 axis; TF 1.15 checks the axis's rank first."),
    Deviation(["legacy-concat-dim-first-raises"], "tf-1.4.1", ["error"],
              "TF 1.0-1.4 failed converting the values list to the int32 axis; TF 1.15 checks the axis's rank first."),
    # tf.contrib.slim in TF 1.4 (cases/contrib_slim.json).
    Deviation(["slim-batch-norm-placeholder-is-training", "slim-norm-layers-variables-and-update-ops"], "tf-1.4.1",
              ["observed"],
              "TF 1.4's 4-D batch_norm put the moving-average update tensors (AssignMovingAvg:0) in UPDATE_OPS; "
              "TF 1.15's fused path puts the assign ops themselves."),
    Deviation(["slim-repeat-and-stack"], "tf-1.4.1", ["variables", "observed"],
              "slim.repeat without a scope names each call after the layer function: TF 1.4's slim.conv2d was "
              "the function convolution2d (Repeat/convolution2d_1), TF 1.15's is convolution (Repeat/convolution_1)."),
    # tf.contrib.rnn's block cells in TF 1.4 (cases/contrib_rnn.json); scopecompat follows TF 1.15.
    Deviation(["contrib-rnn-lstm-block-cell"], "tf-1.4.1", ["variables", "observed", "values:grads"],
              "TF 1.4's LSTMBlockCell created its peepholes in the order w_i_diag, w_o_diag, w_f_diag (TF 1.15: "
              "w_i, w_f, w_o), so the list of variables and of their gradients is in another order."),
    Deviation(["contrib-rnn-gru-block-cells"], "tf-1.4.1", ["variables", "observed"],
              "TF 1.4's GRUBlockCell and GRUBlockCellV2 scoped their variables by class name (rnn/GRUBlockCell/w_ru, "
              "rnn/GRUBlockCellV2/gates/kernel); TF 1.15's are layers named gru_cell, as GRUCell is."),

    # tf.contrib.seq2seq in TF 1.4 (cases/contrib_seq2seq.json).
    Deviation(["seq2seq-attention-batch-mismatch", "seq2seq-attention-initial-state-batch-mismatch"], "tf-1.4.1",
              ["error"],
              "A batch size mismatch known at graph build: TF 1.4's assert_equal raised it as ValueError, TF 1.15's "
              "as InvalidArgumentError; the message (naming tile_batch) is the same."),
    Deviation(["seq2seq-bahdanau-attention-wrapper"], "tf-1.4.1", ["observed:state._fields"],
              "TF 1.4's AttentionWrapperState had no attention_state field; later 1.x added it (the mechanisms' own "
              "state, e.g. for monotonic attention)."),
    Deviation(["seq2seq-sequence-loss-averages"], "tf-1.4.1",
              ["observed:[t.get_shape().as_list() for t in (default, per_example, per_step, full)]"],
              "TF 1.4's sequence_loss reshaped the unreduced loss to a dynamic shape ([None, None]); TF 1.15 keeps "
              "the static [batch, time]."),
    Deviation(["seq2seq-luong-monotonic-attention-hard"], "tf-1.4.1", ["values"],
              "TF 1.4's monotonic attention took sigmoid(score) as the choosing probability in mode='hard' too; "
              "TF 1.15 makes hard 0/1 choices (score > 0), so its alignments and outputs differ."),

    # tf.contrib.metrics and contrib.layers.embed_sequence in TF 1.4 (cases/contrib_metrics.json, contrib_layers_rest.json).
    Deviation(["contrib-metrics-streaming-classification", "contrib-metrics-streaming-regression",
               "contrib-metrics-streaming-at-k-and-counts"], "tf-1.4.1",
              ["observed:[v.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)]",
               "observed:[c.name for c in tf.get_collection('metric_variables')][:3]"],
              "TF 1.4 had no GraphKeys.METRIC_VARIABLES collection: TF 1.5 added it, and the metrics' local "
              "variables joined it."),
    Deviation(["contrib-metrics-streaming-classification", "contrib-metrics-streaming-regression"], "tf-1.4.1",
              ["observed:[t.name for t in values]", "observed:[t.name for t in updates]"],
              "Op names inside two metrics changed after TF 1.4: mean_iou's value (mean_iou/mean_iou, later "
              "mean_iou/Select_1, guarding against empty classes) and mean_tensor's second value op "
              "(value_1, later value); the variables and values are the same."),
    Deviation(["contrib-layers-layer-norm-embed-sequence"], "tf-1.4.1", ["observed:[t.op.name for t in (a, b, e, f)]"],
              "TF 1.15's tf.nn.embedding_lookup ends in an Identity op (emb/embedding_lookup/Identity); TF 1.4's "
              "output was the gather itself (emb/embedding_lookup)."),
    Deviation(["contrib-opt-moving-average"], "tf-1.4.1",
              ["observed:sorted(opt.swapping_saver(var_list=[w], name='without_the_average')._var_list)"],
              "TF 1.4's swapping_saver saved a variable whose average was not in var_list unswapped; TF 1.15 "
              "raises, since the restore would not load the average."),
    # Programs seeded only by the graph (cases/graph_seeds.json): TF 0.12-1.15 derive each op seed from the op count.
    Deviation(["graph-seed-get-variable-initializers"], "tf-0.12.1", ["values"],
              "TF 0.12's get_variable defaulted to uniform_unit_scaling_initializer; TF 1.0 made it glorot_uniform "
              "(other values, and other ops, so the next random op's seed differs too)."),
    Deviation(["graph-seed-lstm-outputs", "graph-seed-dense-after-lstm"], "tf-1.4.1", ["values"],
              "TF 1.4's dynamic_rnn built fewer ops before the LSTM kernel's initializer (73, TF 1.15: 86), so the "
              "op seed derived from the op count, and the initial kernel, differ."),
    Deviation(["graph-seed-dataset-shuffle"], "tf-1.4.1", ["values"],
              "TF 1.4's ShuffleDataset made its seeds with other ops and drew another order; from the same graph "
              "seed TF 1.15 and scopecompat draw the same order."),

    # --- the installed TF 2.x --------------------------------------------------------------------------
    Deviation(["graph-seed-random-ops", "graph-seed-set-twice-in-one-graph", "graph-seed-get-variable-initializers",
               "graph-seed-dense-layers", "graph-seed-lstm-outputs", "graph-seed-dropout-mask",
               "graph-seed-random-shuffle-and-multinomial", "graph-seed-dataset-shuffle", "graph-seed-dense-after-lstm",
               "graph-seed-dense-after-conv2d", "graph-seed-split-then-static-rnn"], "raw", ["values"],
              "With only a graph seed, TF 2.x numbers the op seeds of a graph's random ops 0, 1, 2, ...; TF 1.x took "
              "the graph's op count, and TF 2.x builds random_uniform's default range and dropout with other ops. "
              "scopecompat's set_random_seed, random_uniform, nn.dropout and split keep TF 1.x's (overrides)."),
    Deviation([case["id"] for case in observe.load_cases() if case["family"] == "op_counts_tf"], "raw",
              ["observed", "values"],
              "With only a graph seed, TF 2.x numbers the op seeds of a graph's random ops 0, 1, 2, ..., so the draw "
              "after each block differs from TF 1.15's; the blocks' ops differ where the scopecompat rows below say, "
              "and random_uniform, dropout and random_gamma build other ops (scopecompat's overrides)."),
    Deviation(["graph-seed-dropout-mask"], "raw", ["observed:[t.op.name for t in (kept, scaled)]"],
              "TF 2.x's dropout ends in a where_v2 (dropout/SelectV2) where TF 1.x multiplied by the cast mask "
              "(dropout/mul_1); scopecompat's nn.dropout builds TF 1.x's ops (an override)."),
    Deviation(cases_using(r"tf\.contrib\."), "raw", ["*"],
              "tf.compat.v1 has no tf.contrib (removed in TF 2.0); scopecompat provides parts of it (the README's "
              "coverage table: tf.contrib.rnn, layers, slim, framework, metrics, losses, training, learn, opt, "
              "tpu, cluster_resolver, data, summary, util, signal, ...).",
              kind=UNSUPPORTED),
    Deviation(["contrib-summary-record-every-n-steps"], "scopecompat", _SUMMARY_OP_NAMES, _SUMMARY_HELPER_OPS),
    # TF 2.12's summary_ops_v2 built the graph-mode writer's ops as TF 1.15's did (measured on TF 2.12.1).
    Deviation(["contrib-summary-graph-mode-writer"], "scopecompat", _SUMMARY_OP_NAMES, _SUMMARY_HELPER_OPS,
              tf=">=2.13"),
    Deviation(["contrib-util-make-tensor-proto-bad-shape-raises"], "scopecompat", ["error"],
              "TF 2.x reworded make_tensor_proto's ValueError ('Takes at most 2, but got 3.' for TF 1.15's "
              "'Needed at most 2, but received 3'): tf.contrib.util.make_tensor_proto is TF's own function."),
    Deviation(["contrib-distribute-default-strategy-and-context"], "scopecompat",
              ["observed:isinstance(context, tf.contrib.distribute.ReplicaContext)"],
              "TF 2.x's default replica context (outside any strategy) is a ReplicaContext but not the TF1 API's "
              "ReplicaContextV1, which tf.compat.v1.distribute.ReplicaContext is; its methods and "
              "num_replicas_in_sync are the same."),
    Deviation(["contrib-data-batching-and-shuffling"], "scopecompat", ["observed:elements(shuffled)"],
              "shuffle_and_repeat builds TF 1.15's op (ShuffleAndRepeatDataset, the same seeds), but TF 2.x's "
              "kernel draws its reshuffling order from a seed generator of its own: the same elements come in "
              "another order (as Dataset.shuffle(seed=...).repeat() does on TF 2.x). No maintained kernel draws "
              "TF 1.15's order; the case checks the elements and counts, which agree."),
    Deviation(cases_using(r"tf\.nn\.rnn\("), "raw", ["*"],
              "tf.nn.rnn is TF 0.12's name of tf.nn.static_rnn; tf.compat.v1 lacks it, scopecompat maps it.",
              kind=UNSUPPORTED),
    Deviation(cases_using(r"tf\.layers\.|tf\.nn\.rnn_cell\."), "raw", ["*"],
              "Under Keras 3 (TF >= 2.16) tf.compat.v1.layers and tf.compat.v1.nn.rnn_cell raise 'not available "
              "with Keras 3'; scopecompat takes them from tf_keras.", tf=">=2.16", kind=UNSUPPORTED),
    Deviation(cases_using(r"tf\.(scalar|histogram|image|audio|merge)_summary\(|tf\.merge_all_summaries\(|"
                          r"tf\.batch_matmul\(|tf\.pack\("), "raw", ["*"],
              "tf.compat.v1 lacks TF 0.12's names, removed in TF 1.0; scopecompat provides them (docs/legacy-names.md).",
              kind=UNSUPPORTED),
    Deviation(["legacy-softmax-xent-positional-raises", "legacy-sigmoid-xent-positional-raises"], "raw",
              ["error", "values"],
              "TF 2.x's tf.compat.v1 dropped TF 1.x's keyword-only guard, so TF 0.12's positional (logits, labels) "
              "runs as (labels, logits): silently swapped. scopecompat raises TF 1.x's error (an override)."),
    Deviation(["legacy-xent-sentinel-none-positional-passes"], "raw", ["error", "observed", "values"],
              "TF 2.x's tf.compat.v1 dropped TF 1.x's `_sentinel` first parameter, so the None passed in its place "
              "is taken as labels (a TypeError beside labels=, or the wrong arguments); scopecompat accepts TF 1.x's "
              "call (an override)."),
    Deviation(["legacy-sparse-softmax-xent-positional-raises"], "raw", ["error"],
              "TF 2.x's tf.compat.v1 dropped TF 1.x's keyword-only guard; the swapped arguments then fail its rank "
              "check with another message. scopecompat raises TF 1.x's error (an override)."),
    Deviation(["legacy-reverse-boolean-mask"], "scopecompat", ["error", "values"],
              "scopecompat refuses a boolean axis: it can only be TF 0.12's mask (reverse axis 0), which TF 1.x read "
              "as the axes [1, 0], a silent wrong result for TF 0.12 code; the error names the indices to pass."),
    Deviation(["name-scope-invalid-name-raises", "variable-scope-invalid-name-raises"], "raw", ["error"],
              "TF 2.x words the invalid scope name error differently (it adds the allowed pattern)."),
    Deviation(["name-scope-invalid-name-raises", "variable-scope-invalid-name-raises"], "scopecompat", ["error"],
              "TF 2.x words the invalid scope name error differently (it adds the allowed pattern); the error is "
              "TF's own: scopecompat's name_scope is tf.compat.v1's, and its variable_scope is TF's but for __exit__, "
              "while TF's __enter__ raises this."),
    # TF 2.12 still has TF 1.15's message; TF 2.15 has the new one (2.13 and 2.14 are not in the tox matrix).
    Deviation(["get-variable-without-shape-raises"], "raw", ["error"],
              "TF 2.13+ words the error for a new variable without shape or initializer differently.", tf=">=2.13"),
    Deviation(["get-variable-without-shape-raises"], "scopecompat", ["error"],
              "TF 2.13+ words the error for a new variable without shape or initializer differently; scopecompat's "
              "get_variable keeps TF's message as the first line (its hints come after), so it has TF 2.x's "
              "wording too.", tf=">=2.13"),
    Deviation(["rnn-pre-1-0-tf-nn-rnn"], "scopecompat", ["variables", "observed"],
              "scopecompat maps TF 0.12's tf.nn.rnn to tf.nn.static_rnn with today's cells, which name their "
              "variables rnn/basic_lstm_cell/kernel and bias as TF 1.2+ does, not RNN/BasicLSTMCell/Linear/Matrix."),
    # TF's own blocks (cases/op_counts_tf.json): where TF 2.x builds other ops than TF 1.15. Block ops: count, op types
    # (AddV2 read as Add), names; "after" is a graph-seeded draw made after the block, whose op seed is the op count.
    Deviation(["op-counts-tf-" + block for block in (
        "dynamic-rnn-basic-lstm", "dynamic-rnn-lstm", "dynamic-rnn-gru", "dynamic-rnn-basic-rnn", "dynamic-rnn-multi-lstm",
        "bidirectional-dynamic-rnn-lstm", "static-rnn-basic-lstm")], "scopecompat", ["observed"],
              "TF 2.x's LSTM and GRU steps split without TF 1.15's constant of the number of pieces (one op per cell), "
              "and dynamic_rnn's TensorArray stack has no size op (one per output): LSTM and LSTMCell 145 ops for TF "
              "1.15's 143, GRU 146/148, BasicRNN 117/118, two LSTMs 204/207, bidirectional 290/294, static_rnn of an "
              "LSTM 99/103 (the cell's Const_N renumbered). The op seed counts the left-out ops (random_seeds.LEFT_OUT), "
              "so the kernels' and later draws are TF 1.15's; the block's own op names are TF 2.x's."),
    Deviation(["op-counts-tf-losses-" + loss for loss in (
        "softmax-cross-entropy", "sparse-softmax-cross-entropy", "sigmoid-cross-entropy", "mean-squared-error")],
              "scopecompat", ["observed"],
              "TF 2.x's tf.losses sums a scalar over range(rank) (Rank, range/start, range/delta, Range) where TF 1.15 "
              "made one constant, 3 ops more (e.g. softmax_cross_entropy 67, TF 1.15: 64), and names ones_like's shape "
              "Shape/shape_as_tensor. The op seed counts TF 1.15's ops there (random_seeds.LEFT_OUT): later draws are "
              "TF 1.15's."),
    Deviation(["op-counts-tf-image-random-flip-left-right"], "scopecompat", ["observed"],
              "TF 2.x scales random_flip_left_right's [0, 1.0) draw with one Mul where TF 1.15 made sub, mul, add (21 "
              "ops, TF 1.15: 23). The op seed counts TF 1.15's ops there (random_seeds.LEFT_OUT): later draws are TF "
              "1.15's."),
    Deviation(["op-counts-tf-clip-by-norm", "op-counts-tf-layers-flatten"], "scopecompat", ["observed:block['names']"],
              "The same ops, one named otherwise: TF 2.x's ones_like names its shape Shape/shape_as_tensor "
              "(clip_by_norm), tf_keras's flatten names its shape constant Const (TF 1.15: Reshape/shape). Later draws "
              "and names are TF 1.15's."),
    Deviation(["op-counts-tf-layers-dropout"], "scopecompat", ["observed", "values:tf.round(10000 * y)"],
              "tf_keras's Dropout layer calls TF 2.x's dropout (scale, then where_v2: 8 ops; TF 1.15: 16), whose "
              "uniform draw comes after other ops than TF 1.15's, so its mask differs. The op seed counts TF 1.15's "
              "ops after it (random_seeds.LEFT_OUT), so later draws (the next layer's kernel) are TF 1.15's. "
              "scopecompat's tf.nn.dropout builds TF 1.15's ops (op-counts-tf-nn-dropout); tf.layers.dropout is "
              "tf_keras's."),
    Deviation(["op-counts-tf-" + block for block in (
        "minimize-gradient-descent", "minimize-adam", "minimize-momentum", "minimize-rmsprop", "minimize-adagrad",
        "minimize-dense-mse", "gradients", "clip-by-global-norm", "image-per-image-standardization")],
              "scopecompat", ["observed", "values:tf.round(10000 * after)"],
              "TF 2.x's gradients build other ops where shapes are known (no BroadcastGradientArgs, its Shape constants "
              "instead: 2 fewer for x ** 2, 6 fewer for a dense layer and mean_squared_error), clip_by_global_norm "
              "guards a non-finite norm with sub and add (TF 1.15: IsFinite, a constant, Select; 1 fewer), and "
              "per_image_standardization ends without TF 1.15's Identity (1 fewer): the difference depends on each "
              "gradient function and shape, so the op seeds of random ops made after these are TF 2.x's count."),
    Deviation(["op-counts-tf-feature-column-input-layer-" + column for column in (
        "indicator", "embedding", "hash-embedding")], "scopecompat", ["observed"],
              "TF 2.x's feature columns build fewer ops: indicator_column's one_hot feeds its dtype probes as on and "
              "off values (TF 1.15 converted them again as on_value and off_value: 33 ops, TF 1.15: 35), "
              "embedding_column reduces the variable's rows without TF 1.15's Cast, Unique and gather (85, TF 1.15: "
              "90). The op seed counts TF 1.15's ops there (random_seeds.LEFT_OUT): the values and later draws are TF "
              "1.15's."),
    Deviation(["op-counts-tf-feature-column-input-layer-embedding", "op-counts-tf-feature-column-input-layer-hash-"
               "embedding"], "scopecompat", ["observed", "values:tf.round(10000 * after)"],
              "TF 2.12's embedding_lookup_sparse builds TF 1.15's Unique and gather but not its Cast of the segment "
              "ids (89 ops, TF 1.15: 90), which no LEFT_OUT row recognises: on TF 2.12 a draw after an embedding "
              "column is not TF 1.15's (TF 2.13+ build the form the LEFT_OUT row counts).", tf="<2.13"),
    Deviation(["op-counts-tf-feature-column-linear-model"], "scopecompat", ["observed", "values:tf.round(10000 * after)"],
              "TF 2.x's linear_model builds 8 ops fewer (55, TF 1.15: 63: its weighted sums, besides the indicator's "
              "one_hot), so a draw after it is not TF 1.15's; its values are."),
    Deviation(["op-counts-tf-layers-dense-rank-3"], "scopecompat", ["observed"],
              "TF 2.x's tensordot skips a transpose by the identity and a reshape to the shape an operand has: "
              "tf.layers.dense of a rank-3 input of known shape builds 15 ops, TF 1.15: 21 (names of the reshapes "
              "renumbered). The op seed counts the left-out ops (random_seeds.LEFT_OUT): its values and later draws "
              "are TF 1.15's."),
    Deviation(["op-counts-tf-gradients-embedding-lookup"], "scopecompat", ["observed"],
              "TF 2.x's gradient of a gather takes params' shape as int32 where TF 1.15 took int64 and cast it (25 ops, "
              "TF 1.15: 26; later names renumbered). The op seed counts the Cast (random_seeds.LEFT_OUT): the gradient "
              "and later draws are TF 1.15's."),
    Deviation(["op-counts-tf-data-initializable-iterator"], "scopecompat", ["observed"],
              "TF 1.15's make_initializable_iterator applied the dataset's default options in the graph (a Const, "
              "OptimizeDataset, ModelDataset: 7 ops); TF 2.x applies them in the runtime (4 ops). The op seed counts "
              "the left-out ops (random_seeds.LEFT_OUT), so a draw after it, e.g. an Estimator's initializers after "
              "its input_fn, is TF 1.15's."),
    Deviation(["op-counts-tf-sparse-placeholder"], "scopecompat", ["observed", "values"],
              "TF 2.x's sparse_placeholder with a shape makes the dense shape a PlaceholderWithDefault of it (4 ops, TF "
              "1.15: 3), so that it can be fed: TF 1.15's constant raised 'may not be fed' once a sparse op had read it. "
              "Not rebuilt, as that would bring the error back; later draws are TF 2.x's count."),
    Deviation(["op-counts-tf-image-decode-resize-jpeg"], "scopecompat", ["observed", "values"],
              "TF 2.x's convert_image_dtype and resize_image_with_crop_or_pad build other ops for an image of unknown "
              "shape (212, TF 1.15: 183), so a draw after them is not TF 1.15's."),
    Deviation(["beam-search-decoder-state-not-tiled"], "scopecompat", ["error"],
              "TF 2.x words the node in a shape error differently (\"for '{{node Reshape}} = Reshape[...](zeros, "
              "concat)'\" for TF 1.15's \"for 'Reshape' (op: 'Reshape')\"); scopecompat keeps TF's message as the "
              "first line and adds the fix (tile_batch) after it."),
    Deviation(["contrib-cudnn-rnn-lstm-without-gpu", "contrib-cudnn-rnn-gru-without-gpu"], "scopecompat",
              ["variables"],
              "Without a GPU, TF 1.15 created the cuDNN layer's opaque_kernel variable and failed when its "
              "initializer ran; scopecompat raises the same error type and first line when the layer is applied, "
              "before it creates anything (the layers are not rebuilt: _contrib/cudnn_rnn.py says why)."),
    Deviation(["contrib-distributions-bernoulli-seeded-sample"], "scopecompat", ["values"],
              "tf.contrib.distributions is tensorflow-probability's (each TF's release, TFP_FOR_TF), "
              "whose Bernoulli draws its samples another way than TF 1.15's did (the same seeds give other 0/1s; "
              "the probabilities, log_prob, entropy and mean are TF 1.15's, and Normal, Categorical and "
              "MultivariateNormalDiag draw TF 1.15's samples)."),
    # (No UNSUPPORTED row for tf.contrib.distributions: a tfp release serves every supported TF, TFP_FOR_TF in
    # scopecompat/_contrib/distributions.py, measured; tests/contrib/test_contrib_distributions.py checks it.)

    # Op counts of scopecompat's rebuilt blocks (cases/op_counts.json): where they still differ from TF 1.15.5, it
    # is TF's own code that the blocks call, each kind of difference once below.
    Deviation(_OP_COUNTS_GRADIENT_NAMES, "scopecompat", ["observed:block['names']"],
              "Same ops, two names differ: TF 2.x's gradients name the initial gradient gradients/grad_ys_0/Const and "
              "gradients/grad_ys_0 where TF 1.15 named them gradients/grad_ys_0 and gradients/Fill (TF's "
              "gradients_util); the optimizers' own ops are TF 1.15's."),
    Deviation(_OP_COUNTS_TF_CELLS, "scopecompat", _OP_COUNT_PARTS[:3],
              "TF's own code inside the block builds fewer ops than TF 1.15's: tf.nn.rnn_cell's GRUCell and LSTMCell "
              "(tf_keras) split without TF 1.15's unused size constant (one op per step), and tf.nn.dynamic_rnn "
              "stacks its outputs without the TensorArray size op (op-counts-tf-dynamic-rnn-* show both); "
              "scopecompat's own ops in these blocks are TF 1.15's (tests/conformance/test_op_counts_page.py checks "
              "that every op that differs is one of TF's). The op seed counts the left-out ops "
              "(random_seeds.LEFT_OUT): the draws after these blocks are TF 1.15's."),
    Deviation(_CONTRIB_RNN_OVER_TF_CELLS, "scopecompat", _CONTRIB_RNN_OVER_TF_CELLS_PARTS,
              "The fused adaptors and CompiledWrapper run TF's own cells and RNN loops, which build fewer ops than "
              "TF 1.15's: tf.nn.rnn_cell's LSTMCell and GRUCell (tf_keras) split without TF 1.15's unused size "
              "constant (one op per step; the later ops' names shift by one), tf.nn.dynamic_rnn stacks its outputs "
              "without the TensorArray size op. Their own ops, the XLA attributes of the ops and the values are "
              "TF 1.15's, and the op seed counts the left-out ops: the graph-seeded draw after them is TF 1.15's."),
    Deviation(["op-counts-gather-tree", "op-counts-beam-search-decoder"], "scopecompat", _OP_COUNT_PARTS[:3],
              "TF 1.15's gather_tree was one C++ op (GatherTree, 5 ops with its inputs); TF 2.x has no GatherTree "
              "kernel (not in its op registry), so scopecompat builds it from TF ops (180 ops, with the check that "
              "gives TF 1.15's 'Saw invalid parent id' message), and the op seed counts them as the one op "
              "(random_seeds.built_in_place_of_one_op): later draws are TF 1.15's. In the beam search, the program's "
              "own GRUCell and tf.layers.Dense (on the rank-3 beams) build TF 2.x's ops (op-counts-tf-*)."),
    Deviation(["op-counts-lazy-adam-minimize-sparse"], "scopecompat", _OP_COUNT_PARTS[:3],
              "TF 2.x's gradient of tf.gather takes params' shape as int32 where TF 1.15's took int64 and cast it "
              "(TF's array_grad), one op fewer; LazyAdam's own sparse update ops are TF 1.15's. The op seed counts "
              "the Cast (random_seeds.LEFT_OUT): later draws are TF 1.15's."),
    # --- the tutorials' printed text ---------------------------------------------------------------------
    Deviation(["000-name-scope-snippet-as-published"], "tutorial", ["printed:var21.name"],
              "Typo in the tutorial: it defines var2l (letter l) and prints var21 (digit one), a NameError in real "
              "Python; 000-name-scope-ignored-by-get-variable runs the intended code and matches the printed names."),
    Deviation(["002-comparison-as-published"], "tutorial", ["printed:var7.name"],
              "Typo in the tutorial: tf.variab_scope does not exist, so real TF raises AttributeError before var7; "
              "002-comparison-corrected spells it variable_scope and matches every printed name and value."),
    Deviation(["004-lstm-cell-rerun-raises-already-exists"], "tutorial", ["printed:error"],
              "The tutorial ran TF 1.0/1.1, whose LSTM weights were named weights; from TF 1.2 the same error names "
              "rnn/basic_lstm_cell/kernel.", matches="1.0.0"),
]
