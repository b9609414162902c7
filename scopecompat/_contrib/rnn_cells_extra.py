"""More of tf.contrib.rnn's own cells (TF 1.15: contrib/rnn/python/ops/rnn_cell.py), rebuilt as TF 1.15 had
them, beside the ones in rnn.py (the legacy table serves both as tf.contrib.rnn):
- ConvLSTMCell, Conv1DLSTMCell, Conv2DLSTMCell, Conv3DLSTMCell: variables kernel [filter..., input +
  output channels, 4 * output channels] and biases, made by tf.get_variable in the cell's scope
  ("conv_lstm_cell", "conv_2d_lstm_cell", ...), the convolutions TF 1.15's _conv made (padding SAME).
- NASCell: variables recurrent_kernel, kernel (bias, projection_weights), the 8-way architecture.
- UGRNNCell, IntersectionRNNCell: on core_rnn_cell.Linear (TF 1.15's _Linear): kernel and bias, and
  in_projection/kernel, /bias for IntersectionRNNCell's input projection.
- SRUCell: kernel [input, 4 units], bias [2 units]. IndRNNCell: kernel_w, kernel_u (uniform in [-1, 1]), bias.
- IndyGRUCell (gates/kernel_w, /kernel_u, /bias, candidate/kernel, /kernel_u, /bias) and IndyLSTMCell
  (kernel_w, kernel_u, bias): the recurrent weights a diagonal, drawn uniform in [-1, 1].
- PhasedLSTMCell (inputs (time, x); mask_gates/, new_input/, output_gate/ kernels and biases, period, phase,
  ratio_on) and GLSTMCell (group<i>/kernel, bias_i, bias_j, bias_f, bias_o, projection/kernel).
- TimeFreqLSTMCell (W, B, W_F_diag, W_I_diag, W_O_diag), GridLSTMCell (per frequency block b: W_f_<b>, B_f_<b>,
  W_t_<b>, B_t_<b>, the peepholes W_F_diag_freqf_<b>, ...; its GridLSTMStateTuple) and BidirectionalGridLSTMCell
  (the same under fwd/ and bwd/): the weights sharded and concatenated as TF 1.15's _get_concat_variable did.
- CompiledWrapper: the cell's step built in TF's XLA JIT scope (_XlaCompile, _XlaScope attributes).
Each builds the ops TF 1.15's built, in the same order (the op count graph-seeded programs draw from); the
conformance family cases/contrib_rnn_extra.json compares names, shapes, op counts and seeded values with
TF 1.15.5.

Imported on first use of one of these names, never at `import scopecompat`.
"""

import collections
import importlib

# TF's XLA JIT scope (TF 1.15's tf.contrib.compiler.jit.experimental_jit_scope) and op registry: CompiledWrapper's.
from tensorflow.python.compiler.xla import jit as _jit
from tensorflow.python.framework import op_def_registry as _op_def_registry

from scopecompat._contrib.core_rnn_cell import DelegatesToCell, Linear, SizesFromAttributes
# TF 1.15's _get_concat_variable (the W of the grid and time-frequency LSTMs), as contrib.rnn's other cells use it.
from scopecompat._contrib.rnn import _sharded_variable
from scopecompat._facade.bootstrap import tf_v1 as tf
# TF 1.15's split (an unused constant of the number of pieces) and zeros: their op count.
from scopecompat._legacy import tf1_ops as _tf1_ops

__all__ = ["ConvLSTMCell", "Conv1DLSTMCell", "Conv2DLSTMCell", "Conv3DLSTMCell", "NASCell", "UGRNNCell",
           "IntersectionRNNCell", "SRUCell", "IndRNNCell", "IndyGRUCell", "IndyLSTMCell", "PhasedLSTMCell", "GLSTMCell",
           "TimeFreqLSTMCell", "GridLSTMCell", "BidirectionalGridLSTMCell", "CompiledWrapper"]

# The TF1 cell classes scopecompat serves as tf.nn.rnn_cell (as rnn.py uses them).
_rnn_cell = importlib.import_module("scopecompat.nn.rnn_cell")
_RNNCell = _rnn_cell.RNNCell
_keras_cells = importlib.import_module(_RNNCell.__module__)
_LayerRNNCell = _keras_cells.LayerRNNCell
_InputSpec = _keras_cells.input_spec.InputSpec
_LSTMStateTuple = _rnn_cell.LSTMStateTuple


# --- convolutional LSTMs ------------------------------------------------------------------------------

def _conv(args, filter_size, num_features, bias, bias_start=0.0):
    """TF 1.15's contrib.rnn _conv: one SAME convolution over the concatenated args (1, 2 or 3 spatial
    dimensions), variables `kernel` and `biases` in the current variable scope."""
    shapes = [a.get_shape().as_list() for a in args]
    shape_length = len(shapes[0])
    total_arg_size_depth = 0
    for shape in shapes:
        if len(shape) not in (3, 4, 5):
            raise ValueError("Conv Linear expects 3D, 4D or 5D arguments: %s" % str(shapes))
        if len(shape) != len(shapes[0]):
            raise ValueError("Conv Linear expects all args to be of same Dimension: %s" % str(shapes))
        total_arg_size_depth += shape[-1]
    dtype = args[0].dtype
    if shape_length == 3:
        conv_op, strides = tf.nn.conv1d, 1
    else:
        conv_op, strides = (tf.nn.conv2d if shape_length == 4 else tf.nn.conv3d), shape_length * [1]
    kernel = tf.get_variable("kernel", filter_size + [total_arg_size_depth, num_features], dtype=dtype)
    joined = args[0] if len(args) == 1 else tf.concat(axis=shape_length - 1, values=args)
    result = conv_op(joined, kernel, strides, padding="SAME")
    if not bias:
        return result
    bias_term = tf.get_variable("biases", [num_features], dtype=dtype,
                                initializer=tf.constant_initializer(bias_start, dtype=dtype))
    return result + bias_term


