"""tf.contrib.seq2seq's attention (TF 1.15's graph API), rebuilt on tf.compat.v1.

The mechanisms (BahdanauAttention, LuongAttention and their monotonic forms) make their memory_layer when
built (variable memory_layer/kernel, in the scope where the mechanism is made) and, when first called
inside AttentionWrapper, their scoring variables in <wrapper scope>/bahdanau_attention/ (query_layer/kernel,
attention_v, ...), as TF 1.15 named them. AttentionWrapper is an RNN cell of scopecompat's TF1 cells
(tf.nn.rnn_cell.RNNCell: tf_keras's on Keras 3), so its scope is attention_wrapper/ and the wrapped cell's
variables live below it.

Batch sizes of memory and state are checked as TF 1.15 checks them (an assert whose message names
tile_batch); a mismatch known at graph build fails there, with TF's error and message, then a line saying
which batch sizes met and what to pass.
"""

import collections
import functools
import math

import numpy as np

import scopecompat
from scopecompat._contrib.seq2seq.basic_decoder import assert_like_rnncell
from scopecompat._contrib.seq2seq.decoder import zeros_for
from scopecompat._facade.bootstrap import tf_v1 as tf
from scopecompat._legacy import tf1_ops  # TF 1.15's ops for the TF functions TF 2.x builds otherwise

__all__ = ["AttentionMechanism", "AttentionWrapper", "AttentionWrapperState", "LuongAttention",
           "BahdanauAttention", "hardmax", "safe_cumprod", "monotonic_attention", "BahdanauMonotonicAttention",
           "LuongMonotonicAttention"]

# TF1's Layer and RNNCell as scopecompat serves them (tf_keras's TF1 layers and cells on Keras 3): the
# mechanisms' Dense layers and AttentionWrapper must be the classes the rest of a TF1 program uses.
_layers = scopecompat.layers
_rnn_cell = scopecompat.nn.rnn_cell


class AttentionMechanism(object):
    """The base class of attention mechanisms (what AttentionWrapper accepts)."""

    @property
    def alignments_size(self):
        raise NotImplementedError

    @property
    def state_size(self):
        raise NotImplementedError


class _Dense(_layers.Dense):
    """tf.layers.Dense (a subclass: the same variables, the same class for isinstance) whose product with a rank-3
    input builds TF 1.15's tensordot (tf1_ops), as TF 1.15's memory_layer did: TF 2.x's tensordot leaves out 6 of
    its ops there, which would shift the op seeds of every graph-seeded draw after the mechanism."""

    def call(self, inputs):
        rank = inputs.shape.rank
        if (rank is None or rank <= 2 or tf.executing_eagerly() or not isinstance(inputs, tf.Tensor)
                or inputs.dtype.base_dtype != self.kernel.dtype.base_dtype):
            return super().call(inputs)
        outputs = tf1_ops.tensordot(inputs, self.kernel, [[rank - 1], [0]])
        outputs.set_shape(inputs.shape.as_list()[:-1] + [self.units])
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias)
        return outputs if self.activation is None else self.activation(outputs)


def _dense(num_units, name, dtype):
    return _Dense(num_units, name=name, use_bias=False, dtype=dtype)


def _prepare_memory(memory, memory_sequence_length, check_inner_dims_defined):
    """The memory as tensors, zeroed past each entry's memory_sequence_length."""
    memory = tf.nest.map_structure(lambda m: tf.convert_to_tensor(m, name="memory"), memory)
    if memory_sequence_length is not None:
        memory_sequence_length = tf.convert_to_tensor(memory_sequence_length, name="memory_sequence_length")
    if check_inner_dims_defined:
        for m in tf.nest.flatten(memory):
            if not m.get_shape()[2:].is_fully_defined():
                raise ValueError("Expected memory %s to have fully defined inner dims, but saw shape: %s"
                                 % (m.name, m.get_shape()))
    if memory_sequence_length is None:
        return memory
    first = tf.nest.flatten(memory)[0]
    mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(first)[1], dtype=first.dtype)

    def masked(m):
        rank = m.get_shape().ndims
        rank = rank if rank is not None else tf.rank(m)
        extra_ones = tf1_ops.ones(rank - 2, dtype=tf.int32)
        return m * tf.reshape(mask, tf.concat((tf.shape(mask), extra_ones), 0))

    return tf.nest.map_structure(masked, memory)


