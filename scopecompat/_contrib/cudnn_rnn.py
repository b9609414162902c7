"""tf.contrib.cudnn_rnn: the CudnnCompatible cells rebuilt; the cuDNN layers refused as TF 1.15 refused them
on a machine without a GPU.

- CudnnCompatibleLSTMCell: TF 1.15's is LSTMBlockCell(forget_bias=0, no peepholes, no clip) named
  "cudnn_compatible_lstm_cell"; here the same on scopecompat's LSTMBlockCell (TF's LSTMBlockCell kernel), so
  its variables (cudnn_compatible_lstm_cell/kernel, /bias) and values are TF 1.15's.
- CudnnCompatibleGRUCell: TF 1.15's GRU variant whose candidate applies the reset gate after the hidden
  projection, as cuDNN computes it: variables gates/kernel, gates/bias, candidate/input_projection/kernel and
  /bias, candidate/hidden_projection/kernel and /bias, rebuilt on tf.nn.rnn_cell.GRUCell.
- CudnnLSTM, CudnnGRU, CudnnRNNTanh, CudnnRNNRelu: TF's cuDNN kernels run only on a GPU. On a machine
  without one, TF 1.15.5 built the layer, and the first run of its initializer raised InvalidArgumentError
  "No OpKernel was registered to support Op 'CudnnRNNCanonicalToParams' ...". Here the layer raises that
  error's type and first line when it is applied, before it creates any variable or op, and says what runs
  instead. The layers are not rebuilt for GPUs either: their opaque parameter buffer and its saveables
  cannot be tested on this project's CPU machines, and an untested rebuild could restore weights in a wrong
  layout silently; they refuse the same way on a GPU machine.
The conformance family cases/contrib_cudnn_rnn.json compares names, values and the refusal with TF 1.15.5.

Imported on first use of one of these names, never at `import scopecompat`.
"""

import importlib
import re

from scopecompat._contrib.rnn import LSTMBlockCell
from scopecompat._facade.bootstrap import tf_v1 as tf
# TF 1.15's split, which made an (unused) constant of the number of pieces: its op count.
from scopecompat._legacy.tf1_ops import split as _split

__all__ = ["CudnnCompatibleLSTMCell", "CudnnCompatibleGRUCell", "CudnnLSTM", "CudnnGRU", "CudnnRNNTanh",
           "CudnnRNNRelu"]

_GRUCell = importlib.import_module("scopecompat.nn.rnn_cell").GRUCell


class CudnnCompatibleLSTMCell(LSTMBlockCell):
    """TF 1.15's LSTM whose kernel and bias CudnnLSTM's canonical weights map onto."""

    def __init__(self, num_units, reuse=None):
        super().__init__(num_units, forget_bias=0, cell_clip=None, use_peephole=False, reuse=reuse,
                         name="cudnn_compatible_lstm_cell")


class CudnnCompatibleGRUCell(_GRUCell):
    """TF 1.15's GRU as cuDNN computes it: candidate = tanh(x W_x + b_x + r * (h W_h + b_h))."""

    def __init__(self, num_units, reuse=None, kernel_initializer=None):
        super().__init__(num_units, activation=None, reuse=reuse, kernel_initializer=kernel_initializer)

    def build(self, inputs_shape):
        input_depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
        if input_depth is None:
            raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s" % inputs_shape)
        units = self._num_units

        def bias(default):
            return self._bias_initializer if self._bias_initializer is not None else default

        # TF 1.15's order of creation (the op count and graph-seeded initial values follow it).
        self._gate_kernel = self.add_weight("gates/kernel", [input_depth + units, 2 * units],
                                            initializer=self._kernel_initializer)
        self._gate_bias = self.add_weight("gates/bias", [2 * units],
                                          initializer=bias(tf.constant_initializer(1.0, dtype=self.dtype)))
        self._candidate_input_kernel = self.add_weight("candidate/input_projection/kernel", [input_depth, units],
                                                       initializer=self._kernel_initializer)
        self._candidate_hidden_kernel = self.add_weight("candidate/hidden_projection/kernel", [units, units],
                                                        initializer=self._kernel_initializer)
        self._candidate_input_bias = self.add_weight("candidate/input_projection/bias", [units],
                                                     initializer=bias(tf.zeros_initializer(dtype=self.dtype)))
        self._candidate_hidden_bias = self.add_weight("candidate/hidden_projection/bias", [units],
                                                      initializer=bias(tf.zeros_initializer(dtype=self.dtype)))
        self.built = True

    def call(self, inputs, state):
        gate_inputs = tf.nn.bias_add(tf.matmul(tf.concat([inputs, state], 1), self._gate_kernel), self._gate_bias)
        reset, update = _split(value=tf.sigmoid(gate_inputs), num_or_size_splits=2, axis=1)
        candidate = tf.nn.bias_add(tf.matmul(inputs, self._candidate_input_kernel), self._candidate_input_bias)
        candidate += reset * tf.nn.bias_add(tf.matmul(state, self._candidate_hidden_kernel),
                                            self._candidate_hidden_bias)
        candidate = self._activation(candidate)
        new_h = (1 - update) * candidate + update * state
        return new_h, new_h


