"""tf.contrib.rnn's own cells and functions (those tf.nn.rnn_cell never had), rebuilt as TF 1.15 had them.

The cells subclass the TF1 cells scopecompat serves as tf.nn.rnn_cell (tf_keras's legacy cells under
Keras 3), so they scope, reuse and name their variables as TF 1.15's did, and checkpoints written by
TF 1.15 load by name:
- LSTMBlockCell ("lstm_cell/kernel", "/bias", peepholes "/w_i_diag", "/w_f_diag", "/w_o_diag"),
  LSTMBlockFusedCell ("lstm_fused_cell/..."; on its TF 1.15 base class LSTMBlockWrapper, which masks the outputs
  and picks the final state by sequence_length), GRUBlockCell ("gru_cell/w_ru", "/b_ru", "/w_c", "/b_c") and
  GRUBlockCellV2 ("gru_cell/gates/kernel", ... "/candidate/bias") run TF's own block kernels, which TF 2.x
  still has as raw ops (LSTMBlockCell, BlockLSTM, GRUBlockCell), so their values are TF 1.15's. TF 2.x
  registers gradients for BlockLSTM only; the ones for LSTMBlockCell and GRUBlockCell, which tf.contrib
  registered, are registered here on first use, from TF's own gradient kernels (LSTMBlockCellGrad,
  GRUBlockCellGrad), unless something else has already registered one.
- LayerNormBasicLSTMCell and CoupledInputForgetGateLSTMCell normalize with tf.contrib.layers.layer_norm
  (tf-slim's, TF 1.x's own code); AttentionCellWrapper and HighwayWrapper as TF 1.15 built them.
- stack_bidirectional_rnn / stack_bidirectional_dynamic_rnn: scopes stack_bidirectional_rnn/cell_<i>.
The conformance family cases/contrib_rnn.json compares names, shapes and values with TF 1.15.5.

Imported on first use of one of these names, never at `import scopecompat`.
"""

import abc
import importlib
import math

# TF's own rnn module: its check that a cell is like an RNNCell (tf.nn.dynamic_rnn's), for TF 1.15's
# TypeError, and the two helpers tf.contrib.rnn re-exported from it, which TF 2.x still has.
from tensorflow.python.ops import rnn as _tf_rnn
from tensorflow.python.ops import rnn_cell_impl

from scopecompat._contrib import tf_slim
from scopecompat._contrib.core_rnn_cell import DelegatesToCell, Linear, SizesFromAttributes
from scopecompat._legacy import random_seeds  # dropout with TF 1.15's ops (op count)
from scopecompat._legacy import tf1_ops  # split and zeros with TF 1.15's ops (op count)
from scopecompat._facade.bootstrap import tf_v1 as tf

__all__ = [
    "LSTMBlockCell", "LSTMBlockWrapper", "LSTMBlockFusedCell", "GRUBlockCell", "GRUBlockCellV2", "LayerNormBasicLSTMCell",
    "CoupledInputForgetGateLSTMCell", "AttentionCellWrapper", "HighwayWrapper",
    "stack_bidirectional_rnn", "stack_bidirectional_dynamic_rnn", "LayerRNNCell", "transpose_batch_time",
    "best_effort_input_batch_size",
]

# The TF1 cell classes scopecompat serves (tf_keras's under Keras 3, Keras 2's on TF < 2.16).
_rnn_cell = importlib.import_module("scopecompat.nn.rnn_cell")
_RNNCell = _rnn_cell.RNNCell
_LayerRNNCell = importlib.import_module(_RNNCell.__module__).LayerRNNCell
# The same Keras's InputSpec: the block cells check their inputs' rank as TF 1.15's did.
_InputSpec = importlib.import_module(_RNNCell.__module__).input_spec.InputSpec
_LSTMStateTuple = _rnn_cell.LSTMStateTuple
_Layer = importlib.import_module("scopecompat.layers").Layer

# tf.contrib.rnn re-exported these: the TF1 cell base class and TF's own helpers, by identity.
LayerRNNCell = _LayerRNNCell
transpose_batch_time = _tf_rnn._transpose_batch_time
best_effort_input_batch_size = _tf_rnn._best_effort_input_batch_size


# --- the block kernels' gradients ------------------------------------------------------------------