def _mask_score(score, memory_sequence_length, score_mask_value):
    """Scores past each entry's memory length replaced by score_mask_value (-inf: zero probability)."""
    if memory_sequence_length is None:
        return score
    message = "All values in memory_sequence_length must be greater than zero."
    with tf.control_dependencies([tf.assert_positive(memory_sequence_length, message=message)]):
        mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(score)[1])
    return tf.where(mask, score, score_mask_value * tf1_ops.ones_like(score))


def _static_or_dynamic(tensor, axis):
    return tf.compat.dimension_value(tensor.shape[axis]) or tf.shape(tensor)[axis]


class _BaseAttentionMechanism(AttentionMechanism):
    """Memory, keys (memory through memory_layer) and the probability function with masking."""

    def __init__(self, query_layer, memory, probability_fn, memory_sequence_length=None, memory_layer=None,
                 check_inner_dims_defined=True, score_mask_value=None, custom_key_value_fn=None, name=None):
        if query_layer is not None and not isinstance(query_layer, _layers.Layer):
            raise TypeError("query_layer is not a Layer: %s" % type(query_layer).__name__)
        if memory_layer is not None and not isinstance(memory_layer, _layers.Layer):
            raise TypeError("memory_layer is not a Layer: %s" % type(memory_layer).__name__)
        self._query_layer = query_layer
        self._memory_layer = memory_layer
        self.dtype = memory_layer.dtype
        if not callable(probability_fn):
            raise TypeError("probability_fn must be callable, saw type: %s" % type(probability_fn).__name__)
        if score_mask_value is None:
            score_mask_value = tf.as_dtype(self._memory_layer.dtype).as_numpy_dtype(-np.inf)
        self._probability_fn = lambda score, previous: probability_fn(
            _mask_score(score, memory_sequence_length, score_mask_value), previous)
        with tf.name_scope(name, "BaseAttentionMechanismInit", tf.nest.flatten(memory)):
            self._values = _prepare_memory(memory, memory_sequence_length, check_inner_dims_defined)
            self._keys = self.memory_layer(self._values) if self.memory_layer else self._values
            if custom_key_value_fn is not None:
                self._keys, self._values = custom_key_value_fn(self._keys, self._values)
            self._batch_size = _static_or_dynamic(self._keys, 0)
            self._alignments_size = _static_or_dynamic(self._keys, 1)

    @property
    def memory_layer(self):
        return self._memory_layer

    @property
    def query_layer(self):
        return self._query_layer

    @property
    def values(self):
        return self._values

    @property
    def keys(self):
        return self._keys

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def alignments_size(self):
        return self._alignments_size

    @property
    def state_size(self):
        return self._alignments_size

    def initial_alignments(self, batch_size, dtype):
        return zeros_for(self._alignments_size, dtype, batch_size)

    def initial_state(self, batch_size, dtype):
        return self.initial_alignments(batch_size, dtype)


def _luong_score(query, keys, scale):
    """query . key for every memory position (times the scalar `scale` when given)."""
    depth = query.get_shape()[-1]
    key_units = keys.get_shape()[-1]
    if depth != key_units:
        raise ValueError(
            "Incompatible or unknown inner dimensions between query and keys.  Query (%s) has units: %s.  "
            "Keys (%s) have units: %s.  Perhaps you need to set num_units to the keys' dimension (%s)?"
            % (query, depth, keys, key_units, key_units))
    score = tf.squeeze(tf.matmul(tf.expand_dims(query, 1), keys, transpose_b=True), [1])
    return score if scale is None else scale * score


def _bahdanau_score(processed_query, keys, attention_v, attention_g=None, attention_b=None):
    """v . tanh(keys + query) for every memory position; weight-normalized v when g and b are given."""
    processed_query = tf.expand_dims(processed_query, 1)
    if attention_g is not None and attention_b is not None:
        normed_v = attention_g * attention_v * tf.rsqrt(tf.reduce_sum(tf.square(attention_v)))
        return tf.reduce_sum(normed_v * tf.tanh(keys + processed_query + attention_b), [2])
    return tf.reduce_sum(attention_v * tf.tanh(keys + processed_query), [2])


