"""TF1 programs that import tf.contrib from TF 1.15's implementation paths, under `scopecompat run`
(scopecompat/_contrib/paths.py serves them; the launcher maps tensorflow.contrib.<path> to scopecompat.contrib.<path>)."""

from conftest import launch, write

PROGRAM = """
import numpy as np
import tensorflow as tf
from tensorflow.contrib.rnn.python.ops import core_rnn_cell
from tensorflow.contrib.rnn.python.ops.core_rnn_cell import EmbeddingWrapper
from tensorflow.contrib.seq2seq.python.ops import attention_wrapper
import tensorflow.contrib.crf.python.ops.crf as crf
from tensorflow.contrib.legacy_seq2seq.python.ops import seq2seq
from tensorflow.contrib.training.python.training import hparam
from tensorflow.contrib.framework.python.ops import arg_scope
from tensorflow.contrib.layers.python.layers import initializers, layers, optimizers, utils
from tensorflow.contrib.slim.python.slim.nets import vgg
from tensorflow.contrib.metrics.python.ops import metric_ops

same = {
    "core_rnn_cell.EmbeddingWrapper": core_rnn_cell.EmbeddingWrapper is EmbeddingWrapper is tf.contrib.rnn.EmbeddingWrapper,
    "attention_wrapper.AttentionWrapper": attention_wrapper.AttentionWrapper is tf.contrib.seq2seq.AttentionWrapper,
    "attention_wrapper.BahdanauAttention": attention_wrapper.BahdanauAttention is tf.contrib.seq2seq.BahdanauAttention,
    "crf.crf_log_likelihood": crf.crf_log_likelihood is tf.contrib.crf.crf_log_likelihood,
    "seq2seq.embedding_attention_seq2seq":
        seq2seq.embedding_attention_seq2seq is tf.contrib.legacy_seq2seq.embedding_attention_seq2seq,
    "hparam.HParams": hparam.HParams is tf.contrib.training.HParams,
    # the package star-imports its arg_scope module: the name is the function, as in TF 1.15
    "framework.python.ops.arg_scope": arg_scope is tf.contrib.framework.arg_scope,
    "initializers.xavier_initializer": initializers.xavier_initializer is tf.contrib.layers.xavier_initializer,
    "layers.fully_connected": layers.fully_connected is tf.contrib.layers.fully_connected,
    "optimizers.optimize_loss": optimizers.optimize_loss is tf.contrib.layers.optimize_loss,
    "vgg.vgg_16": vgg.vgg_16 is tf.contrib.slim.nets.vgg.vgg_16,
    "metric_ops.streaming_accuracy": metric_ops.streaming_accuracy is tf.contrib.metrics.streaming_accuracy,
    "tf.contrib.rnn.python.ops.core_rnn_cell": tf.contrib.rnn.python.ops.core_rnn_cell is core_rnn_cell,
}
print("different:", sorted(name for name, is_same in same.items() if not is_same))

tf.set_random_seed(1)
params = hparam.HParams(units=4).parse("units=3")
ids = tf.constant([[1, 2, 0], [3, 1, 2]])
cell = core_rnn_cell.EmbeddingWrapper(tf.nn.rnn_cell.GRUCell(params.units), embedding_classes=5, embedding_size=2)
outputs, _ = tf.nn.dynamic_rnn(cell, tf.expand_dims(ids, -1), dtype=tf.float32)
memory = layers.fully_connected(outputs, 3, weights_initializer=initializers.xavier_initializer())
mechanism = attention_wrapper.BahdanauAttention(3, memory)
attended, _ = tf.nn.dynamic_rnn(attention_wrapper.AttentionWrapper(tf.nn.rnn_cell.GRUCell(3), mechanism),
                                outputs, dtype=tf.float32)
tags = tf.constant([[1, 2, 0], [2, 1, 0]])  # of the 3 tags the attention's 3 units score
log_likelihood, _ = crf.crf_log_likelihood(attended, tags, tf.constant([3, 2]))
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    value = session.run(log_likelihood)
print("log likelihood finite:", bool(np.all(np.isfinite(value))), value.shape)
"""


def test_a_tf1_program_imports_contribs_implementation_paths_and_runs(tmp_path):
    write(tmp_path / "model.py", PROGRAM)
    result = launch(["model.py"], tmp_path)
    assert result.returncode == 0, "the program failed under scopecompat run:\n" + result.stderr[-4000:]
    assert "different: []" in result.stdout, (
        "the implementation paths should serve tf.contrib's very objects: " + result.stdout)
    assert "log likelihood finite: True (2,)" in result.stdout, "the model built from them should run: " + result.stdout


def test_a_contrib_path_tf_1_15_never_had_fails_as_under_tf_1_15(tmp_path):
    write(tmp_path / "bad.py", "import tensorflow.contrib.rnn.python.ops.no_such_module\n")
    result = launch(["bad.py"], tmp_path)
    last_line = result.stderr.strip().splitlines()[-1]
    assert result.returncode == 1 and last_line == (
        "ModuleNotFoundError: No module named 'tensorflow.contrib.rnn.python.ops.no_such_module'"), (
        "TF 1.15.5's error (recorded: contrib_paths_tf_1_15.json), in the program's spelling: " + result.stderr[-2000:])


def test_a_contrib_path_not_provided_names_its_provided_parent(tmp_path):
    write(tmp_path / "sliding.py", "from tensorflow.contrib.data.python.ops import sliding\n")
    result = launch(["sliding.py"], tmp_path)
    last_line = result.stderr.strip().splitlines()[-1]
    assert result.returncode == 1 and last_line.startswith(
        "ImportError: tf.contrib.data.python.ops.sliding is not provided by scopecompat, though its parent "
        "tf.contrib.data is"), "the error should say so and name tf.contrib.data: " + result.stderr[-2000:]
    assert last_line.endswith("use tf.data.Dataset.window."), "and what to use instead: " + last_line
