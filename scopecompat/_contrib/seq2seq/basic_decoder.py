"""tf.contrib.seq2seq.BasicDecoder and BasicDecoderOutput (TF 1.15's), rebuilt on tf.compat.v1."""

import collections

from scopecompat._contrib.seq2seq import decoder
from scopecompat._contrib.seq2seq import helper as helper_py
from scopecompat._facade.bootstrap import tf_v1 as tf

__all__ = ["BasicDecoderOutput", "BasicDecoder"]


class BasicDecoderOutput(collections.namedtuple("BasicDecoderOutput", ("rnn_output", "sample_id"))):
    pass


def assert_like_rnncell(name, cell):
    """TF 1.15's check that `cell` is usable as an RNN cell (TF's error text)."""
    problems = [
        problem for problem, ok in (
            ("'output_size' property is missing", hasattr(cell, "output_size")),
            ("'state_size' property is missing", hasattr(cell, "state_size")),
            ("either 'zero_state' or 'get_initial_state' method is required",
             hasattr(cell, "zero_state") or hasattr(cell, "get_initial_state")),
            ("is not callable", callable(cell)),
        ) if not ok]
    if problems:
        raise TypeError("The argument {!r} ({}) is not an RNNCell: {}.".format(name, cell, ", ".join(problems)))


def check_output_layer(output_layer):
    """A tf.layers / Keras layer (anything that says its output shape and can be called), as TF 1.15 asked."""
    if output_layer is not None and not (callable(output_layer)
                                         and hasattr(output_layer, "compute_output_shape")):
        raise TypeError("output_layer must be a Layer, received: %s" % type(output_layer))


def layer_output_size(cell_output_size, output_layer):
    """The (nested) per-step output size after `output_layer` (the cell's own when there is none)."""
    if output_layer is None:
        return cell_output_size
    with_batch = tf.nest.map_structure(lambda s: tf.TensorShape([None]).concatenate(s), cell_output_size)
    return tf.nest.map_structure(lambda s: tf.TensorShape(s)[1:], output_layer.compute_output_shape(with_batch))


class BasicDecoder(decoder.Decoder):
    """Runs `cell` one step at a time, `helper` choosing each step's sample and next input."""

    def __init__(self, cell, helper, initial_state, output_layer=None):
        assert_like_rnncell("cell", cell)
        if not isinstance(helper, helper_py.Helper):
            raise TypeError("helper must be a Helper, received: %s" % type(helper))
        check_output_layer(output_layer)
        self._cell = cell
        self._helper = helper
        self._initial_state = initial_state
        self._output_layer = output_layer

    @property
    def batch_size(self):
        return self._helper.batch_size

    def _rnn_output_size(self):
        return layer_output_size(self._cell.output_size, self._output_layer)

    @property
    def output_size(self):
        return BasicDecoderOutput(rnn_output=self._rnn_output_size(), sample_id=self._helper.sample_ids_shape)

    @property
    def output_dtype(self):
        # The outputs have the state's dtype, as in TF 1.15.
        dtype = tf.nest.flatten(self._initial_state)[0].dtype
        return BasicDecoderOutput(tf.nest.map_structure(lambda _: dtype, self._rnn_output_size()),
                                  self._helper.sample_ids_dtype)

    @property
    def _ends_only_at_end_token(self):
        return isinstance(self._helper, helper_py.INFERENCE_HELPERS)

    def initialize(self, name=None):
        return self._helper.initialize() + (self._initial_state,)

    def step(self, time, inputs, state, name=None):
        with tf.name_scope(name, "BasicDecoderStep", (time, inputs, state)):
            cell_outputs, cell_state = self._cell(inputs, state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            sample_ids = self._helper.sample(time=time, outputs=cell_outputs, state=cell_state)
            finished, next_inputs, next_state = self._helper.next_inputs(
                time=time, outputs=cell_outputs, state=cell_state, sample_ids=sample_ids)
        return BasicDecoderOutput(cell_outputs, sample_ids), next_state, next_inputs, finished
