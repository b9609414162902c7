"""tf.contrib.rnn's EmbeddingWrapper, InputProjectionWrapper and OutputProjectionWrapper, rebuilt on tf.compat.v1.

TF 1.15 kept these three in contrib/rnn/python/ops/core_rnn_cell.py (the spec of behaviour); TF 2.x has
none of them. They are TF1 RNN cells (subclasses of the tf.nn.rnn_cell.RNNCell scopecompat serves, so
a wrapper's own variables live in its layer scope: embedding_wrapper/embedding,
output_projection_wrapper/kernel and /bias, input_projection_wrapper/kernel and /bias, the wrapped cell's
below it), with TF 1.15's arguments, defaults and errors. legacy_seq2seq builds on them, as in TF 1.15.

The legacy table's "rebuilt" rows contrib.rnn.<Wrapper> (scopecompat/_legacy/names.py) point here.
Imported on first use, never at `import scopecompat`.
"""

import math

import scopecompat as tf
from scopecompat._contrib.seq2seq.basic_decoder import assert_like_rnncell

__all__ = ["EmbeddingWrapper", "InputProjectionWrapper", "OutputProjectionWrapper"]


class Linear(object):
    """TF 1.15's core_rnn_cell._Linear: sum_i(args[i] * W[i]) + b, its variables `kernel` [total input
    size, output_size] and `bias` [output_size] (zeros unless given) made in the current variable scope
    when constructed. TF 1.15 had this one class for legacy_seq2seq's attention projections and for
    contrib.rnn's cells (AttentionCellWrapper, ...); so does scopecompat, with TF 1.15's ops."""

    def __init__(self, args, output_size, build_bias, bias_initializer=None, kernel_initializer=None):
        self._build_bias = build_bias
        if args is None or (tf.nest.is_nested(args) and not args):
            raise ValueError("`args` must be specified")
        self._is_sequence = tf.nest.is_nested(args)
        shapes = [a.get_shape() for a in (args if self._is_sequence else [args])]
        total_arg_size = 0
        for shape in shapes:
            if shape.ndims != 2:
                raise ValueError("linear is expecting 2D arguments: %s" % shapes)
            if tf.compat.dimension_value(shape[1]) is None:
                raise ValueError("linear expects shape[1] to be provided for shape %s, but saw %s"
                                 % (shape, shape[1]))
            total_arg_size += tf.compat.dimension_value(shape[1])
        dtype = (args[0] if self._is_sequence else args).dtype

        with tf.variable_scope(tf.get_variable_scope()) as outer_scope:
            self._weights = tf.get_variable("kernel", [total_arg_size, output_size], dtype=dtype,
                                            initializer=kernel_initializer)
            if build_bias:
                with tf.variable_scope(outer_scope) as inner_scope:
                    # TF 1.15 never partitions the bias, whatever the scope's partitioner.
                    inner_scope.set_partitioner(None)
                    if bias_initializer is None:
                        bias_initializer = tf.constant_initializer(0.0, dtype=dtype)
                    self._biases = tf.get_variable("bias", [output_size], dtype=dtype,
                                                   initializer=bias_initializer)

    def __call__(self, args):
        if not self._is_sequence:
            args = [args]
        if len(args) == 1:
            result = tf.matmul(args[0], self._weights)
        else:  # the axis as an int32 constant made first, as TF 1.15 did (its op names and count)
            result = tf.matmul(tf.concat(args, tf.constant(1, dtype=tf.int32)), self._weights)
        if self._build_bias:
            result = tf.nn.bias_add(result, self._biases)
        return result


# TF 1.15's own names for the above, which TF1 code imported from tensorflow.contrib.rnn.python.ops.core_rnn_cell
# (scopecompat/_contrib/paths.py serves that path from this module).
_Linear = Linear


def _linear(args, output_size, bias, bias_initializer=None, kernel_initializer=None):
    """TF 1.15's core_rnn_cell._linear: Linear's variables and ops, made in _linear's order (the kernel, the
    matmul, then the bias), which a graph-seeded bias initializer draws from."""
    if args is None or (tf.nest.is_nested(args) and not args):
        raise ValueError("`args` must be specified")
    if not tf.nest.is_nested(args):
        args = [args]
    total_arg_size = 0
    shapes = [a.get_shape() for a in args]
    for shape in shapes:
        if shape.ndims != 2:
            raise ValueError("linear is expecting 2D arguments: %s" % shapes)
        if tf.compat.dimension_value(shape[1]) is None:
            raise ValueError("linear expects shape[1] to be provided for shape %s, but saw %s" % (shape, shape[1]))
        total_arg_size += tf.compat.dimension_value(shape[1])
    dtype = args[0].dtype
    with tf.variable_scope(tf.get_variable_scope()) as outer_scope:
        weights = tf.get_variable("kernel", [total_arg_size, output_size], dtype=dtype, initializer=kernel_initializer)
        if len(args) == 1:
            result = tf.matmul(args[0], weights)
        else:
            result = tf.matmul(tf.concat(args, 1), weights)
        if not bias:
            return result
        with tf.variable_scope(outer_scope) as inner_scope:
            inner_scope.set_partitioner(None)
            if bias_initializer is None:
                bias_initializer = tf.constant_initializer(0.0, dtype=dtype)
            biases = tf.get_variable("bias", [output_size], dtype=dtype, initializer=bias_initializer)
        return tf.nn.bias_add(result, biases)