def _luong_scale(scale, dtype):
    if not scale:
        return None
    return tf.get_variable("attention_g", dtype=dtype, initializer=tf.ones_initializer, shape=())


def _bahdanau_variables(num_units, normalize, dtype):
    """attention_v, and attention_g/attention_b when normalized, in the current scope."""
    attention_v = tf.get_variable("attention_v", [num_units], dtype=dtype)
    if not normalize:
        return attention_v, None, None
    attention_g = tf.get_variable("attention_g", dtype=dtype, shape=(),
                                  initializer=tf.constant_initializer(math.sqrt(1.0 / num_units)))
    attention_b = tf.get_variable("attention_b", [num_units], dtype=dtype, initializer=tf.zeros_initializer())
    return attention_v, attention_g, attention_b


def _softmax_or(probability_fn):
    return lambda score, _: (tf.nn.softmax if probability_fn is None else probability_fn)(score)


class LuongAttention(_BaseAttentionMechanism):
    """Multiplicative attention (Luong et al. 2015); scale=True adds a learned scalar attention_g."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False, probability_fn=None,
                 score_mask_value=None, dtype=None, custom_key_value_fn=None, name="LuongAttention"):
        dtype = dtype or tf.float32
        super().__init__(query_layer=None, memory_layer=_dense(num_units, "memory_layer", dtype), memory=memory,
                         probability_fn=_softmax_or(probability_fn), memory_sequence_length=memory_sequence_length,
                         score_mask_value=score_mask_value, custom_key_value_fn=custom_key_value_fn, name=name)
        self._num_units = num_units
        self._scale = scale
        self._name = name

    def __call__(self, query, state):
        with tf.variable_scope(None, "luong_attention", [query]):
            score = _luong_score(query, self._keys, _luong_scale(self._scale, query.dtype))
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class BahdanauAttention(_BaseAttentionMechanism):
    """Additive attention (Bahdanau et al. 2015); normalize=True is the weight-normalized form."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False, probability_fn=None,
                 score_mask_value=None, dtype=None, custom_key_value_fn=None, name="BahdanauAttention"):
        dtype = dtype or tf.float32
        super().__init__(query_layer=_dense(num_units, "query_layer", dtype),
                         memory_layer=_dense(num_units, "memory_layer", dtype), memory=memory,
                         probability_fn=_softmax_or(probability_fn), custom_key_value_fn=custom_key_value_fn,
                         memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
                         name=name)
        self._num_units = num_units
        self._normalize = normalize
        self._name = name

    def __call__(self, query, state):
        with tf.variable_scope(None, "bahdanau_attention", [query]):
            processed_query = self.query_layer(query) if self.query_layer else query
            score = _bahdanau_score(processed_query, self._keys,
                                    *_bahdanau_variables(self._num_units, self._normalize, query.dtype))
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def safe_cumprod(x, *args, **kwargs):
    """cumprod computed as exp(cumsum(log x)), with x clipped to [tiny, 1] so that it stays finite."""
    with tf.name_scope(None, "SafeCumprod", [x]):
        x = tf.convert_to_tensor(x, name="x")
        tiny = np.finfo(x.dtype.as_numpy_dtype).tiny
        return tf.exp(tf.cumsum(tf.log(tf.clip_by_value(x, tiny, 1)), *args, **kwargs))