def _lstm_block_cell_grad(op, *grad):
    x, cs_prev, h_prev, w, wci, wcf, wco, b = op.inputs
    i, cs, f, o, ci, co, _ = op.outputs
    _, cs_grad, _, _, _, _, h_grad = grad
    input_size = tf.compat.dimension_value(x.shape[1])
    cs_prev_grad, dgates, wci_grad, wcf_grad, wco_grad = tf.raw_ops.LSTMBlockCellGrad(
        x=x, cs_prev=cs_prev, h_prev=h_prev, w=w, wci=wci, wcf=wcf, wco=wco, b=b, i=i, cs=cs, f=f, o=o, ci=ci,
        co=co, cs_grad=cs_grad, h_grad=h_grad, use_peephole=op.get_attr("use_peephole"))
    # The kernel gives the gradient of the gates; x, h_prev, w and b get theirs through xh * w + b.
    xh_grad = tf.matmul(dgates, w, transpose_b=True)
    x_grad = xh_grad[:, :input_size]
    h_prev_grad = xh_grad[:, input_size:]
    w_grad = tf.matmul(tf.concat([x, h_prev], 1), dgates, transpose_a=True)
    b_grad = tf.raw_ops.BiasAddGrad(out_backprop=dgates)
    return x_grad, cs_prev_grad, h_prev_grad, w_grad, wci_grad, wcf_grad, wco_grad, b_grad


def _gru_block_cell_grad(op, *grad):
    x, h_prev, w_ru, w_c, b_ru, b_c = op.inputs
    r, u, c, _ = op.outputs
    d_h = grad[3]
    d_x, d_h_prev, d_c_bar, d_r_bar_u_bar = tf.raw_ops.GRUBlockCellGrad(
        x=x, h_prev=h_prev, w_ru=w_ru, w_c=w_c, b_ru=b_ru, b_c=b_c, r=r, u=u, c=c, d_h=d_h)
    d_w_ru = tf.matmul(tf.concat([x, h_prev], 1), d_r_bar_u_bar, transpose_a=True)
    d_w_c = tf.matmul(tf.concat([x, h_prev * r], 1), d_c_bar, transpose_a=True)
    d_b_ru = tf.raw_ops.BiasAddGrad(out_backprop=d_r_bar_u_bar)
    d_b_c = tf.raw_ops.BiasAddGrad(out_backprop=d_c_bar)
    return d_x, d_h_prev, d_w_ru, d_w_c, d_b_ru, d_b_c


def _register_gradient(op_type, function):
    try:
        tf.RegisterGradient(op_type)(function)
    except KeyError:  # already registered (a newer TF, or another library): that one stands
        pass


_register_gradient("LSTMBlockCell", _lstm_block_cell_grad)
_register_gradient("GRUBlockCell", _gru_block_cell_grad)


def _static_size(tensor, axis, what):
    size = tf.compat.dimension_value(tensor.shape.with_rank_at_least(axis + 1)[axis])
    if size is None:
        raise ValueError("Expecting %s to be set: %s" % (what, tensor.shape))
    return size


# --- the block cells ---------------------------------------------------------------------------------

class LSTMBlockCell(_LayerRNNCell):
    """TF 1.15's LSTM on one fused kernel per step; variables lstm_cell/kernel and /bias as LSTMCell's."""

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False, dtype=None, reuse=None,
                 name="lstm_cell"):
        super().__init__(_reuse=reuse, dtype=dtype, name=name)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._use_peephole = use_peephole
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self.input_spec = _InputSpec(ndim=2)

    @property
    def state_size(self):
        return _LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        inputs_shape = tf.TensorShape(inputs_shape)
        input_size = tf.compat.dimension_value(inputs_shape.with_rank(2)[1])
        if not input_size:
            raise ValueError("Expecting inputs_shape[1] to be set: %s" % str(inputs_shape))
        self._kernel = self.add_weight("kernel", [input_size + self._num_units, self._num_units * 4])
        self._bias = self.add_weight("bias", [self._num_units * 4], initializer=tf.constant_initializer(0.0))
        if self._use_peephole:
            self._w_i_diag = self.add_weight("w_i_diag", [self._num_units])
            self._w_f_diag = self.add_weight("w_f_diag", [self._num_units])
            self._w_o_diag = self.add_weight("w_o_diag", [self._num_units])
        self.built = True

    def call(self, inputs, state):
        if len(state) != 2:
            raise ValueError("Expecting state to be a tuple with length 2.")
        if self._use_peephole:
            wci, wcf, wco = self._w_i_diag, self._w_f_diag, self._w_o_diag
        else:
            wci = wcf = wco = tf1_ops.zeros([self._num_units], dtype=self.dtype)
        cs_prev, h_prev = state
        _, cs, _, _, _, _, h = tf.raw_ops.LSTMBlockCell(
            x=inputs, cs_prev=cs_prev, h_prev=h_prev, w=self._kernel, wci=wci, wcf=wcf, wco=wco, b=self._bias,
            forget_bias=self._forget_bias, cell_clip=self._cell_clip, use_peephole=self._use_peephole)
        return h, _LSTMStateTuple(cs, h)


