"""tf.train.Saver through scopecompat: old checkpoints (TF 0.12, 1.0) restore into graphs built today,
a checkpoint that lacks variables restores nothing and says which, and every variable kind round-trips.

The old checkpoints in tests/data/checkpoints were written by real TF 0.12.1 and 1.0.0 with
tests/data/checkpoints/write_checkpoints.py, which also recorded their values and the RNN outputs."""

import json
import os
import sys

import numpy as np
import pytest

import scopecompat as tf
from conftest import REPO
from scopecompat._legacy import checkpoints

DATA = os.path.join(REPO, "tests", "data", "checkpoints")
sys.path.insert(0, DATA)
import write_checkpoints  # noqa: E402  (the graph the old checkpoints hold, buildable through scopecompat)

OLD_CHECKPOINTS = [("tf-0.12.1", "model.ckpt"), ("tf-0.12.1", "model-v1.ckpt"), ("tf-1.0.0", "model.ckpt")]
# The issue's example, per version: the old name of today's `lstm/rnn/basic_lstm_cell/kernel`.
OLD_LSTM_KERNEL = {"tf-0.12.1": "lstm/RNN/BasicLSTMCell/Linear/Matrix", "tf-1.0.0": "lstm/rnn/basic_lstm_cell/weights"}


def recorded(folder):
    with open(os.path.join(DATA, folder, "values.json")) as source:
        return json.load(source)


def restore_old(folder, prefix):
    """Build today's graph, restore the old checkpoint through scopecompat's Saver; values and outputs."""
    inputs, outputs = write_checkpoints.build(tf)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, os.path.join(DATA, folder, prefix))
        values = {variable.op.name: sess.run(variable) for variable in tf.global_variables()}
        ran = sess.run(outputs, {inputs: write_checkpoints.fixed_input()})
    return values, ran


@pytest.mark.parametrize("folder, prefix", OLD_CHECKPOINTS)
def test_an_old_checkpoint_restores_intact_and_computes_what_old_tensorflow_computed(graph, folder, prefix):
    record = recorded(folder)
    values, ran = restore_old(folder, prefix)
    assert len(values) == len(record["variables"]), "the graphs should have as many variables as the checkpoint"
    # One to one, bit for bit (biases start at zero, so equal values may come from either old variable).
    unmatched = dict(record["variables"])
    for name, value in sorted(values.items()):
        same = [old for old, old_value in sorted(unmatched.items())
                if np.asarray(old_value).shape == value.shape and np.array_equal(np.asarray(old_value), value)]
        assert same, "%s holds a value no old variable had" % name
        del unmatched[same[0]]
    np.testing.assert_array_equal(values["lstm/rnn/basic_lstm_cell/kernel"],
                                  np.asarray(record["variables"][OLD_LSTM_KERNEL[folder]]),
                                  err_msg="the LSTM kernel should come from %s" % OLD_LSTM_KERNEL[folder])
    # Same outputs as TF 0.12/1.0 for the same input: each value went to the variable that plays its role.
    for name, expected in sorted(record["outputs"].items()):
        np.testing.assert_allclose(ran[name], np.asarray(expected), rtol=1e-5, atol=1e-6,
                                   err_msg="%s output differs from TF %s's" % (name, record["tensorflow"]))


@pytest.mark.parametrize("folder", ["tf-0.12.1", "tf-1.0.0"])
def test_every_old_name_maps_to_a_name_the_graph_has_today(graph, folder):
    write_checkpoints.build(tf)
    today = {variable.op.name for variable in tf.global_variables()}
    unmapped = [old for old in recorded(folder)["variables"] if checkpoints.modern_name(old) not in today]
    assert unmapped == [], "old names with no counterpart in today's graph: %s" % unmapped


def write_checkpoint(path, build):
    """Save a fresh graph built by `build` at `path` (through scopecompat); return its values by name."""
    with tf.Graph().as_default():
        build()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, path, write_meta_graph=False)
            return {variable.op.name: sess.run(variable) for variable in tf.global_variables()}


@pytest.mark.parametrize("saver_options", [{}, {"restore_sequentially": True}, {"sharded": True}],
                         ids=["one restore op", "sequential", "sharded"])
def test_a_checkpoint_missing_variables_restores_nothing_and_names_them(graph, tmp_path, saver_options):
    """One restore op fails before assigning anything (TF's restore runs first); sequential and sharded
    restores run several, so the checkpoint's names are checked before any runs."""
    path = str(tmp_path / "small.ckpt")
    write_checkpoint(path, lambda: (tf.get_variable("a", [2]), tf.get_variable("b", [3])))
    a = tf.get_variable("a", [2], initializer=tf.zeros_initializer())
    tf.get_variable("b", [3], initializer=tf.zeros_initializer())
    tf.get_variable("extra/c", [1], initializer=tf.zeros_initializer())
    tf.get_variable("extra/d", [1], initializer=tf.zeros_initializer())
    saver = tf.train.Saver(**saver_options)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.NotFoundError) as raised:
            saver.restore(sess, path)
        after = {variable.op.name: sess.run(variable) for variable in tf.global_variables()}
    message = raised.value.message
    assert message.startswith("Restoring from checkpoint failed. This is most likely due to a Variable name or "
                              "other graph key that is missing from the checkpoint."), "TF's first line: %s" % message
    assert "2 of the 4 names this Saver restores are not in it" in message and "Nothing was restored." in message, message
    assert "  - extra/c" in message and "  - extra/d" in message, "every missing name should be listed: %s" % message
    assert all(not value.any() for value in after.values()), "nothing may be restored: %s" % after
    assert a.op.name == "a", "the graph is unchanged"