def monotonic_attention(p_choose_i, previous_attention, mode):
    """The expected monotonic alignment given choosing probabilities (mode 'recursive', 'parallel' or
    'hard'), as TF 1.15 computes it."""
    p_choose_i = tf.convert_to_tensor(p_choose_i, name="p_choose_i")
    previous_attention = tf.convert_to_tensor(previous_attention, name="previous_attention")
    if mode == "recursive":
        batch_size = _static_or_dynamic(p_choose_i, 0)
        shifted_1mp_choose_i = tf.concat([tf1_ops.ones((batch_size, 1)), 1 - p_choose_i[:, :-1]], 1)
        attention = p_choose_i * tf.transpose(tf.scan(
            lambda x, yz: tf.reshape(yz[0] * x + yz[1], (batch_size,)),
            [tf.transpose(shifted_1mp_choose_i), tf.transpose(previous_attention)],
            tf1_ops.zeros((batch_size,))))
    elif mode == "parallel":
        cumprod_1mp_choose_i = safe_cumprod(1 - p_choose_i, axis=1, exclusive=True)
        attention = p_choose_i * cumprod_1mp_choose_i * tf.cumsum(
            previous_attention / tf.clip_by_value(cumprod_1mp_choose_i, 1e-10, 1.), axis=1)
    elif mode == "hard":
        p_choose_i *= tf.cumsum(previous_attention, axis=1)
        attention = p_choose_i * tf.cumprod(1 - p_choose_i, axis=1, exclusive=True)
    else:
        raise ValueError("mode must be 'recursive', 'parallel', or 'hard'.")
    return attention


def _monotonic_probability_fn(score, previous_alignments, sigmoid_noise, mode, seed=None):
    if sigmoid_noise > 0:
        score += sigmoid_noise * tf.random_normal(tf.shape(score), dtype=score.dtype, seed=seed)
    if mode == "hard":
        p_choose_i = tf.cast(score > 0, score.dtype)
    else:
        p_choose_i = tf.sigmoid(score)
    return monotonic_attention(p_choose_i, previous_alignments, mode)


class _BaseMonotonicAttentionMechanism(_BaseAttentionMechanism):
    """Monotonic attention starts with all weight on the first memory entry."""

    def initial_alignments(self, batch_size, dtype):
        return tf1_ops.one_hot(tf1_ops.zeros((batch_size,), dtype=tf.int32), self._alignments_size, dtype=dtype)


def _score_bias(initial_value, dtype):
    return tf.get_variable("attention_score_bias", dtype=dtype, initializer=initial_value)


class BahdanauMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Monotonic additive attention (Raffel et al. 2017)."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False, score_mask_value=None,
                 sigmoid_noise=0., sigmoid_noise_seed=None, score_bias_init=0., mode="parallel", dtype=None,
                 name="BahdanauMonotonicAttention"):
        dtype = dtype or tf.float32
        probability_fn = functools.partial(_monotonic_probability_fn, sigmoid_noise=sigmoid_noise, mode=mode,
                                           seed=sigmoid_noise_seed)
        super().__init__(query_layer=_dense(num_units, "query_layer", dtype),
                         memory_layer=_dense(num_units, "memory_layer", dtype), memory=memory,
                         probability_fn=probability_fn, memory_sequence_length=memory_sequence_length,
                         score_mask_value=score_mask_value, name=name)
        self._num_units = num_units
        self._normalize = normalize
        self._name = name
        self._score_bias_init = score_bias_init

    def __call__(self, query, state):
        with tf.variable_scope(None, "bahdanau_monotonic_attention", [query]):
            processed_query = self.query_layer(query) if self.query_layer else query
            score = _bahdanau_score(processed_query, self._keys,
                                    *_bahdanau_variables(self._num_units, self._normalize, query.dtype))
            score += _score_bias(self._score_bias_init, processed_query.dtype)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class LuongMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Monotonic multiplicative attention (Raffel et al. 2017)."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False, score_mask_value=None,
                 sigmoid_noise=0., sigmoid_noise_seed=None, score_bias_init=0., mode="parallel", dtype=None,
                 name="LuongMonotonicAttention"):
        dtype = dtype or tf.float32
        probability_fn = functools.partial(_monotonic_probability_fn, sigmoid_noise=sigmoid_noise, mode=mode,
                                           seed=sigmoid_noise_seed)
        super().__init__(query_layer=None, memory_layer=_dense(num_units, "memory_layer", dtype), memory=memory,
                         probability_fn=probability_fn, memory_sequence_length=memory_sequence_length,
                         score_mask_value=score_mask_value, name=name)
        self._num_units = num_units
        self._scale = scale
        self._score_bias_init = score_bias_init
        self._name = name

    def __call__(self, query, state):
        with tf.variable_scope(None, "luong_monotonic_attention", [query]):
            score = _luong_score(query, self._keys, _luong_scale(self._scale, query.dtype))
            score += _score_bias(self._score_bias_init, query.dtype)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def _with_same_shape(old, new):
    """`new`, checked to have `old`'s shape (statically where both are known, else by an assert)."""
    if not (isinstance(old, tf.Tensor) and isinstance(new, tf.Tensor)):
        return new
    expected = old.get_shape()
    if expected.is_fully_defined() and new.get_shape().is_fully_defined():
        if not new.get_shape().is_compatible_with(expected):
            raise ValueError("Invalid shape for tensor %s, expected %s, got %s."
                             % (new.name, expected.as_list(), new.get_shape()))
        return new
    with tf.name_scope("%s/" % new.op.name, values=[old, new]):
        with tf.control_dependencies([tf.assert_equal(tf.shape(new), tf.shape(old))]):
            checked = tf.identity(new)
        checked.set_shape(new.get_shape().merge_with(expected))
        return checked