class LSTMBlockWrapper(_Layer, metaclass=abc.ABCMeta):
    """TF 1.15's base class of the fused LSTMs (LSTMBlockFusedCell): a layer run over a whole [time, batch,
    input] sequence, or a list of [batch, input] steps. It makes the zero initial state, masks the outputs past
    each sequence's end and picks the final state at it; a subclass gives `num_units` and `_call_cell`, which
    returns (cell states, outputs), each [time, batch, num_units].

    cell(inputs, initial_state=None, dtype=None, sequence_length=None) -> (outputs, LSTMStateTuple)."""

    @abc.abstractproperty
    def num_units(self):
        """Number of units in this cell (output dimension)."""

    @abc.abstractmethod
    def _call_cell(self, inputs, initial_cell_state, initial_output, dtype, sequence_length):
        """(cell states, outputs) of the LSTM over `inputs` [time, batch, input] from the given state."""

    def call(self, inputs, initial_state=None, dtype=None, sequence_length=None):
        is_list = isinstance(inputs, list)
        if is_list:
            inputs = tf.stack(inputs)
        inputs_shape = inputs.get_shape().with_rank(3)
        if not inputs_shape[2]:
            raise ValueError("Expecting inputs_shape[2] to be set: %s" % inputs_shape)
        batch_size = tf.compat.dimension_value(inputs_shape[1])
        if batch_size is None:
            batch_size = tf.shape(inputs)[1]
        time_len = tf.compat.dimension_value(inputs_shape[0])
        if time_len is None:
            time_len = tf.shape(inputs)[0]
        if initial_state is None:
            if dtype is None:
                raise ValueError("Either initial_state or dtype needs to be specified")
            zeros = tf1_ops.zeros(tf.stack([batch_size, self.num_units]), dtype=dtype)
            initial_state = zeros, zeros
        else:
            if len(initial_state) != 2:
                raise ValueError("Expecting initial_state to be a tuple with length 2 or None")
            if dtype is None:
                dtype = initial_state[0].dtype
        if sequence_length is not None:
            sequence_length = tf.convert_to_tensor(sequence_length)
        initial_cell_state, initial_output = initial_state
        cell_states, outputs = self._call_cell(inputs, initial_cell_state, initial_output, dtype, sequence_length)
        if sequence_length is None:
            final_cell_state, final_output = cell_states[-1], outputs[-1]
        else:
            # Zero the outputs past each sequence's end; the final state is the one at its last step (the
            # initial state for an empty sequence), TF 1.15's ops in its order.
            mask = tf.transpose(tf.sequence_mask(sequence_length, time_len, dtype=dtype), [1, 0])
            outputs *= tf.tile(tf.expand_dims(mask, [-1]), [1, 1, self.num_units])
            all_cell_states = tf.concat([tf.expand_dims(initial_cell_state, [0]), cell_states], 0)
            all_outputs = tf.concat([tf.expand_dims(initial_output, [0]), outputs], 0)
            final_cell_state = self._gather_states(all_cell_states, sequence_length, batch_size)
            final_output = self._gather_states(all_outputs, sequence_length, batch_size)
        if is_list:
            outputs = tf.unstack(outputs)
        return outputs, _LSTMStateTuple(final_cell_state, final_output)

    def _gather_states(self, data, indices, batch_size):
        """out[i, j] = data[indices[i], i, j]."""
        return tf.gather_nd(data, tf.stack([indices, tf.range(batch_size)], axis=1))