class DelegatesToCell(object):
    """What TF 1.15's cell wrappers that keep the wrapped cell's state (`self._cell`) share: its state and output
    sizes, and its zero state made under the wrapper's name (the three below, contrib.rnn's HighwayWrapper and
    CompiledWrapper)."""

    @property
    def state_size(self):
        return self._cell.state_size

    @property
    def output_size(self):
        return self._cell.output_size

    def zero_state(self, batch_size, dtype):
        with tf.name_scope(type(self).__name__ + "ZeroState", values=[batch_size]):
            return self._cell.zero_state(batch_size, dtype)


class SizesFromAttributes(object):
    """TF 1.15's cells that set their state and output sizes in __init__ (`self._state_size`, `self._output_size`):
    the two properties, written once."""

    @property
    def state_size(self):
        return self._state_size

    @property
    def output_size(self):
        return self._output_size


class _Wrapper(DelegatesToCell, tf.nn.rnn_cell.RNNCell):
    """What the three wrappers share: the wrapped cell, checked to be a cell, and DelegatesToCell."""

    def __init__(self, cell, reuse):
        super(_Wrapper, self).__init__(_reuse=reuse)
        assert_like_rnncell("cell", cell)
        self._cell = cell


class EmbeddingWrapper(_Wrapper):
    """An RNN cell whose integer inputs are embedded first: variable `embedding` [embedding_classes,
    embedding_size], initialized by `initializer`, else the scope's initializer, else uniform in
    [-sqrt(3), sqrt(3)] (variance 1), as TF 1.15."""

    def __init__(self, cell, embedding_classes, embedding_size, initializer=None, reuse=None):
        super(EmbeddingWrapper, self).__init__(cell, reuse)
        if embedding_classes <= 0 or embedding_size <= 0:
            raise ValueError("Both embedding_classes and embedding_size must be > 0: %d, %d."
                             % (embedding_classes, embedding_size))
        self._embedding_classes = embedding_classes
        self._embedding_size = embedding_size
        self._initializer = initializer

    def call(self, inputs, state):
        # TF 1.15 pins the embedding (variable and lookup) to the CPU.
        with tf.device("/cpu:0"):
            initializer = self._initializer or tf.get_variable_scope().initializer
            if not initializer:
                sqrt3 = math.sqrt(3)
                initializer = tf.random_uniform_initializer(-sqrt3, sqrt3)
            data_type = state[0].dtype if isinstance(state, tuple) else state.dtype
            embedding = tf.get_variable("embedding", [self._embedding_classes, self._embedding_size],
                                        initializer=initializer, dtype=data_type)
            embedded = tf.nn.embedding_lookup(embedding, tf.reshape(inputs, [-1]))
            return self._cell(embedded, state)


class InputProjectionWrapper(_Wrapper):
    """An RNN cell whose inputs are projected to `num_proj` first (variables kernel and bias, then the
    optional `activation`). `input_size` is unused (TF 1.15 deprecated it and only logged a warning)."""

    def __init__(self, cell, num_proj, activation=None, input_size=None, reuse=None):
        super(InputProjectionWrapper, self).__init__(cell, reuse)
        if input_size is not None:
            tf.logging.warn("%s: The input_size parameter is deprecated.", self)
        self._num_proj = num_proj
        self._activation = activation
        self._linear = None

    def call(self, inputs, state):
        if self._linear is None:
            self._linear = Linear(inputs, self._num_proj, True)
        projected = self._linear(inputs)
        if self._activation:
            projected = self._activation(projected)
        return self._cell(projected, state)


class OutputProjectionWrapper(_Wrapper):
    """An RNN cell whose outputs are projected to `output_size` (variables kernel and bias, then the
    optional `activation`)."""

    def __init__(self, cell, output_size, activation=None, reuse=None):
        super(OutputProjectionWrapper, self).__init__(cell, reuse)
        if output_size < 1:
            raise ValueError("Parameter output_size must be > 0: %d." % output_size)
        self._output_size = output_size
        self._activation = activation
        self._linear = None

    @property
    def output_size(self):
        return self._output_size

    def call(self, inputs, state):
        output, new_state = self._cell(inputs, state)
        if self._linear is None:
            self._linear = Linear(output, self._output_size, True)
        projected = self._linear(output)
        if self._activation:
            projected = self._activation(projected)
        return projected, new_state
