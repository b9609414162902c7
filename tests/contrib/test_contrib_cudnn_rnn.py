"""tf.contrib.cudnn_rnn (scopecompat/_contrib/cudnn_rnn.py): the CudnnCompatible cells against TF 1.15.5 (the
conformance family cases/contrib_cudnn_rnn.json, recorded on TF 1.15.5), and the cuDNN layers' refusal."""

import warnings

import pytest

import scopecompat as tf


@pytest.fixture
def cudnn_rnn():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.cudnn_rnn


@pytest.mark.parametrize("layer, instead", [("CudnnLSTM", "CudnnCompatibleLSTMCell"),
                                            ("CudnnGRU", "CudnnCompatibleGRUCell"),
                                            ("CudnnRNNTanh", "BasicRNNCell"), ("CudnnRNNRelu", "BasicRNNCell")])
def test_a_cudnn_layer_refuses_before_building_anything_and_says_what_runs_instead(cudnn_rnn, layer, instead):
    with tf.Graph().as_default() as graph:
        inputs = tf.zeros([3, 2, 4])
        ops_before = len(graph.get_operations())
        with pytest.raises(tf.errors.InvalidArgumentError) as raised:
            getattr(cudnn_rnn, layer)(1, 5)(inputs)
        lines = str(raised.value).splitlines()
        assert lines[0].startswith("No OpKernel was registered to support Op 'CudnnRNNCanonicalToParams'"), (
            "the first line should be TF 1.15's: %s" % lines[0])
        assert instead in lines[1] and "GPU" in lines[1], "the hint should say what runs instead: %s" % lines[1]
        assert len(graph.get_operations()) == ops_before and not tf.global_variables(), (
            "a refused cuDNN layer must leave the graph as it was")


def test_the_compatible_lstm_cell_is_an_lstm_block_cell_without_forget_bias(cudnn_rnn):
    from scopecompat._contrib.rnn import LSTMBlockCell
    cell = cudnn_rnn.CudnnCompatibleLSTMCell(3)
    assert isinstance(cell, LSTMBlockCell) and cell._forget_bias == 0, (
        "TF 1.15's CudnnCompatibleLSTMCell is LSTMBlockCell(forget_bias=0)")