class LSTMBlockFusedCell(LSTMBlockWrapper):
    """TF 1.15's LSTM over a whole [time, batch, input] sequence in one BlockLSTM kernel (LSTMBlockWrapper's
    housekeeping around it); variables lstm_fused_cell/kernel, /bias (peepholes /w_i_diag, ...)."""

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False, reuse=None, dtype=None,
                 name="lstm_fused_cell"):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self._use_peephole = use_peephole
        self.input_spec = _InputSpec(ndim=3)

    @property
    def num_units(self):
        return self._num_units

    def build(self, input_shape):
        input_size = tf.compat.dimension_value(tf.TensorShape(input_shape).with_rank(3)[2])
        self._kernel = self.add_weight("kernel", [input_size + self._num_units, self._num_units * 4])
        self._bias = self.add_weight("bias", [self._num_units * 4], initializer=tf.constant_initializer(0.0))
        if self._use_peephole:
            self._w_i_diag = self.add_weight("w_i_diag", [self._num_units])
            self._w_f_diag = self.add_weight("w_f_diag", [self._num_units])
            self._w_o_diag = self.add_weight("w_o_diag", [self._num_units])
        self.built = True

    def _call_cell(self, inputs, initial_cell_state=None, initial_output=None, dtype=None, sequence_length=None):
        time_len = tf.compat.dimension_value(inputs.get_shape().with_rank(3)[0])
        if time_len is None:
            time_len = tf.shape(inputs)[0]
        # The peephole weights (or their zeros), then the length, in TF 1.15's order (its op count).
        if self._use_peephole:
            wci, wcf, wco = self._w_i_diag, self._w_f_diag, self._w_o_diag
        else:
            wci = wcf = wco = tf1_ops.zeros([self._num_units], dtype=dtype)
        if sequence_length is None:
            max_seq_len = tf.cast(time_len, tf.int64)
        else:
            max_seq_len = tf.cast(tf.reduce_max(sequence_length), tf.int64)
        _, cell_states, _, _, _, _, outputs = tf.raw_ops.BlockLSTM(
            seq_len_max=max_seq_len, x=inputs, cs_prev=initial_cell_state, h_prev=initial_output, w=self._kernel,
            wci=wci, wcf=wcf, wco=wco, b=self._bias, forget_bias=self._forget_bias, cell_clip=self._cell_clip,
            use_peephole=self._use_peephole)
        return cell_states, outputs


class GRUBlockCell(_LayerRNNCell):
    """TF 1.15's GRU on one fused kernel per step; variables gru_cell/w_ru, /b_ru, /w_c, /b_c."""

    _NAMES = ("w_ru", "b_ru", "w_c", "b_c")

    def __init__(self, num_units=None, cell_size=None, reuse=None, name="gru_cell"):
        super().__init__(_reuse=reuse, name=name)
        if (cell_size is None) == (num_units is None):
            raise ValueError("Exactly one of num_units or cell_size must be provided.")
        self._cell_size = num_units if num_units is not None else cell_size
        self.input_spec = _InputSpec(ndim=2)

    @property
    def state_size(self):
        return self._cell_size

    @property
    def output_size(self):
        return self._cell_size

    def build(self, input_shape):
        input_size = tf.compat.dimension_value(tf.TensorShape(input_shape)[1])
        if input_size is None:
            raise ValueError("Expecting input_size to be set.")
        w_ru, b_ru, w_c, b_c = self._NAMES
        size = self._cell_size
        self._gate_kernel = self.add_weight(w_ru, [input_size + size, size * 2])
        self._gate_bias = self.add_weight(b_ru, [size * 2], initializer=tf.constant_initializer(1.0))
        self._candidate_kernel = self.add_weight(w_c, [input_size + size, size])
        self._candidate_bias = self.add_weight(b_c, [size], initializer=tf.constant_initializer(0.0))
        self.built = True

    def call(self, inputs, h_prev):
        cell_size = h_prev.get_shape().with_rank(2)[1]
        if cell_size != self._cell_size:
            raise ValueError("Shape of h_prev[1] incorrect: cell_size %i vs %s" % (self._cell_size, cell_size))
        _, _, _, new_h = tf.raw_ops.GRUBlockCell(
            x=inputs, h_prev=h_prev, w_ru=self._gate_kernel, w_c=self._candidate_kernel, b_ru=self._gate_bias,
            b_c=self._candidate_bias)
        return new_h, new_h


