"""tf.contrib.rnn's fused RNN cells (TF 1.15: contrib/rnn/python/ops/fused_rnn_cell.py), rebuilt as TF 1.15 had
them: a fused cell runs a whole sequence in one call,
`cell(inputs, initial_state=None, dtype=None, sequence_length=None, scope=None) -> (outputs, final state)`, on a
time-major [time, batch, input] tensor or a list of [batch, input] steps (the outputs come back in the same form).
- FusedRNNCell: the abstract base class (an object, not a layer; LSTMBlockFusedCell is not one in TF 1.15).
- FusedRNNCellAdaptor: an RNNCell run by tf.nn.static_rnn (by default) or tf.nn.dynamic_rnn (time_major), so
  its variables are the cell's under `rnn/` (or the scope given).
- TimeReversedFusedRNN: a fused cell fed its inputs reversed in time (tf.reverse_sequence by sequence_length,
  else reverse on axis 0), its outputs reversed back.
The conformance family cases/contrib_rnn_extra.json compares names, op counts and values with TF 1.15.5.

Imported on first use of one of these names, never at `import scopecompat`.
"""

import abc

from scopecompat._facade.bootstrap import tf_v1 as tf

__all__ = ["FusedRNNCell", "FusedRNNCellAdaptor", "TimeReversedFusedRNN"]


class FusedRNNCell(object, metaclass=abc.ABCMeta):
    """A recurrent network over the whole time dimension at once; subclasses implement `__call__`."""

    @abc.abstractmethod
    def __call__(self, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
        """(outputs, final state) of the network over `inputs`, [time, batch, input] or a list of steps."""


class FusedRNNCellAdaptor(FusedRNNCell):
    """An RNNCell as a FusedRNNCell: tf.nn.static_rnn over it, or tf.nn.dynamic_rnn with use_dynamic_rnn."""

    def __init__(self, cell, use_dynamic_rnn=False):
        self._cell = cell
        self._use_dynamic_rnn = use_dynamic_rnn

    def __call__(self, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
        is_list = isinstance(inputs, list)
        if self._use_dynamic_rnn:
            if is_list:
                inputs = tf.stack(inputs)
            outputs, state = tf.nn.dynamic_rnn(self._cell, inputs, sequence_length=sequence_length,
                                               initial_state=initial_state, dtype=dtype, time_major=True, scope=scope)
            if is_list:
                outputs = tf.unstack(outputs)
        else:
            if not is_list:
                inputs = tf.unstack(inputs)
            outputs, state = tf.nn.static_rnn(self._cell, inputs, initial_state=initial_state, dtype=dtype,
                                              sequence_length=sequence_length, scope=scope)
            if not is_list:
                outputs = tf.stack(outputs)
        return outputs, state


class TimeReversedFusedRNN(FusedRNNCell):
    """A FusedRNNCell run backwards in time: the backward half of a bidirectional fused RNN."""

    def __init__(self, cell):
        self._cell = cell

    def _reverse(self, t, lengths):
        """The steps of `t` (time first, a tensor or a list) in reverse order, each sequence within its length."""
        if isinstance(t, list):
            return list(reversed(t))
        if lengths is None:
            return tf.reverse_v2(t, [0])
        return tf.reverse_sequence(t, lengths, 0, 1)

    def __call__(self, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
        inputs = self._reverse(inputs, sequence_length)
        outputs, state = self._cell(inputs, initial_state=initial_state, dtype=dtype,
                                    sequence_length=sequence_length, scope=scope)
        return self._reverse(outputs, sequence_length), state