class _StateIsNumUnits(object):
    """TF 1.15's cells whose state and output are one vector of num_units: the two sizes, written once."""

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units


class ConvLSTMCell(SizesFromAttributes, _RNNCell):
    """TF 1.15's convolutional LSTM (https://arxiv.org/pdf/1506.04214v1.pdf); input_shape excludes the batch."""

    def __init__(self, conv_ndims, input_shape, output_channels, kernel_shape, use_bias=True,
                 skip_connection=False, forget_bias=1.0, initializers=None, name="conv_lstm_cell"):
        super().__init__(name=name)
        if conv_ndims != len(input_shape) - 1:
            raise ValueError("Invalid input_shape {} for conv_ndims={}.".format(input_shape, conv_ndims))
        self._conv_ndims = conv_ndims
        self._input_shape = input_shape
        self._output_channels = output_channels
        self._kernel_shape = list(kernel_shape)
        self._use_bias = use_bias
        self._forget_bias = forget_bias
        self._skip_connection = skip_connection
        total_output_channels = output_channels + (input_shape[-1] if skip_connection else 0)
        state_size = tf.TensorShape(list(input_shape[:-1]) + [output_channels])
        self._state_size = _LSTMStateTuple(state_size, state_size)
        self._output_size = tf.TensorShape(list(input_shape[:-1]) + [total_output_channels])

    def call(self, inputs, state, scope=None):
        cell, hidden = state
        new_hidden = _conv([inputs, hidden], self._kernel_shape, 4 * self._output_channels, self._use_bias)
        input_gate, new_input, forget_gate, output_gate = _tf1_ops.split(
            value=new_hidden, num_or_size_splits=4, axis=self._conv_ndims + 1)
        new_cell = tf.sigmoid(forget_gate + self._forget_bias) * cell
        new_cell += tf.sigmoid(input_gate) * tf.tanh(new_input)
        output = tf.tanh(new_cell) * tf.sigmoid(output_gate)
        if self._skip_connection:
            output = tf.concat([output, inputs], axis=-1)
        return output, _LSTMStateTuple(new_cell, output)


class Conv1DLSTMCell(ConvLSTMCell):
    def __init__(self, name="conv_1d_lstm_cell", **kwargs):
        super().__init__(conv_ndims=1, name=name, **kwargs)


class Conv2DLSTMCell(ConvLSTMCell):
    def __init__(self, name="conv_2d_lstm_cell", **kwargs):
        super().__init__(conv_ndims=2, name=name, **kwargs)


class Conv3DLSTMCell(ConvLSTMCell):
    def __init__(self, name="conv_3d_lstm_cell", **kwargs):
        super().__init__(conv_ndims=3, name=name, **kwargs)


# --- NAS, UGRNN, Intersection RNN ----------------------------------------------------------------------

class NASCell(SizesFromAttributes, _LayerRNNCell):
    """TF 1.15's cell found by Neural Architecture Search (https://arxiv.org/abs/1611.01578)."""

    _NAS_BASE = 8

    def __init__(self, num_units, num_proj=None, use_bias=False, reuse=None, **kwargs):
        super().__init__(_reuse=reuse, **kwargs)
        self._num_units = num_units
        self._num_proj = num_proj
        self._use_bias = use_bias
        self._reuse = reuse
        output = num_units if num_proj is None else num_proj
        self._state_size = _LSTMStateTuple(num_units, output)
        self._output_size = output

    def build(self, inputs_shape):
        input_size = tf.compat.dimension_value(tf.TensorShape(inputs_shape).with_rank(2)[1])
        if input_size is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        num_proj = self._num_units if self._num_proj is None else self._num_proj
        width = self._NAS_BASE * self._num_units
        self.recurrent_kernel = self.add_weight("recurrent_kernel", [num_proj, width])
        self.kernel = self.add_weight("kernel", [input_size, width])
        if self._use_bias:
            self.bias = self.add_weight("bias", shape=[width], initializer=tf.zeros_initializer)
        if self._num_proj is not None:
            self.projection_weights = self.add_weight("projection_weights", [self._num_units, self._num_proj])
        self.built = True

    def call(self, inputs, state):
        sigmoid, tanh, relu = tf.sigmoid, tf.tanh, tf.nn.relu
        c_prev, m_prev = state
        m_matrix = tf.matmul(m_prev, self.recurrent_kernel)
        inputs_matrix = tf.matmul(inputs, self.kernel)
        if self._use_bias:
            m_matrix = tf.nn.bias_add(m_matrix, self.bias)
        m = _tf1_ops.split(axis=1, num_or_size_splits=self._NAS_BASE, value=m_matrix)
        x = _tf1_ops.split(axis=1, num_or_size_splits=self._NAS_BASE, value=inputs_matrix)
        # First layer, then second (TF 1.15's order of ops).
        layer1 = [sigmoid(x[0] + m[0]), relu(x[1] + m[1]), sigmoid(x[2] + m[2]), relu(x[3] * m[3]),
                  tanh(x[4] + m[4]), sigmoid(x[5] + m[5]), tanh(x[6] + m[6]), sigmoid(x[7] + m[7])]
        l2_0 = tanh(layer1[0] * layer1[1])
        l2_1 = tanh(layer1[2] + layer1[3])
        l2_2 = tanh(layer1[4] * layer1[5])
        l2_3 = sigmoid(layer1[6] + layer1[7])
        l2_0 = tanh(l2_0 + c_prev)  # the cell injected
        new_c = l2_0 * l2_1
        new_m = tanh(new_c * tanh(l2_2 + l2_3))
        if self._num_proj is not None:
            new_m = tf.matmul(new_m, self.projection_weights)
        return new_m, _LSTMStateTuple(new_c, new_m)


def _known_input_size(inputs):
    input_size = inputs.get_shape().with_rank(2).dims[1]
    if tf.compat.dimension_value(input_size) is None:
        raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
    return tf.compat.dimension_value(input_size)