class GRUBlockCellV2(GRUBlockCell):
    """GRUBlockCell with GRUCell's variable names: gru_cell/gates/kernel, /gates/bias, /candidate/kernel,
    /candidate/bias (so GRUCell checkpoints load)."""

    _NAMES = ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")


# --- the cells built from ops ----------------------------------------------------------------------

def _layer_norm(inputs, scope, gain, shift, dtype=tf.float32):
    """contrib's layer norm with gamma and beta first created with the given initial values, as the
    contrib cells did (tf.contrib.layers.layer_norm, tf-slim's, then reuses them)."""
    shape = inputs.get_shape()[-1:]
    with tf.variable_scope(scope):
        tf.get_variable("gamma", shape=shape, initializer=tf.constant_initializer(gain), dtype=dtype)
        tf.get_variable("beta", shape=shape, initializer=tf.constant_initializer(shift), dtype=dtype)
    return tf_slim.load().layers.layer_norm(inputs, reuse=True, scope=scope)


class LayerNormBasicLSTMCell(_RNNCell):
    """TF 1.15's LSTM with layer normalization of the gates and the cell state, and recurrent dropout."""

    def __init__(self, num_units, forget_bias=1.0, input_size=None, activation=tf.tanh, layer_norm=True,
                 norm_gain=1.0, norm_shift=0.0, dropout_keep_prob=1.0, dropout_prob_seed=None, reuse=None):
        super().__init__(_reuse=reuse)
        if input_size is not None:
            tf.logging.warn("%s: The input_size parameter is deprecated.", self)
        self._num_units = num_units
        self._activation = activation
        self._forget_bias = forget_bias
        self._keep_prob = dropout_keep_prob
        self._seed = dropout_prob_seed
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift

    @property
    def state_size(self):
        return _LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def _norm(self, inputs, scope, dtype):
        return _layer_norm(inputs, scope, self._norm_gain, self._norm_shift, dtype)

    def call(self, inputs, state):
        c, h = state
        args = tf.concat([inputs, h], 1)
        dtype = args.dtype
        out_size = 4 * self._num_units
        concat = tf.matmul(args, tf.get_variable("kernel", [args.get_shape()[-1], out_size], dtype=dtype))
        if not self._layer_norm:
            concat = tf.nn.bias_add(concat, tf.get_variable("bias", [out_size], dtype=dtype))
        i, j, f, o = tf1_ops.split(value=concat, num_or_size_splits=4, axis=1)
        if self._layer_norm:
            i = self._norm(i, "input", dtype)
            j = self._norm(j, "transform", dtype)
            f = self._norm(f, "forget", dtype)
            o = self._norm(o, "output", dtype)
        g = self._activation(j)
        if not isinstance(self._keep_prob, float) or self._keep_prob < 1:
            g = random_seeds.dropout(g, self._keep_prob, seed=self._seed)
        new_c = c * tf.sigmoid(f + self._forget_bias) + tf.sigmoid(i) * g
        if self._layer_norm:
            new_c = self._norm(new_c, "state", dtype)
        new_h = self._activation(new_c) * tf.sigmoid(o)
        return new_h, _LSTMStateTuple(new_c, new_h)


def _sharded_variable(name, shape, dtype, num_shards):
    """The variable `name`, or `name`_0 ... split over rows and concatenated once per scope (TF 1.15's
    _get_concat_variable: the concatenation goes in the CONCATENATED_VARIABLES collection)."""
    if num_shards > shape[0]:
        raise ValueError("Too many shards: shape=%s, num_shards=%d" % (shape, num_shards))
    unit = int(math.floor(shape[0] / num_shards))
    remaining = shape[0] - unit * num_shards
    shards = [tf.get_variable(name + "_%d" % i, [unit + (1 if i < remaining else 0)] + shape[1:], dtype=dtype)
              for i in range(num_shards)]
    if len(shards) == 1:
        return shards[0]
    concat_name = name + "/concat"
    full_name = tf.get_variable_scope().name + "/" + concat_name + ":0"
    for value in tf.get_collection(tf.GraphKeys.CONCATENATED_VARIABLES):
        if value.name == full_name:
            return value
    concatenated = tf.concat(shards, 0, name=concat_name)
    tf.add_to_collection(tf.GraphKeys.CONCATENATED_VARIABLES, concatenated)
    return concatenated


