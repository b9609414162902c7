"""tf.layers and tf.nn.rnn_cell through scopecompat, on whichever Keras the installed TF has."""

import numpy as np
import pytest

import scopecompat as tf
from scopecompat._keras_bridge import tf_uses_keras_3
from conftest import run_python

LAYERS = ["dense", "conv2d", "batch_normalization", "dropout", "max_pooling2d", "flatten", "conv1d"]
CELLS = ["BasicLSTMCell", "LSTMCell", "GRUCell", "BasicRNNCell", "MultiRNNCell", "DropoutWrapper",
         "LSTMStateTuple", "RNNCell", "ResidualWrapper", "DeviceWrapper"]


def test_tf_layers_build_tf1_variables(graph):
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    h = tf.layers.conv2d(x, 4, 3, name="conv")
    h = tf.layers.batch_normalization(h, training=True)
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.dropout(tf.layers.flatten(h), 0.5, training=True)
    y = tf.layers.dense(h, 2, name="out")
    names = [v.name for v in tf.global_variables()]
    assert names == ["conv/kernel:0", "conv/bias:0", "batch_normalization/gamma:0", "batch_normalization/beta:0",
                     "batch_normalization/moving_mean:0", "batch_normalization/moving_variance:0",
                     "out/kernel:0", "out/bias:0"], "tf.layers variable names: %s" % names
    assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == 2, "batch norm should add its 2 updates to UPDATE_OPS"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(y, {x: np.ones([2, 8, 8, 3])}).shape == (2, 2), "dense output shape"


@pytest.mark.parametrize("name", LAYERS)
def test_each_layer_function_is_there(name):
    assert callable(getattr(tf.layers, name)), "tf.layers.%s missing" % name


@pytest.mark.parametrize("name", CELLS)
def test_each_rnn_cell_class_is_there(name):
    assert isinstance(getattr(tf.nn.rnn_cell, name), type), "tf.nn.rnn_cell.%s missing" % name


def test_dense_reuse_shares_variables(graph):
    x = tf.placeholder(tf.float32, [None, 3])
    tf.layers.dense(x, 2, name="shared")
    tf.layers.dense(x, 2, name="shared", reuse=True)
    assert [v.name for v in tf.trainable_variables()] == ["shared/kernel:0", "shared/bias:0"], "reuse=True made new variables"


def test_the_tutorials_rnn_is_shared_between_train_and_test(graph):
    """Tutorial 000, Morvan's scope 命名方法 (RNN 应用例子; docs/sources.md): the test RNN (other time_steps)
    reuses the training RNN's weights."""
    def rnn(time_steps):
        xs = tf.placeholder(tf.float32, [2, time_steps, 3])
        cell = tf.nn.rnn_cell.BasicLSTMCell(5)
        outputs, _ = tf.nn.dynamic_rnn(cell, xs, initial_state=cell.zero_state(2, tf.float32))
        return xs, outputs

    with tf.variable_scope("rnn") as scope:
        train_xs, train_out = rnn(20)
        scope.reuse_variables()
        test_xs, test_out = rnn(1)
    names = [v.name for v in tf.global_variables()]
    assert names == ["rnn/rnn/basic_lstm_cell/kernel:0", "rnn/rnn/basic_lstm_cell/bias:0"], "RNN variables: %s" % names
    data = np.random.RandomState(0).randn(2, 20, 3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        train_first = sess.run(train_out, {train_xs: data})[:, 0]
        test_first = sess.run(test_out, {test_xs: data[:, :1]})[:, 0]
    np.testing.assert_allclose(train_first, test_first, rtol=1e-5, err_msg="same weights should give the same first step")


def test_contrib_rnn_cells_are_the_bridge_cells():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        assert tf.contrib.rnn.BasicLSTMCell is tf.nn.rnn_cell.BasicLSTMCell, "contrib.rnn.BasicLSTMCell differs"
        assert tf.contrib.rnn.static_rnn is tf.nn.static_rnn, "contrib.rnn.static_rnn differs"


def test_missing_tf_keras_gets_the_pip_command():
    if not tf_uses_keras_3():
        pytest.skip("TF < 2.16 uses Keras 2: tf_keras is not needed")
    result = run_python("""
        import sys
        class HideTfKeras:  # the machine without tf-keras installed
            def find_spec(self, name, path=None, target=None):
                if name == "tf_keras" or name.startswith("tf_keras."):
                    raise ModuleNotFoundError("No module named %r" % name, name=name)
        sys.meta_path.insert(0, HideTfKeras())
        import scopecompat as tf
        try:
            tf.layers.dense
        except ImportError as error:
            print(type(error).__name__, error)
    """)
    assert result.stdout.startswith("ImportError"), "expected an ImportError: %s" % result.stdout
    assert "pip install 'tf-keras==" in result.stdout, "the error should give the pip command: %s" % result.stdout