class AttentionWrapperState(collections.namedtuple(
        "AttentionWrapperState",
        ("cell_state", "attention", "time", "alignments", "alignment_history", "attention_state"))):
    """The state of AttentionWrapper: the wrapped cell's state, the last attention, the step, the
    alignments, their history (a TensorArray when alignment_history) and the mechanisms' own state."""

    def clone(self, **kwargs):
        """A copy with the given fields replaced, each checked to keep its old shape
        (`zero_state(...).clone(cell_state=encoder_state)`)."""
        return tf.nest.map_structure(_with_same_shape, self, super()._replace(**kwargs))


def hardmax(logits, name=None):
    """One-hot of the argmax along the last axis, in the logits' dtype."""
    with tf.name_scope(name, "Hardmax", [logits]):
        logits = tf.convert_to_tensor(logits, name="logits")
        depth = tf.compat.dimension_value(logits.get_shape()[-1])
        if depth is None:
            depth = tf.shape(logits)[-1]
        return tf1_ops.one_hot(tf.argmax(logits, -1), depth, dtype=logits.dtype)


def _compute_attention(attention_mechanism, cell_output, attention_state, attention_layer):
    """(attention, alignments, next_attention_state): the context (alignments . values), through
    attention_layer with the cell output when there is one."""
    alignments, next_attention_state = attention_mechanism(cell_output, state=attention_state)
    context = tf.squeeze(tf.matmul(tf.expand_dims(alignments, 1), attention_mechanism.values), [1])
    if attention_layer is not None:
        attention = attention_layer(tf.concat([cell_output, context], 1))
    else:
        attention = context
    return attention, alignments, next_attention_state


_TILE_BATCH = "tf.contrib.seq2seq.tile_batch"


def _batch_size_hint(batch_size, memory_batch_size):
    sizes = (tf.get_static_value(memory_batch_size), tf.get_static_value(batch_size), _TILE_BATCH)
    return (
        "scopecompat: the attention memory has batch size %s and the state %s. Without beam search, build the "
        "state for the memory's batch size (cell.zero_state(batch_size=<the memory's>, ...), an "
        "initial_cell_state of that batch); with BeamSearchDecoder, tile the memory, its "
        "memory_sequence_length and the encoder state with %s(..., multiple=beam_width) and pass "
        "batch_size * beam_width to zero_state." % sizes)