class CoupledInputForgetGateLSTMCell(SizesFromAttributes, _RNNCell):
    """TF 1.15's LSTM whose input gate is 1 - forget gate; optional peepholes, projection, layer norm."""

    def __init__(self, num_units, use_peepholes=False, initializer=None, num_proj=None, proj_clip=None,
                 num_unit_shards=1, num_proj_shards=1, forget_bias=1.0, state_is_tuple=True, activation=tf.tanh,
                 reuse=None, layer_norm=False, norm_gain=1.0, norm_shift=0.0):
        super().__init__(_reuse=reuse)
        if not state_is_tuple:
            tf.logging.warn("%s: Using a concatenated state is slower and will soon be deprecated.  "
                            "Use state_is_tuple=True.", self)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards = num_unit_shards
        self._num_proj_shards = num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        output = num_proj if num_proj else num_units
        self._state_size = (_LSTMStateTuple(num_units, output) if state_is_tuple else num_units + output)
        self._output_size = output

    def call(self, inputs, state):
        num_proj = self._num_units if self._num_proj is None else self._num_proj
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = tf.slice(state, [0, 0], [-1, self._num_units])
            m_prev = tf.slice(state, [0, self._num_units], [-1, num_proj])
        dtype = inputs.dtype
        input_size = tf.compat.dimension_value(inputs.get_shape().with_rank(2)[1])
        if input_size is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        concat_w = _sharded_variable("W", [input_size + num_proj, 3 * self._num_units], dtype,
                                     self._num_unit_shards)
        b = tf.get_variable("B", shape=[3 * self._num_units], initializer=tf.zeros_initializer(), dtype=dtype)
        lstm_matrix = tf.matmul(tf.concat([inputs, m_prev], 1), concat_w)
        if not self._layer_norm:  # layer norm's beta replaces the bias
            lstm_matrix = tf.nn.bias_add(lstm_matrix, b)
        j, f, o = tf1_ops.split(value=lstm_matrix, num_or_size_splits=3, axis=1)
        if self._layer_norm:
            j = _layer_norm(j, "transform", self._norm_gain, self._norm_shift)
            f = _layer_norm(f, "forget", self._norm_gain, self._norm_shift)
            o = _layer_norm(o, "output", self._norm_gain, self._norm_shift)
        if self._use_peepholes:
            w_f_diag = tf.get_variable("W_F_diag", shape=[self._num_units], dtype=dtype)
            w_o_diag = tf.get_variable("W_O_diag", shape=[self._num_units], dtype=dtype)
            f_act = tf.sigmoid(f + self._forget_bias + w_f_diag * c_prev)
        else:
            f_act = tf.sigmoid(f + self._forget_bias)
        c = f_act * c_prev + (1 - f_act) * self._activation(j)
        if self._layer_norm:
            c = _layer_norm(c, "state", self._norm_gain, self._norm_shift)
        if self._use_peepholes:
            m = tf.sigmoid(o + w_o_diag * c) * self._activation(c)
        else:
            m = tf.sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = tf.matmul(m, _sharded_variable("W_P", [self._num_units, self._num_proj], dtype,
                                               self._num_proj_shards))
            if self._proj_clip is not None:
                m = tf.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = _LSTMStateTuple(c, m) if self._state_is_tuple else tf.concat([c, m], 1)
        return m, new_state