# The cuDNN layers: (the rnn_mode TF's kernels take, canonical parameters per layer and direction, what runs
# instead on any device).
_CUDNN_LAYERS = {
    "CudnnLSTM": ("lstm", 8, "tf.contrib.cudnn_rnn.CudnnCompatibleLSTMCell (CudnnLSTM's canonical weights)"),
    "CudnnGRU": ("gru", 6, "tf.contrib.cudnn_rnn.CudnnCompatibleGRUCell (CudnnGRU's canonical weights)"),
    "CudnnRNNTanh": ("rnn_tanh", 2, "tf.nn.rnn_cell.BasicRNNCell"),
    "CudnnRNNRelu": ("rnn_relu", 2, "tf.nn.rnn_cell.BasicRNNCell(activation=tf.nn.relu)"),
}


class _CudnnLayer(object):
    """A cuDNN layer of TF 1.15: refused when applied (see the module's docstring)."""

    def __init__(self, num_layers, num_units, input_mode="linear_input", direction="unidirectional", dropout=0.0,
                 seed=None, dtype=tf.float32, kernel_initializer=None, bias_initializer=None, name=None):
        if direction not in ("unidirectional", "bidirectional"):
            raise ValueError("Invalid direction: %s, expecting %s or %s"
                             % (direction, "unidirectional", "bidirectional"))
        if input_mode not in ("linear_input", "skip_input", "auto_select"):
            raise ValueError("Invalid input_mode: %s, expect one of %s, %s, %s"
                             % (input_mode, "linear_input", "skip_input", "auto_select"))
        self.num_layers, self.num_units = num_layers, num_units
        self.input_mode, self.direction, self.dropout = input_mode, direction, dropout
        self.seed, self.dtype = seed, tf.as_dtype(dtype)
        self.name = name

    def __call__(self, inputs, initial_state=None, sequence_lengths=None, time_major=True, training=True):
        rnn_mode, params_per_layer, instead = _CUDNN_LAYERS[type(self).__name__]
        scope = self.name or _snake_case(type(self).__name__)
        graph_scope = tf.get_default_graph().get_name_scope()
        node = "/".join(part for part in (graph_scope, scope, scope, "CudnnRNNCanonicalToParams") if part)
        seed, seed2 = _op_seeds(self.seed)
        num_params = params_per_layer * self.num_layers * (2 if self.direction == "bidirectional" else 1)
        attrs = ('seed=%d, dropout=%s, num_params=%d, input_mode="%s", T=%s, direction="%s", rnn_mode="%s", '
                 'seed2=%d' % (seed, _attr_float(self.dropout), num_params, self.input_mode,
                               _dtype_enum(self.dtype), self.direction, rnn_mode, seed2))
        raise tf.errors.InvalidArgumentError(
            None, None,
            "No OpKernel was registered to support Op 'CudnnRNNCanonicalToParams' used by node %s with these "
            "attrs: [%s]\n"
            "scopecompat: tf.contrib.cudnn_rnn.%s runs on TF's cuDNN kernels, which need a GPU: TF 1.15 raised "
            "this when the layer's variables were first initialized without one. scopecompat does not rebuild "
            "the cuDNN layers, and refuses them on a GPU too. Runs instead, on any device: %s, e.g. in "
            "tf.nn.dynamic_rnn (or tf.compat.v1.keras.layers.CuDNN%s on a GPU)."
            % (node, attrs, type(self).__name__, instead, "GRU" if rnn_mode == "gru" else "LSTM"))


def _snake_case(name):
    """The default layer name TF 1.15 gave (its to_snake_case): CudnnLSTM -> cudnn_lstm, CudnnRNNTanh ->
    cudnn_rnn_tanh."""
    words = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", words).lower()


def _op_seeds(seed):
    if seed is None and tf.get_default_graph().seed is None:
        return 0, 0
    graph_seed, op_seed = tf.get_seed(seed)
    return graph_seed or 0, op_seed or 0


def _attr_float(value):
    return "%g" % value


def _dtype_enum(dtype):
    from tensorflow.core.framework import types_pb2
    return types_pb2.DataType.Name(dtype.as_datatype_enum)


class CudnnLSTM(_CudnnLayer):
    """TF 1.15's cuDNN LSTM layer: refused (no cuDNN kernel without a GPU; not rebuilt)."""


class CudnnGRU(_CudnnLayer):
    """TF 1.15's cuDNN GRU layer: refused (no cuDNN kernel without a GPU; not rebuilt)."""


class CudnnRNNTanh(_CudnnLayer):
    """TF 1.15's cuDNN tanh RNN layer: refused (no cuDNN kernel without a GPU; not rebuilt)."""


class CudnnRNNRelu(_CudnnLayer):
    """TF 1.15's cuDNN relu RNN layer: refused (no cuDNN kernel without a GPU; not rebuilt)."""