def test_a_missing_name_is_matched_by_its_own_last_part_not_by_its_neighbour(graph, tmp_path):
    """Missing `top/b`: the checkpoint's `old_top/b` may be it under another scope; `top/w` is another variable."""
    path = str(tmp_path / "renamed.ckpt")
    write_checkpoint(path, lambda: (tf.get_variable("top/w", [2]), tf.get_variable("old_top/b", [2])))
    tf.get_variable("top/w", [2])
    tf.get_variable("top/b", [2])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.NotFoundError) as raised:
            saver.restore(sess, path)
    lines = [line for line in raised.value.message.splitlines() if line.startswith("  - top/b")]
    assert lines and "old_top/b" in lines[0], "old_top/b should be suggested for top/b: %s" % raised.value.message
    assert "top/w" not in lines[0], "top/w is not a spelling of top/b: %s" % lines[0]


def test_an_old_checkpoint_missing_a_variable_restores_nothing(graph):
    inputs, _ = write_checkpoints.build(tf)
    tf.get_variable("added_later", [2], initializer=tf.zeros_initializer())
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        before = {variable.op.name: sess.run(variable) for variable in tf.global_variables()}
        with pytest.raises(tf.errors.NotFoundError) as raised:
            saver.restore(sess, os.path.join(DATA, "tf-1.0.0", "model.ckpt"))
        after = {variable.op.name: sess.run(variable) for variable in tf.global_variables()}
    assert "  - added_later" in raised.value.message and "1 of the" in raised.value.message, raised.value.message
    for name in before:
        np.testing.assert_array_equal(after[name], before[name], err_msg="%s was restored partially" % name)


def build_every_variable_kind():
    """get_variable, tf.Variable, partitioned, resource, tf.layers (with batch norm statistics), RNN cells,
    optimizer slots."""
    inputs = tf.placeholder(tf.float32, [None, 4])
    with tf.variable_scope("plain"):
        weights = tf.get_variable("w", [4, 3])
    tf.Variable(np.arange(3, dtype=np.float32), name="made_by_variable")
    with tf.variable_scope("big"):
        partitioned = tf.get_variable("embedding", [6, 3], partitioner=tf.fixed_size_partitioner(3))
    resource = tf.get_variable("resource", [3], use_resource=True)
    hidden = tf.layers.dense(tf.matmul(inputs, weights), 5, name="dense")
    hidden = tf.layers.batch_normalization(hidden, training=True)
    cells = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.GRUCell(2)])
    outputs, _ = tf.nn.dynamic_rnn(cells, tf.reshape(hidden, [-1, 1, 5]), dtype=tf.float32)
    loss = (tf.reduce_sum(outputs) + tf.reduce_sum(tf.nn.embedding_lookup(partitioned, [0, 5]))
            + tf.reduce_sum(resource))
    tf.train.AdamOptimizer().minimize(loss, global_step=tf.train.get_or_create_global_step())


def test_saver_round_trip_of_every_variable_kind_loses_nothing(tmp_path):
    path = str(tmp_path / "every_kind.ckpt")
    saved = write_checkpoint(path, build_every_variable_kind)
    kinds = {"plain/w", "made_by_variable", "big/embedding/part_2", "resource", "dense/kernel",
             "batch_normalization/moving_variance", "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel",
             "rnn/multi_rnn_cell/cell_1/gru_cell/gates/kernel", "plain/w/Adam_1", "global_step"}
    assert kinds <= set(saved), "the graph should hold every kind: missing %s" % (kinds - set(saved))
    with tf.Graph().as_default():
        build_every_variable_kind()
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, path)
            restored = {variable.op.name: sess.run(variable) for variable in tf.global_variables()}
    assert sorted(restored) == sorted(saved), "the same variables should come back"
    for name, value in saved.items():
        np.testing.assert_array_equal(restored[name], value, err_msg="%s changed in the round trip" % name)


def test_modern_names_of_the_issues_examples():
    assert checkpoints.modern_name("RNN/BasicLSTMCell/Linear/Matrix") == "rnn/basic_lstm_cell/kernel", "0.12 LSTM"
    assert checkpoints.modern_name("rnn/basic_lstm_cell/weights") == "rnn/basic_lstm_cell/kernel", "1.0 LSTM"
    assert checkpoints.modern_name("rnn/basic_lstm_cell/biases/Adam") == "rnn/basic_lstm_cell/bias/Adam", "a slot"
    assert checkpoints.modern_name("fully_connected/weights") == "fully_connected/weights", "not an RNN name"