class AttentionCellWrapper(_RNNCell):
    """TF 1.15's attention over the cell's last `attn_length` outputs (Bahdanau-style, one head)."""

    def __init__(self, cell, attn_length, attn_size=None, attn_vec_size=None, input_size=None,
                 state_is_tuple=True, reuse=None):
        super().__init__(_reuse=reuse)
        rnn_cell_impl.assert_like_rnncell("cell", cell)
        if tf.nest.is_nested(cell.state_size) and not state_is_tuple:
            raise ValueError("Cell returns tuple of states, but the flag state_is_tuple is not set. "
                             "State size is: %s" % str(cell.state_size))
        if attn_length <= 0:
            raise ValueError("attn_length should be greater than zero, got %s" % str(attn_length))
        if not state_is_tuple:
            tf.logging.warn("%s: Using a concatenated state is slower and will soon be deprecated.  "
                            "Use state_is_tuple=True.", self)
        if attn_size is None:
            attn_size = cell.output_size
        if attn_vec_size is None:
            attn_vec_size = attn_size
        self._state_is_tuple = state_is_tuple
        self._cell = cell
        self._attn_vec_size = attn_vec_size
        self._input_size = input_size
        self._attn_size = attn_size
        self._attn_length = attn_length
        self._linear1 = self._linear2 = self._linear3 = None

    @property
    def state_size(self):
        size = (self._cell.state_size, self._attn_size, self._attn_size * self._attn_length)
        return size if self._state_is_tuple else sum(size)

    @property
    def output_size(self):
        return self._attn_size

    def call(self, inputs, state):
        if self._state_is_tuple:
            state, attns, attn_states = state
        else:
            states = state
            state = tf.slice(states, [0, 0], [-1, self._cell.state_size])
            attns = tf.slice(states, [0, self._cell.state_size], [-1, self._attn_size])
            attn_states = tf.slice(states, [0, self._cell.state_size + self._attn_size],
                                   [-1, self._attn_size * self._attn_length])
        attn_states = tf.reshape(attn_states, [-1, self._attn_length, self._attn_size])
        input_size = self._input_size
        if input_size is None:
            input_size = inputs.get_shape().as_list()[1]
        if self._linear1 is None:
            self._linear1 = Linear([inputs, attns], input_size, True)
        inputs = self._linear1([inputs, attns])
        cell_output, new_state = self._cell(inputs, state)
        new_state_cat = tf.concat(tf.nest.flatten(new_state), 1) if self._state_is_tuple else new_state
        new_attns, new_attn_states = self._attention(new_state_cat, attn_states)
        with tf.variable_scope("attn_output_projection"):
            if self._linear2 is None:
                self._linear2 = Linear([cell_output, new_attns], self._attn_size, True)
            output = self._linear2([cell_output, new_attns])
        new_attn_states = tf.concat([new_attn_states, tf.expand_dims(output, 1)], 1)
        new_attn_states = tf.reshape(new_attn_states, [-1, self._attn_length * self._attn_size])
        new_state = (new_state, new_attns, new_attn_states)
        if not self._state_is_tuple:
            new_state = tf.concat(list(new_state), 1)
        return output, new_state

    def _attention(self, query, attn_states):
        with tf.variable_scope("attention"):
            k = tf.get_variable("attn_w", [1, 1, self._attn_size, self._attn_vec_size])
            v = tf.get_variable("attn_v", [self._attn_vec_size])
            hidden = tf.reshape(attn_states, [-1, self._attn_length, 1, self._attn_size])
            hidden_features = tf.nn.conv2d(hidden, k, [1, 1, 1, 1], "SAME")
            if self._linear3 is None:
                self._linear3 = Linear(query, self._attn_vec_size, True)
            y = tf.reshape(self._linear3(query), [-1, 1, 1, self._attn_vec_size])
            s = tf.reduce_sum(v * tf.tanh(hidden_features + y), [2, 3])
            a = tf.nn.softmax(s)
            d = tf.reduce_sum(tf.reshape(a, [-1, self._attn_length, 1, 1]) * hidden, [1, 2])
            new_attns = tf.reshape(d, [-1, self._attn_size])
            new_attn_states = tf.slice(attn_states, [0, 1, 0], [-1, -1, -1])
            return new_attns, new_attn_states