class AttentionWrapper(_rnn_cell.RNNCell):
    """Wraps `cell` with attention over one mechanism or a list of them (TF 1.15's AttentionWrapper)."""

    def __init__(self, cell, attention_mechanism, attention_layer_size=None, alignment_history=False,
                 cell_input_fn=None, output_attention=True, initial_cell_state=None, name=None,
                 attention_layer=None, attention_fn=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        assert_like_rnncell("cell", cell)
        if isinstance(attention_mechanism, (list, tuple)):
            self._is_multi = True
            attention_mechanisms = tuple(attention_mechanism)
            for mechanism in attention_mechanisms:
                if not isinstance(mechanism, AttentionMechanism):
                    raise TypeError("attention_mechanism must contain only instances of AttentionMechanism, "
                                    "saw type: %s" % type(mechanism).__name__)
        else:
            self._is_multi = False
            if not isinstance(attention_mechanism, AttentionMechanism):
                raise TypeError("attention_mechanism must be an AttentionMechanism or list of multiple "
                                "AttentionMechanism instances, saw type: %s" % type(attention_mechanism).__name__)
            attention_mechanisms = (attention_mechanism,)

        if cell_input_fn is None:
            cell_input_fn = lambda inputs, attention: tf.concat([inputs, attention], -1)  # noqa: E731
        elif not callable(cell_input_fn):
            raise TypeError("cell_input_fn must be callable, saw type: %s" % type(cell_input_fn).__name__)

        if attention_layer_size is not None and attention_layer is not None:
            raise ValueError("Only one of attention_layer_size and attention_layer should be set")
        if attention_layer_size is not None:
            sizes = tuple(attention_layer_size if isinstance(attention_layer_size, (list, tuple))
                          else (attention_layer_size,))
            if len(sizes) != len(attention_mechanisms):
                raise ValueError("If provided, attention_layer_size must contain exactly one integer per "
                                 "attention_mechanism, saw: %d vs %d" % (len(sizes), len(attention_mechanisms)))
            self._attention_layers = tuple(_dense(size, "attention_layer", mechanism.dtype)
                                           for size, mechanism in zip(sizes, attention_mechanisms))
            self._attention_layer_size = sum(sizes)
        elif attention_layer is not None:
            self._attention_layers = tuple(attention_layer if isinstance(attention_layer, (list, tuple))
                                           else (attention_layer,))
            if len(self._attention_layers) != len(attention_mechanisms):
                raise ValueError("If provided, attention_layer must contain exactly one layer per "
                                 "attention_mechanism, saw: %d vs %d"
                                 % (len(self._attention_layers), len(attention_mechanisms)))
            self._attention_layer_size = sum(
                tf.compat.dimension_value(layer.compute_output_shape(
                    [None, cell.output_size + tf.compat.dimension_value(mechanism.values.shape[-1])])[-1])
                for layer, mechanism in zip(self._attention_layers, attention_mechanisms))
        else:
            self._attention_layers = None
            self._attention_layer_size = sum(tf.compat.dimension_value(mechanism.values.shape[-1])
                                             for mechanism in attention_mechanisms)

        self._attention_fn = attention_fn or _compute_attention
        self._cell = cell
        self._attention_mechanisms = attention_mechanisms
        self._cell_input_fn = cell_input_fn
        self._output_attention = output_attention
        self._alignment_history = alignment_history
        with tf.name_scope(name, "AttentionWrapperInit"):
            if initial_cell_state is None:
                self._initial_cell_state = None
            else:
                last = tf.nest.flatten(initial_cell_state)[-1]
                message = (
                    "When constructing AttentionWrapper %s: " % self._base_name
                    + "Non-matching batch sizes between the memory (encoder output) and initial_cell_state.  "
                    "Are you using the BeamSearchDecoder?  You may need to tile your initial state via the "
                    "%s function with argument multiple=beam_width." % _TILE_BATCH)
                with tf.control_dependencies(self._batch_size_checks(_static_or_dynamic(last, 0), message)):
                    self._initial_cell_state = tf.nest.map_structure(
                        lambda s: tf.identity(s, name="check_initial_cell_state"), initial_cell_state)

    def _batch_size_checks(self, batch_size, message):
        """TF 1.15's asserts that `batch_size` is each mechanism's; a mismatch known now raises TF's error
        here, with what to pass instead appended."""
        checks = []
        for mechanism in self._attention_mechanisms:
            try:
                checks.append(tf.assert_equal(batch_size, mechanism.batch_size, message=message))
            except tf.errors.InvalidArgumentError as error:
                hint = _batch_size_hint(batch_size, mechanism.batch_size)
                raise type(error)(error.node_def, error.op, error.message + "\n" + hint) from None
        return checks

    def _item_or_tuple(self, seq):
        items = tuple(seq)
        return items if self._is_multi else items[0]

    @property
    def output_size(self):
        return self._attention_layer_size if self._output_attention else self._cell.output_size

    @property
    def state_size(self):
        return AttentionWrapperState(
            cell_state=self._cell.state_size,
            time=tf.TensorShape([]),
            attention=self._attention_layer_size,
            alignments=self._item_or_tuple(a.alignments_size for a in self._attention_mechanisms),
            attention_state=self._item_or_tuple(a.state_size for a in self._attention_mechanisms),
            alignment_history=self._item_or_tuple(a.alignments_size if self._alignment_history else ()
                                                  for a in self._attention_mechanisms))

    def zero_state(self, batch_size, dtype):
        """The initial AttentionWrapperState (with initial_cell_state as its cell_state when given)."""
        with tf.name_scope(type(self).__name__ + "ZeroState", values=[batch_size]):
            if self._initial_cell_state is not None:
                cell_state = self._initial_cell_state
            else:
                cell_state = self._cell.get_initial_state(batch_size=batch_size, dtype=dtype)
            message = (
                "When calling zero_state of AttentionWrapper %s: " % self._base_name
                + "Non-matching batch sizes between the memory (encoder output) and the requested batch size.  "
                "Are you using the BeamSearchDecoder?  If so, make sure your encoder output has been tiled to "
                "beam_width via %s, and the batch_size= argument passed to zero_state is "
                "batch_size * beam_width." % _TILE_BATCH)
            with tf.control_dependencies(self._batch_size_checks(batch_size, message)):
                cell_state = tf.nest.map_structure(lambda s: tf.identity(s, name="checked_cell_state"), cell_state)
            initial_alignments = [m.initial_alignments(batch_size, dtype) for m in self._attention_mechanisms]
            return AttentionWrapperState(
                cell_state=cell_state,
                time=tf1_ops.zeros([], dtype=tf.int32),
                attention=zeros_for(self._attention_layer_size, dtype, batch_size),
                alignments=self._item_or_tuple(initial_alignments),
                attention_state=self._item_or_tuple(m.initial_state(batch_size, dtype)
                                                    for m in self._attention_mechanisms),
                alignment_history=self._item_or_tuple(
                    tf.TensorArray(dtype, size=0, dynamic_size=True, element_shape=alignment.shape)
                    if self._alignment_history else () for alignment in initial_alignments))

    def call(self, inputs, state):
        if not isinstance(state, AttentionWrapperState):
            raise TypeError("Expected state to be instance of AttentionWrapperState. Received type %s instead."
                            % type(state))
        cell_inputs = self._cell_input_fn(inputs, state.attention)
        cell_output, next_cell_state = self._cell(cell_inputs, state.cell_state)
        message = (
            "When applying AttentionWrapper %s: " % self.name
            + "Non-matching batch sizes between the memory (encoder output) and the query (decoder output).  "
            "Are you using the BeamSearchDecoder?  You may need to tile your memory input via the %s function "
            "with argument multiple=beam_width." % _TILE_BATCH)
        with tf.control_dependencies(self._batch_size_checks(_static_or_dynamic(cell_output, 0), message)):
            cell_output = tf.identity(cell_output, name="checked_cell_output")

        if self._is_multi:
            previous_attention_states = state.attention_state
            previous_histories = state.alignment_history
        else:
            previous_attention_states = [state.attention_state]
            previous_histories = [state.alignment_history]
        alignments_all, attentions, attention_states, histories = [], [], [], []
        for i, mechanism in enumerate(self._attention_mechanisms):
            attention, alignments, next_attention_state = self._attention_fn(
                mechanism, cell_output, previous_attention_states[i],
                self._attention_layers[i] if self._attention_layers else None)
            histories.append(previous_histories[i].write(state.time, alignments)
                             if self._alignment_history else ())
            attention_states.append(next_attention_state)
            alignments_all.append(alignments)
            attentions.append(attention)

        attention = tf.concat(attentions, 1)
        next_state = AttentionWrapperState(
            time=state.time + 1, cell_state=next_cell_state, attention=attention,
            attention_state=self._item_or_tuple(attention_states),
            alignments=self._item_or_tuple(alignments_all),
            alignment_history=self._item_or_tuple(histories))
        return (attention if self._output_attention else cell_output), next_state