class UGRNNCell(_StateIsNumUnits, _RNNCell):
    """TF 1.15's Update Gate RNN (https://arxiv.org/abs/1611.09913)."""

    def __init__(self, num_units, initializer=None, forget_bias=1.0, activation=tf.tanh, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._forget_bias = forget_bias
        self._activation = activation
        self._reuse = reuse
        self._linear = None

    def call(self, inputs, state):
        _known_input_size(inputs)
        with tf.variable_scope(tf.get_variable_scope(), initializer=self._initializer):
            cell_inputs = tf.concat([inputs, state], 1)
            if self._linear is None:
                self._linear = Linear(cell_inputs, 2 * self._num_units, True)
            g_act, c_act = _tf1_ops.split(axis=1, num_or_size_splits=2, value=self._linear(cell_inputs))
            c = self._activation(c_act)
            g = tf.sigmoid(g_act + self._forget_bias)
            new_state = g * state + (1.0 - g) * c
        return new_state, new_state


class IntersectionRNNCell(_StateIsNumUnits, _RNNCell):
    """TF 1.15's Intersection RNN (https://arxiv.org/abs/1611.09913): a state through time and an output
    through depth."""

    def __init__(self, num_units, num_in_proj=None, initializer=None, forget_bias=1.0, y_activation=tf.nn.relu,
                 reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._forget_bias = forget_bias
        self._num_input_proj = num_in_proj
        self._y_activation = y_activation
        self._reuse = reuse
        self._linear1 = None
        self._linear2 = None

    def call(self, inputs, state):
        input_size = _known_input_size(inputs)
        with tf.variable_scope(tf.get_variable_scope(), initializer=self._initializer):
            if input_size != self._num_units:  # read-in projection, I -> N
                if not self._num_input_proj:
                    raise ValueError("Must have input size == output size for Intersection RNN. To fix, "
                                     "num_in_proj should be set to num_units at cell init.")
                with tf.variable_scope("in_projection"):
                    if self._linear1 is None:
                        self._linear1 = Linear(inputs, self._num_units, True)
                    inputs = self._linear1(inputs)
            n_dim = i_dim = self._num_units
            cell_inputs = tf.concat([inputs, state], 1)
            if self._linear2 is None:
                self._linear2 = Linear(cell_inputs, 2 * n_dim + 2 * i_dim, True)
            rnn_matrix = self._linear2(cell_inputs)
            gh_act = rnn_matrix[:, :n_dim]
            h_act = rnn_matrix[:, n_dim:2 * n_dim]
            gy_act = rnn_matrix[:, 2 * n_dim:2 * n_dim + i_dim]
            y_act = rnn_matrix[:, 2 * n_dim + i_dim:2 * n_dim + 2 * i_dim]
            h = tf.tanh(h_act)
            y = self._y_activation(y_act)
            gh = tf.sigmoid(gh_act + self._forget_bias)
            gy = tf.sigmoid(gy_act + self._forget_bias)
            new_state = gh * state + (1.0 - gh) * h  # through time
            new_y = gy * inputs + (1.0 - gy) * y  # through depth
        return new_y, new_state


# --- SRU, IndRNN ----------------------------------------------------------------------------------------

class SRUCell(_StateIsNumUnits, _LayerRNNCell):
    """TF 1.15's Simple Recurrent Unit (https://arxiv.org/abs/1709.02755)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, **kwargs)
        self._num_units = num_units
        self._activation = activation or tf.tanh
        self.input_spec = _InputSpec(ndim=2)

    def build(self, inputs_shape):
        input_depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
        if input_depth is None:
            raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s" % inputs_shape)
        self._kernel = self.add_weight("kernel", shape=[input_depth, 4 * self._num_units])
        self._bias = self.add_weight("bias", shape=[2 * self._num_units], initializer=tf.zeros_initializer)
        self.built = True

    def call(self, inputs, state):
        x_bar, f_intermediate, r_intermediate, x_tx = _tf1_ops.split(
            value=tf.matmul(inputs, self._kernel), num_or_size_splits=4, axis=1)
        f_r = tf.sigmoid(tf.nn.bias_add(tf.concat([f_intermediate, r_intermediate], 1), self._bias))
        f, r = _tf1_ops.split(value=f_r, num_or_size_splits=2, axis=1)
        c = f * state + (1.0 - f) * x_bar
        h = r * self._activation(c) + (1.0 - r) * x_tx
        return h, c


class IndRNNCell(_StateIsNumUnits, _LayerRNNCell):
    """TF 1.15's Independently Recurrent Neural Network cell (https://arxiv.org/abs/1803.04831)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self.input_spec = _InputSpec(ndim=2)
        self._num_units = num_units
        self._activation = activation or tf.tanh

    def build(self, inputs_shape):
        input_depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
        if input_depth is None:
            raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s" % inputs_shape)
        self._kernel_w = self.add_weight("kernel_w", shape=[input_depth, self._num_units])
        self._kernel_u = self.add_weight("kernel_u", shape=[1, self._num_units],
                                         initializer=tf.random_uniform_initializer(minval=-1, maxval=1,
                                                                                   dtype=self.dtype))
        self._bias = self.add_weight("bias", shape=[self._num_units],
                                     initializer=tf.zeros_initializer(dtype=self.dtype))
        self.built = True

    def call(self, inputs, state):
        gate_inputs = tf.nn.bias_add(tf.matmul(inputs, self._kernel_w) + state * self._kernel_u, self._bias)
        output = self._activation(gate_inputs)
        return output, output


class IndyGRUCell(_StateIsNumUnits, _LayerRNNCell):
    """TF 1.15's GRU with independent (diagonal) recurrent weights (https://arxiv.org/abs/1903.08023)."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None, bias_initializer=None,
                 name=None, dtype=None):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self.input_spec = _InputSpec(ndim=2)
        self._num_units = num_units
        self._activation = activation or tf.tanh
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    def build(self, inputs_shape):
        input_depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
        if input_depth is None:
            raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s" % inputs_shape)
        units = self._num_units

        def uniform():
            return tf.random_uniform_initializer(minval=-1, maxval=1, dtype=self.dtype)

        def bias(default):
            return self._bias_initializer if self._bias_initializer is not None else default

        # TF 1.15's order of creation (graph-seeded initial values follow it).
        self._gate_kernel_w = self.add_weight("gates/kernel_w", [input_depth, 2 * units],
                                              initializer=self._kernel_initializer)
        self._gate_kernel_u = self.add_weight("gates/kernel_u", [1, 2 * units], initializer=uniform())
        self._gate_bias = self.add_weight("gates/bias", [2 * units],
                                          initializer=bias(tf.constant_initializer(1.0, dtype=self.dtype)))
        self._candidate_kernel_w = self.add_weight("candidate/kernel", [input_depth, units],
                                                   initializer=self._kernel_initializer)
        self._candidate_kernel_u = self.add_weight("candidate/kernel_u", [1, units], initializer=uniform())
        self._candidate_bias = self.add_weight("candidate/bias", [units],
                                               initializer=bias(tf.zeros_initializer(dtype=self.dtype)))
        self.built = True

    def call(self, inputs, state):
        gate_inputs = tf.matmul(inputs, self._gate_kernel_w) + tf.tile(state, [1, 2]) * self._gate_kernel_u
        value = tf.sigmoid(tf.nn.bias_add(gate_inputs, self._gate_bias))
        r, u = _tf1_ops.split(value=value, num_or_size_splits=2, axis=1)
        candidate = tf.matmul(inputs, self._candidate_kernel_w) + (r * state) * self._candidate_kernel_u
        c = self._activation(tf.nn.bias_add(candidate, self._candidate_bias))
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class IndyLSTMCell(_LayerRNNCell):
    """TF 1.15's LSTM with independent (diagonal) recurrent weights (https://arxiv.org/abs/1903.08023)."""

    def __init__(self, num_units, forget_bias=1.0, activation=None, reuse=None, kernel_initializer=None,
                 bias_initializer=None, name=None, dtype=None):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self.input_spec = _InputSpec(ndim=2)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._activation = activation or tf.tanh
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    @property
    def state_size(self):
        return _LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        input_depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[1])
        if input_depth is None:
            raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s" % inputs_shape)
        width = 4 * self._num_units
        self._kernel_w = self.add_weight("kernel_w", [input_depth, width], initializer=self._kernel_initializer)
        self._kernel_u = self.add_weight("kernel_u", [1, width],
                                         initializer=tf.random_uniform_initializer(minval=-1, maxval=1,
                                                                                   dtype=self.dtype))
        self._bias = self.add_weight("bias", [width], initializer=(
            self._bias_initializer if self._bias_initializer is not None
            else tf.zeros_initializer(dtype=self.dtype)))
        self.built = True

    def call(self, inputs, state):
        one = tf.constant(1, dtype=tf.int32)
        c, h = state
        gate_inputs = tf.matmul(inputs, self._kernel_w)
        gate_inputs += tf.tile(h, [1, 4]) * self._kernel_u
        gate_inputs = tf.nn.bias_add(gate_inputs, self._bias)
        i, j, f, o = _tf1_ops.split(value=gate_inputs, num_or_size_splits=4, axis=one)
        forget_bias_tensor = tf.constant(self._forget_bias, dtype=f.dtype)
        new_c = tf.add(tf.multiply(c, tf.sigmoid(tf.add(f, forget_bias_tensor))),
                       tf.multiply(tf.sigmoid(i), self._activation(j)))
        new_h = tf.multiply(self._activation(new_c), tf.sigmoid(o))
        return new_h, _LSTMStateTuple(new_c, new_h)


# --- Phased LSTM, Group LSTM ------------------------------------------------------------------------------

def _random_exp_initializer(minval, maxval, seed=None, dtype=tf.float32):
    """TF 1.15's: exp of a uniform draw between log(minval) and log(maxval)."""
    def _initializer(shape, dtype=dtype, partition_info=None):
        return tf.exp(tf.random_uniform(shape, tf.log(minval), tf.log(maxval), dtype, seed=seed))
    return _initializer


class PhasedLSTMCell(_RNNCell):
    """TF 1.15's Phased LSTM (https://arxiv.org/abs/1610.09513): inputs are (time, x), gates open by phase."""

    def __init__(self, num_units, use_peepholes=False, leak=0.001, ratio_on=0.1, trainable_ratio_on=True,
                 period_init_min=1.0, period_init_max=1000.0, reuse=None):
        super().__init__(_reuse=reuse, autocast=False)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._leak = leak
        self._ratio_on = ratio_on
        self._trainable_ratio_on = trainable_ratio_on
        self._period_init_min = period_init_min
        self._period_init_max = period_init_max
        self._reuse = reuse
        self._linear1 = self._linear2 = self._linear3 = None

    @property
    def state_size(self):
        return _LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def _mod(self, x, y):
        """x mod y, with the gradient of x (TF 1.15's)."""
        return tf.stop_gradient(tf.mod(x, y) - x) + x

    def _get_cycle_ratio(self, time, phase, period):
        phase_casted = tf.cast(phase, dtype=time.dtype)
        period_casted = tf.cast(period, dtype=time.dtype)
        cycle_ratio = self._mod(time - phase_casted, period_casted) / period_casted
        return tf.cast(cycle_ratio, dtype=tf.float32)

    def call(self, inputs, state):
        c_prev, h_prev = state
        time, x = inputs
        in_mask_gates = [x, h_prev] + ([c_prev] if self._use_peepholes else [])
        with tf.variable_scope("mask_gates"):
            if self._linear1 is None:
                self._linear1 = Linear(in_mask_gates, 2 * self._num_units, True)
            mask_gates = tf.sigmoid(self._linear1(in_mask_gates))
            input_gate, forget_gate = _tf1_ops.split(axis=1, num_or_size_splits=2, value=mask_gates)
        with tf.variable_scope("new_input"):
            if self._linear2 is None:
                self._linear2 = Linear([x, h_prev], self._num_units, True)
            new_input = tf.tanh(self._linear2([x, h_prev]))
        new_c = c_prev * forget_gate + input_gate * new_input
        in_out_gate = [x, h_prev] + ([new_c] if self._use_peepholes else [])
        with tf.variable_scope("output_gate"):
            if self._linear3 is None:
                self._linear3 = Linear(in_out_gate, self._num_units, True)
            output_gate = tf.sigmoid(self._linear3(in_out_gate))
        new_h = tf.tanh(new_c) * output_gate
        period = tf.get_variable("period", [self._num_units], initializer=_random_exp_initializer(
            self._period_init_min, self._period_init_max))
        phase = tf.get_variable("phase", [self._num_units],
                                initializer=tf.random_uniform_initializer(0., period.initial_value))
        ratio_on = tf.get_variable("ratio_on", [self._num_units],
                                   initializer=tf.constant_initializer(self._ratio_on),
                                   trainable=self._trainable_ratio_on)
        cycle_ratio = self._get_cycle_ratio(time, phase, period)
        k_up = 2 * cycle_ratio / ratio_on
        k_down = 2 - k_up
        k_closed = self._leak * cycle_ratio
        k = tf.where(cycle_ratio < ratio_on, k_down, k_closed)
        k = tf.where(cycle_ratio < 0.5 * ratio_on, k_up, k)
        new_c = k * new_c + (1 - k) * c_prev
        new_h = k * new_h + (1 - k) * h_prev
        return new_h, _LSTMStateTuple(new_c, new_h)


class GLSTMCell(SizesFromAttributes, _RNNCell):
    """TF 1.15's Group LSTM (https://arxiv.org/abs/1703.10722): the input and state split into groups, one
    kernel per group (group<i>/kernel), biases bias_i, bias_j, bias_f, bias_o, optional projection."""

    def __init__(self, num_units, initializer=None, num_proj=None, number_of_groups=1, forget_bias=1.0,
                 activation=tf.tanh, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._num_proj = num_proj
        self._forget_bias = forget_bias
        self._activation = activation
        self._number_of_groups = number_of_groups
        if num_units % number_of_groups != 0:
            raise ValueError("num_units must be divisible by number_of_groups")
        if num_proj:
            if num_proj % number_of_groups != 0:
                raise ValueError("num_proj must be divisible by number_of_groups")
            self._group_shape = [int(num_proj / number_of_groups), int(num_units / number_of_groups)]
        else:
            self._group_shape = [int(num_units / number_of_groups), int(num_units / number_of_groups)]
        output = num_proj if num_proj else num_units
        self._state_size = _LSTMStateTuple(num_units, output)
        self._output_size = output
        self._linear1 = [None] * number_of_groups
        self._linear2 = None

    def _get_input_for_group(self, inputs, group_id, group_size):
        return tf.slice(inputs, [0, group_id * group_size], [self._batch_size, group_size],
                        name="GLSTM_group%d_input_generation" % group_id)

    def call(self, inputs, state):
        c_prev, m_prev = state
        self._batch_size = tf.compat.dimension_value(inputs.shape[0]) or tf.shape(inputs)[0]
        input_size = tf.compat.dimension_value(inputs.shape[1])
        if input_size is None:
            raise ValueError("input size must be statically known")
        if input_size % self._number_of_groups != 0:
            raise ValueError("input size (%d) must be divisible by number_of_groups (%d)"
                             % (input_size, self._number_of_groups))
        input_group_size = int(input_size / self._number_of_groups)
        dtype = inputs.dtype
        with tf.variable_scope(tf.get_variable_scope(), initializer=self._initializer):
            parts = {"i": [], "j": [], "f": [], "o": []}
            for group_id in range(self._number_of_groups):
                with tf.variable_scope("group%d" % group_id):
                    x_g_id = tf.concat([self._get_input_for_group(inputs, group_id, input_group_size),
                                        self._get_input_for_group(m_prev, group_id, self._group_shape[0])],
                                       axis=1)
                    if self._linear1[group_id] is None:
                        self._linear1[group_id] = Linear(x_g_id, 4 * self._group_shape[1], False)
                    for gate, part in zip("ijfo", _tf1_ops.split(self._linear1[group_id](x_g_id), 4, 1)):
                        parts[gate].append(part)
            biases = {gate: tf.get_variable("bias_" + gate, shape=[self._num_units], dtype=dtype,
                                            initializer=tf.constant_initializer(0.0, dtype=dtype))
                      for gate in "ijfo"}
            i, j, f, o = (tf.nn.bias_add(tf.concat(parts[gate], axis=1), biases[gate]) for gate in "ijfo")
        c = tf.sigmoid(f + self._forget_bias) * c_prev + tf.sigmoid(i) * tf.tanh(j)
        m = tf.sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            with tf.variable_scope("projection"):
                if self._linear2 is None:
                    self._linear2 = Linear(m, self._num_proj, False)
                m = self._linear2(m)
        return m, _LSTMStateTuple(c, m)


# --- time-frequency and grid LSTMs -------------------------------------------------------------------------

def _slice_steps(inputs, start, count, skip, size):
    """`count` slices of `size` features of inputs ([batch, features]), the i-th from start + i * skip."""
    return [tf.slice(inputs, [0, start + f * skip], [-1, size]) for f in range(count)]


def _feature_count(inputs):
    input_size = tf.compat.dimension_value(inputs.get_shape().with_rank(2)[-1])
    if input_size is None:
        raise ValueError("Cannot infer input_size from static shape inference.")
    return input_size


class TimeFreqLSTMCell(SizesFromAttributes, _RNNCell):
    """TF 1.15's time-frequency LSTM (Sainath and Li, INTERSPEECH 2016): an LSTM over windows of
    `feature_size` features `frequency_skip` apart, each window also fed the previous window's output. State
    [batch, 2 * num_units * windows] (c, m per window), output [batch, num_units * windows]; variables W
    (W_0, W_1, ... with num_unit_shards), B, peepholes W_F_diag, W_I_diag, W_O_diag."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_unit_shards=1,
                 forget_bias=1.0, feature_size=None, frequency_skip=1, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_unit_shards = num_unit_shards
        self._forget_bias = forget_bias
        self._feature_size = feature_size
        self._frequency_skip = frequency_skip
        self._state_size = 2 * num_units
        self._output_size = num_units
        self._reuse = reuse

    def call(self, inputs, state):
        sigmoid, tanh = tf.sigmoid, tf.tanh
        units = self._num_units
        freq_inputs = self._make_tf_features(inputs)
        dtype = inputs.dtype
        actual_input_size = freq_inputs[0].get_shape().as_list()[1]
        concat_w = _sharded_variable("W", [actual_input_size + 2 * units, 4 * units], dtype,
                                     self._num_unit_shards)
        b = tf.get_variable("B", shape=[4 * units], initializer=tf.zeros_initializer(), dtype=dtype)
        if self._use_peepholes:  # TF 1.15's order: F, I, O
            w_f_diag = tf.get_variable("W_F_diag", shape=[units], dtype=dtype)
            w_i_diag = tf.get_variable("W_I_diag", shape=[units], dtype=dtype)
            w_o_diag = tf.get_variable("W_O_diag", shape=[units], dtype=dtype)
        m_prev_freq = _tf1_ops.zeros([tf.compat.dimension_value(inputs.shape[0]) or inputs.get_shape()[0], units], dtype)
        for fq, freq_input in enumerate(freq_inputs):
            c_prev = tf.slice(state, [0, 2 * fq * units], [-1, units])
            m_prev = tf.slice(state, [0, (2 * fq + 1) * units], [-1, units])
            cell_inputs = tf.concat([freq_input, m_prev, m_prev_freq], 1)
            lstm_matrix = tf.nn.bias_add(tf.matmul(cell_inputs, concat_w), b)
            i, j, f, o = _tf1_ops.split(value=lstm_matrix, num_or_size_splits=4, axis=1)
            if self._use_peepholes:
                c = (sigmoid(f + self._forget_bias + w_f_diag * c_prev) * c_prev
                     + sigmoid(i + w_i_diag * c_prev) * tanh(j))
            else:
                c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * tanh(j)
            if self._cell_clip is not None:
                c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
            if self._use_peepholes:
                m = sigmoid(o + w_o_diag * c) * tanh(c)
            else:
                m = sigmoid(o) * tanh(c)
            m_prev_freq = m
            if fq == 0:
                state_out, m_out = tf.concat([c, m], 1), m
            else:
                state_out = tf.concat([state_out, c, m], 1)
                m_out = tf.concat([m_out, m], 1)
        return m_out, state_out

    def _make_tf_features(self, input_feat):
        """The windows of the input: [batch, feature_size] slices, frequency_skip apart."""
        input_size = _feature_count(input_feat)
        num_feats = int((input_size - self._feature_size) / self._frequency_skip) + 1
        return _slice_steps(input_feat, 0, num_feats, self._frequency_skip, self._feature_size)


class GridLSTMCell(SizesFromAttributes, _RNNCell):
    """TF 1.15's Grid LSTM (Kalchbrenner et al., https://arxiv.org/abs/1507.01526; peepholes after Sainath and
    Li): per window of the input's frequency blocks a time LSTM and a frequency LSTM. Variables per block b:
    W_f_<b>, B_f_<b> (and W_t_<b>, B_t_<b> unless share_time_frequency_weights), peepholes W_{F,I,O}_diag_
    {freq,time}{f,t}_<b>; with couple_input_forget_gates three gates, f = 1 - i. The state: a GridLSTMStateTuple
    (state_f<ii>_b<bb>_c, _m per window) or one concatenated tensor; the output [batch, 2 * num_units * windows]."""

    def __init__(self, num_units, use_peepholes=False, share_time_frequency_weights=False, cell_clip=None,
                 initializer=None, num_unit_shards=1, forget_bias=1.0, feature_size=None, frequency_skip=None,
                 num_frequency_blocks=None, start_freqindex_list=None, end_freqindex_list=None,
                 couple_input_forget_gates=False, state_is_tuple=True, reuse=None):
        super().__init__(_reuse=reuse)
        if not state_is_tuple:
            tf.logging.warn("%s: Using a concatenated state is slower and will soon be deprecated.  "
                            "Use state_is_tuple=True.", self)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._share_time_frequency_weights = share_time_frequency_weights
        self._couple_input_forget_gates = couple_input_forget_gates
        self._state_is_tuple = state_is_tuple
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_unit_shards = num_unit_shards
        self._forget_bias = forget_bias
        self._feature_size = feature_size
        self._frequency_skip = frequency_skip
        self._start_freqindex_list = start_freqindex_list
        self._end_freqindex_list = end_freqindex_list
        self._num_frequency_blocks = num_frequency_blocks
        self._reuse = reuse
        if self._num_frequency_blocks is None:
            raise ValueError("Must specify num_frequency_blocks")
        self._total_blocks = sum(int(blocks) for blocks in num_frequency_blocks)
        if state_is_tuple:
            self._state_tuple_type = collections.namedtuple(
                "GridLSTMStateTuple", self._state_names(("state",)).strip(","))
            self._state_size = self._state_tuple_type(*([num_units, num_units] * self._total_blocks))
        else:
            self._state_tuple_type = None
            self._state_size = num_units * self._total_blocks * 2
        self._output_size = num_units * self._total_blocks * 2

    def _state_names(self, prefixes):
        names = ""
        for prefix in prefixes:
            for block_index, blocks in enumerate(self._num_frequency_blocks):
                for freq_index in range(blocks):
                    name_prefix = "%s_f%02d_b%02d" % (prefix, freq_index, block_index)
                    names += "%s_c, %s_m," % (name_prefix, name_prefix)
        return names

    @property
    def state_tuple_type(self):
        return self._state_tuple_type

    def call(self, inputs, state):
        batch_size = tf.compat.dimension_value(inputs.shape[0]) or tf.shape(inputs)[0]
        freq_inputs = self._make_tf_features(inputs)
        m_out_lst, state_out_lst = [], []
        for block, block_inputs in enumerate(freq_inputs):
            m_out, state_out = self._compute(block_inputs, block, state, batch_size,
                                             state_is_tuple=self._state_is_tuple)
            m_out_lst.extend(m_out)
            state_out_lst.extend(state_out)
        if self._state_is_tuple:
            state_out = self._state_tuple_type(*state_out_lst)
        else:
            state_out = tf.concat(state_out_lst, 1)
        return tf.concat(m_out_lst, 1), state_out

    def _compute(self, freq_inputs, block, state, batch_size, state_prefix="state", state_is_tuple=True):
        """One step over one block's windows: ([m_time, m_freq] per window, [c_time, m_time] per window)."""
        sigmoid, tanh = tf.sigmoid, tf.tanh
        units = self._num_units
        coupled, shared, peepholes = (self._couple_input_forget_gates, self._share_time_frequency_weights,
                                      self._use_peepholes)
        num_gates = 3 if coupled else 4
        dtype = freq_inputs[0].dtype
        actual_input_size = freq_inputs[0].get_shape().as_list()[1]
        shape = [actual_input_size + 2 * units, num_gates * units]

        def bias(name):
            return tf.get_variable(name, shape=[num_gates * units], initializer=tf.zeros_initializer(), dtype=dtype)

        def diag(name):
            return tf.get_variable("%s_%d" % (name, block), shape=[units], dtype=dtype)

        # TF 1.15's order of creation (graph-seeded initial values follow it).
        concat_w_f = _sharded_variable("W_f_%d" % block, shape, dtype, self._num_unit_shards)
        b_f = bias("B_f_%d" % block)
        if not shared:
            concat_w_t = _sharded_variable("W_t_%d" % block, shape, dtype, self._num_unit_shards)
            b_t = bias("B_t_%d" % block)
        w = {}
        if peepholes:
            kinds = ("freq",) if shared else ("freq", "time")
            for kind in kinds:
                for gate in ("F", "I", "O"):
                    if gate == "F" and coupled:
                        continue
                    for source in ("f", "t"):
                        w[gate + kind + source] = diag("W_%s_diag_%s%s" % (gate, kind, source))
            if shared:  # the time LSTM uses the frequency LSTM's peepholes
                w.update({key.replace("freq", "time"): value for key, value in list(w.items())})

        def gates(matrix):
            parts = _tf1_ops.split(value=matrix, num_or_size_splits=num_gates, axis=1)
            if coupled:
                return parts[0], parts[1], None, parts[2]
            return parts

        m_prev_freq = _tf1_ops.zeros([batch_size, units], dtype)
        c_prev_freq = _tf1_ops.zeros([batch_size, units], dtype)
        state_out_lst, m_out_lst = [], []
        for freq_index, freq_input in enumerate(freq_inputs):
            if state_is_tuple:
                name_prefix = "%s_f%02d_b%02d" % (state_prefix, freq_index, block)
                c_prev_time = getattr(state, name_prefix + "_c")
                m_prev_time = getattr(state, name_prefix + "_m")
            else:
                c_prev_time = tf.slice(state, [0, 2 * freq_index * units], [-1, units])
                m_prev_time = tf.slice(state, [0, (2 * freq_index + 1) * units], [-1, units])
            cell_inputs = tf.concat([freq_input, m_prev_time, m_prev_freq], 1)
            i_freq, j_freq, f_freq, o_freq = gates(tf.nn.bias_add(tf.matmul(cell_inputs, concat_w_f), b_f))
            if shared:
                i_time, j_time, f_time, o_time = i_freq, j_freq, f_freq, o_freq
            else:
                i_time, j_time, f_time, o_time = gates(tf.nn.bias_add(tf.matmul(cell_inputs, concat_w_t), b_t))

            def cell_state(kind, i, j, f, c_prev):
                # the input gate, the forget gate, the new cell state of the frequency or the time LSTM
                if peepholes:
                    i_g = sigmoid(i + w["I%sf" % kind] * c_prev_freq + w["I%st" % kind] * c_prev_time)
                else:
                    i_g = sigmoid(i)
                if coupled:
                    f_g = 1.0 - i_g
                elif peepholes:
                    f_g = sigmoid(f + self._forget_bias + w["F%sf" % kind] * c_prev_freq
                                  + w["F%st" % kind] * c_prev_time)
                else:
                    f_g = sigmoid(f + self._forget_bias)
                c = f_g * c_prev + i_g * tanh(j)
                if self._cell_clip is not None:
                    c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
                return c

            c_freq = cell_state("freq", i_freq, j_freq, f_freq, c_prev_freq)
            c_time = cell_state("time", i_time, j_time, f_time, c_prev_time)

            def output(kind, o, c):
                if peepholes:
                    return sigmoid(o + w["O%sf" % kind] * c_freq + w["O%st" % kind] * c_time) * tanh(c)
                return sigmoid(o) * tanh(c)

            m_freq = output("freq", o_freq, c_freq)
            m_time = output("time", o_time, c_time)
            m_prev_freq, c_prev_freq = m_freq, c_freq
            state_out_lst.extend([c_time, m_time])
            m_out_lst.extend([m_time, m_freq])
        return m_out_lst, state_out_lst

    def _make_tf_features(self, input_feat, slice_offset=0):
        """Per frequency block, its windows: [batch, feature_size] slices, frequency_skip apart; a
        slice_offset (BidirectionalGridLSTMCell's backward pass) pads the input at its end (> 0) or front."""
        input_size = _feature_count(input_feat)
        if slice_offset > 0:
            inputs = tf.pad(input_feat, tf.constant([0, 0, 0, slice_offset], shape=[2, 2], dtype=tf.int32),
                            "CONSTANT")
        elif slice_offset < 0:
            inputs = tf.pad(input_feat, tf.constant([0, 0, -slice_offset, 0], shape=[2, 2], dtype=tf.int32),
                            "CONSTANT")
            slice_offset = 0
        else:
            inputs = input_feat
        if not self._start_freqindex_list:
            if len(self._num_frequency_blocks) != 1:
                raise ValueError("Length of num_frequency_blocks is not 1, but instead is %d"
                                 % len(self._num_frequency_blocks))
            num_feats = int((input_size - self._feature_size) / self._frequency_skip) + 1
            if num_feats != self._num_frequency_blocks[0]:
                raise ValueError("Invalid num_frequency_blocks, requires %d but gets %d, please check the input "
                                 "size and filter config are correct." % (self._num_frequency_blocks[0], num_feats))
            return [_slice_steps(inputs, slice_offset, num_feats, self._frequency_skip, self._feature_size)]
        if len(self._start_freqindex_list) != len(self._end_freqindex_list):
            # (TF 1.15 passed the lengths as further arguments of the ValueError, as here)
            raise ValueError("Length of start and end freqindex_list does not match %d %d",
                             len(self._start_freqindex_list), len(self._end_freqindex_list))
        if len(self._num_frequency_blocks) != len(self._start_freqindex_list):
            raise ValueError("Length of num_frequency_blocks is not equal to start_freqindex_list %d %d",
                             len(self._num_frequency_blocks), len(self._start_freqindex_list))
        freq_inputs = []
        for b, (start_index, end_index) in enumerate(zip(self._start_freqindex_list, self._end_freqindex_list)):
            block_feats = int((end_index - start_index - self._feature_size) / self._frequency_skip) + 1
            if block_feats != self._num_frequency_blocks[b]:
                raise ValueError("Invalid num_frequency_blocks, requires %d but gets %d, please check the input "
                                 "size and filter config are correct." % (self._num_frequency_blocks[b], block_feats))
            freq_inputs.append(_slice_steps(inputs, start_index + slice_offset, block_feats, self._frequency_skip,
                                            self._feature_size))
        return freq_inputs


class BidirectionalGridLSTMCell(GridLSTMCell):
    """TF 1.15's Grid LSTM run over the frequency blocks forwards (scope fwd/) and backwards (bwd/, its own
    weights), the time direction unchanged; the state a BidirectionalGridLSTMStateTuple (fwd_state_..., then
    bwd_state_...), the output both directions concatenated, [batch, 4 * num_units * windows]."""

    def __init__(self, num_units, use_peepholes=False, share_time_frequency_weights=False, cell_clip=None,
                 initializer=None, num_unit_shards=1, forget_bias=1.0, feature_size=None, frequency_skip=None,
                 num_frequency_blocks=None, start_freqindex_list=None, end_freqindex_list=None,
                 couple_input_forget_gates=False, backward_slice_offset=0, reuse=None):
        super().__init__(num_units, use_peepholes, share_time_frequency_weights, cell_clip, initializer,
                         num_unit_shards, forget_bias, feature_size, frequency_skip, num_frequency_blocks,
                         start_freqindex_list, end_freqindex_list, couple_input_forget_gates, True, reuse)
        self._backward_slice_offset = int(backward_slice_offset)
        self._state_tuple_type = collections.namedtuple(
            "BidirectionalGridLSTMStateTuple", self._state_names(("fwd_state", "bwd_state")).strip(","))
        self._state_size = self._state_tuple_type(*([num_units, num_units] * self._total_blocks * 2))
        self._output_size = 2 * num_units * self._total_blocks * 2

    def call(self, inputs, state):
        batch_size = tf.compat.dimension_value(inputs.shape[0]) or tf.shape(inputs)[0]
        fwd_inputs = self._make_tf_features(inputs)
        if self._backward_slice_offset:
            bwd_inputs = self._make_tf_features(inputs, self._backward_slice_offset)
        else:
            bwd_inputs = fwd_inputs
        m_out, state_out = {}, {}
        for direction, direction_inputs in (("fwd", fwd_inputs), ("bwd", bwd_inputs)):
            m_out[direction], state_out[direction] = [], []
            with tf.variable_scope(direction):
                for block, block_inputs in enumerate(direction_inputs):
                    if direction == "bwd":
                        block_inputs = block_inputs[::-1]  # the blocks' windows in reverse
                    m_block, state_block = self._compute(block_inputs, block, state, batch_size,
                                                         state_prefix=direction + "_state", state_is_tuple=True)
                    m_out[direction].extend(m_block)
                    state_out[direction].extend(state_block)
        new_state = self._state_tuple_type(*(state_out["fwd"] + state_out["bwd"]))
        return tf.concat(m_out["fwd"] + m_out["bwd"], 1), new_state


# --- XLA ------------------------------------------------------------------------------------------------------

class CompiledWrapper(DelegatesToCell, _RNNCell):
    """TF 1.15's cell wrapper that builds the cell's step in an XLA JIT scope (tf.xla.experimental.jit_scope):
    its ops carry _XlaCompile (true, or, by default, only for ops that are not stateful), _XlaScope and
    _XlaSeparateCompiledGradients, which TF 2.x's graph runtime still reads."""

    def __init__(self, cell, compile_stateful=False):
        super().__init__()
        self._cell = cell
        self._compile_stateful = compile_stateful

    def __call__(self, inputs, state, scope=None):
        if self._compile_stateful:
            compile_ops = True
        else:
            def compile_ops(node_def):
                return not _op_def_registry.get(node_def.op).is_stateful
        with _jit.experimental_jit_scope(compile_ops=compile_ops):
            return self._cell(inputs, state, scope=scope)