class HighwayWrapper(DelegatesToCell, _RNNCell):
    """TF 1.15's highway connection around a cell: inputs * carry + outputs * transform, with variables
    carry_w, carry_b (and transform_w, transform_b when the gates are not coupled) in the caller's scope."""

    def __init__(self, cell, couple_carry_transform_gates=True, carry_bias_init=1.0):
        super().__init__()
        self._cell = cell
        self._couple_carry_transform_gates = couple_carry_transform_gates
        self._carry_bias_init = carry_bias_init

    def _highway(self, inp, out):
        input_size = tf.compat.dimension_value(inp.get_shape().with_rank(2)[1])
        carry_weight = tf.get_variable("carry_w", [input_size, input_size])
        carry_bias = tf.get_variable("carry_b", [input_size],
                                     initializer=tf.constant_initializer(self._carry_bias_init))
        carry = tf.sigmoid(tf.nn.xw_plus_b(inp, carry_weight, carry_bias))
        if self._couple_carry_transform_gates:
            transform = 1 - carry
        else:
            transform_weight = tf.get_variable("transform_w", [input_size, input_size])
            transform_bias = tf.get_variable("transform_b", [input_size],
                                             initializer=tf.constant_initializer(-self._carry_bias_init))
            transform = tf.sigmoid(tf.nn.xw_plus_b(inp, transform_weight, transform_bias))
        return inp * carry + out * transform

    def __call__(self, inputs, state, scope=None):
        outputs, new_state = self._cell(inputs, state, scope=scope)
        tf.nest.assert_same_structure(inputs, outputs)
        tf.nest.map_structure(lambda i, o: i.get_shape().assert_is_compatible_with(o.get_shape()), inputs, outputs)
        return tf.nest.map_structure(self._highway, inputs, outputs), new_state


# --- stacked bidirectional RNNs ----------------------------------------------------------------------

def _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw):
    if not cells_fw:
        raise ValueError("Must specify at least one fw cell for BidirectionalRNN.")
    if not cells_bw:
        raise ValueError("Must specify at least one bw cell for BidirectionalRNN.")
    if not isinstance(cells_fw, list):
        raise ValueError("cells_fw must be a list of RNNCells (one per layer).")
    if not isinstance(cells_bw, list):
        raise ValueError("cells_bw must be a list of RNNCells (one per layer).")
    if len(cells_fw) != len(cells_bw):
        raise ValueError("Forward and Backward cells must have the same depth.")
    for states, direction in ((initial_states_fw, "fw"), (initial_states_bw, "bw")):
        if states is not None and (not isinstance(states, list) or len(states) != len(cells_fw)):
            raise ValueError("initial_states_%s must be a list of state tensors (one per layer)." % direction)


def _layers(cells_fw, cells_bw, initial_states_fw, initial_states_bw):
    """(i, cell_fw, cell_bw, initial_state_fw, initial_state_bw) per layer."""
    for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
        yield (i, cell_fw, cell_bw, initial_states_fw[i] if initial_states_fw else None,
               initial_states_bw[i] if initial_states_bw else None)


def stack_bidirectional_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None,
                            dtype=None, sequence_length=None, scope=None):
    """Layers of tf.nn.static_bidirectional_rnn, each fed the previous layer's concatenated outputs:
    (outputs, states_fw, states_bw), the states one per layer."""
    _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    layer = inputs
    with tf.variable_scope(scope or "stack_bidirectional_rnn"):
        layers = _layers(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
        for i, cell_fw, cell_bw, state_fw, state_bw in layers:
            with tf.variable_scope("cell_%d" % i) as cell_scope:
                layer, state_fw, state_bw = tf.nn.static_bidirectional_rnn(
                    cell_fw, cell_bw, layer, initial_state_fw=state_fw, initial_state_bw=state_bw,
                    sequence_length=sequence_length, dtype=dtype, scope=cell_scope)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return layer, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None,
                                    dtype=None, sequence_length=None, parallel_iterations=None, time_major=False,
                                    scope=None, swap_memory=False):
    """Layers of tf.nn.bidirectional_dynamic_rnn, each fed the previous layer's outputs concatenated on the
    last axis: (outputs, states_fw, states_bw), the states one per layer."""
    _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    layer = inputs
    with tf.variable_scope(scope or "stack_bidirectional_rnn"):
        layers = _layers(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
        for i, cell_fw, cell_bw, state_fw, state_bw in layers:
            with tf.variable_scope("cell_%d" % i):
                outputs, (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
                    cell_fw, cell_bw, layer, initial_state_fw=state_fw, initial_state_bw=state_bw,
                    sequence_length=sequence_length, parallel_iterations=parallel_iterations, dtype=dtype,
                    swap_memory=swap_memory, time_major=time_major)
                layer = tf.concat(outputs, 2)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return layer, tuple(states_fw), tuple(states_bw)
