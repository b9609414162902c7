"""tf.contrib.rnn's own cells (scopecompat/_contrib/rnn.py).

Their variable names, shapes and values against TF 1.15.5 are the conformance family
cases/contrib_rnn.json; these tests check what a case cannot: a checkpoint written by TF 1.15.5 with
the block cells restores by TF 1.15's names and gives TF 1.15's outputs, TF1 programs import the
cells under `scopecompat run`, and the block kernels' gradients are registered only where TF has none.
"""

import importlib.util
import json
import os
import warnings

import numpy as np
import pytest

import scopecompat as tf
from conftest import REPO, launch, write

CHECKPOINTS = os.path.join(REPO, "tests", "data", "checkpoints")
FOLDER = os.path.join(CHECKPOINTS, "tf-1.15.5-contrib-rnn")


def _writer():
    """tests/data/checkpoints/write_contrib_rnn_checkpoint.py, whose build() made the checkpoint's graph."""
    path = os.path.join(CHECKPOINTS, "write_contrib_rnn_checkpoint.py")
    spec = importlib.util.spec_from_file_location("write_contrib_rnn_checkpoint", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_tf_1_15_checkpoint_of_the_contrib_cells_restores_with_its_outputs(graph):
    with open(os.path.join(FOLDER, "values.json")) as f:
        recorded = json.load(f)
    writer = _writer()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        inputs, outputs = writer.build(tf)
    names = sorted(v.op.name for v in tf.global_variables())
    assert names == sorted(recorded["variables"]), "the graph's variable names are not TF 1.15.5's"
    with tf.Session() as session:
        tf.train.Saver().restore(session, os.path.join(FOLDER, "model.ckpt"))
        for variable in tf.global_variables():
            np.testing.assert_array_equal(session.run(variable), recorded["variables"][variable.op.name],
                                          "restored %s differs from the checkpoint" % variable.op.name)
        ran = session.run(outputs, {inputs: writer.fixed_input()})
    for name, value in sorted(ran.items()):
        np.testing.assert_allclose(value, recorded["outputs"][name], rtol=1e-5, atol=1e-6,
                                   err_msg="%s's outputs differ from TF 1.15.5's on the restored weights" % name)


def test_the_block_kernels_gradients_are_registered_and_trainable(graph):
    from tensorflow.python.framework import ops

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        lstm, gru = tf.contrib.rnn.LSTMBlockCell(2), tf.contrib.rnn.GRUBlockCellV2(2)
    for op_type in ("LSTMBlockCell", "GRUBlockCell"):
        assert ops.gradient_registry.lookup(op_type) is not None, "no gradient for TF's %s kernel" % op_type
    x = tf.ones([1, 3, 2])
    with tf.variable_scope("lstm"):
        out_lstm, _ = tf.nn.dynamic_rnn(lstm, x, dtype=tf.float32)
    with tf.variable_scope("gru"):
        out_gru, _ = tf.nn.dynamic_rnn(gru, x, dtype=tf.float32)
    loss = tf.reduce_sum(tf.square(out_lstm)) + tf.reduce_sum(tf.square(out_gru))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        before = session.run(loss)
        for _ in range(5):
            session.run(train)
        assert session.run(loss) < before, "training through the block cells does not lower the loss"


def test_tf1_programs_import_the_cells_under_scopecompat_run(tmp_path):
    write(tmp_path / "main.py", """\
        import tensorflow as tf
        from tensorflow.contrib.rnn import LSTMBlockCell, GRUBlockCellV2, LayerNormBasicLSTMCell
        from tensorflow.contrib.rnn import stack_bidirectional_dynamic_rnn
        import tensorflow.contrib.rnn as rnn
        print("same:", LSTMBlockCell is tf.contrib.rnn.LSTMBlockCell is rnn.LSTMBlockCell)
        out, _ = tf.nn.dynamic_rnn(LSTMBlockCell(2), tf.ones([1, 3, 4]), dtype=tf.float32)
        print("names:", [v.name for v in tf.global_variables()])
        """)
    result = launch(["main.py"], cwd=tmp_path)
    assert result.returncode == 0, "the program failed:\n" + result.stderr[-3000:]
    assert "same: True" in result.stdout, "`from tensorflow.contrib.rnn import LSTMBlockCell` is another object"
    assert "names: ['rnn/lstm_cell/kernel:0', 'rnn/lstm_cell/bias:0']" in result.stdout, (
        "LSTMBlockCell's variables are not named as TF 1.15 named them: " + result.stdout)


@pytest.mark.parametrize("name", ["LSTMBlockCell", "GRUBlockCell", "LayerNormBasicLSTMCell", "AttentionCellWrapper",
                                  "stack_bidirectional_dynamic_rnn"])
def test_the_formerly_refused_names_are_provided(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        value = getattr(tf.contrib.rnn, name)
    assert value is getattr(importlib.import_module("scopecompat._contrib.rnn"), name), (
        "tf.contrib.rnn.%s is not scopecompat's rebuilt one" % name)
