"""tf.contrib.seq2seq's Decoder interface and dynamic_decode, rebuilt on tf.compat.v1.

TF 1.15's contract (contrib/seq2seq/python/ops/decoder.py is the spec): a Decoder gives batch_size,
output_size, output_dtype, initialize(), step() and optionally finalize() and tracks_own_finished;
dynamic_decode runs step() in a tf.while_loop inside variable scope "decoder" (so a cell's variables are
named decoder/<cell>/..., as TF 1.15 named them) and returns (final_outputs, final_state,
final_sequence_lengths), batch major unless output_time_major.

Where TF 1.15 would loop until every sequence ends, dynamic_decode here does the same: a program that
ends keeps its result. A decode that ends only when the model emits its end token (an inference helper, beam
search) and has no maximum_iterations may never end; dynamic_decode warns about it at graph build.
"""

import abc
import warnings

from scopecompat._facade.bootstrap import tf_v1 as tf
from scopecompat._legacy import tf1_ops  # TF 1.15's ops for the TF functions TF 2.x builds otherwise

__all__ = ["Decoder", "dynamic_decode"]


class Decoder(abc.ABC):
    """An RNN decoder: what dynamic_decode calls, step by step (TF 1.15's interface, name for name).

    `inputs` and `state` are (nested) tensors fed to the cell each step, `finished` a boolean vector
    saying which batch entries are done, `outputs` whatever step() emits (BasicDecoderOutput for
    BasicDecoder).
    """

    @property
    def batch_size(self):
        """The batch size of the inputs (a scalar int or tensor)."""
        raise NotImplementedError

    @property
    def output_size(self):
        """A (nested) int or TensorShape per output, without the batch dimension."""
        raise NotImplementedError

    @property
    def output_dtype(self):
        """A (nested) dtype per output."""
        raise NotImplementedError

    @abc.abstractmethod
    def initialize(self, name=None):
        """Returns (finished, initial_inputs, initial_state)."""
        raise NotImplementedError

    @abc.abstractmethod
    def step(self, time, inputs, state, name=None):
        """Returns (outputs, next_state, next_inputs, finished) for step `time`."""
        raise NotImplementedError

    def finalize(self, outputs, final_state, sequence_lengths):
        """Returns (final_outputs, final_state); dynamic_decode skips it when it raises NotImplementedError."""
        raise NotImplementedError

    @property
    def tracks_own_finished(self):
        """True when step()'s `finished` is already the complete flag (beam search reorders entries,
        so or-ing with the previous step's flags would mix them up)."""
        return False

    @property
    def _ends_only_at_end_token(self):
        """scopecompat's: True when only the model's end token ends the decode (inference), so that
        dynamic_decode without maximum_iterations may never end."""
        return False


class UnboundedDecodeWarning(UserWarning):
    """dynamic_decode of an inference decoder without maximum_iterations: it may never end."""


def warn_if_unbounded(decoder, maximum_iterations):
    if maximum_iterations is None and decoder._ends_only_at_end_token:
        warnings.warn(
            "dynamic_decode of %s with maximum_iterations=None runs until every batch entry emits its end "
            "token; a model that never emits it (untrained, or unlucky) makes the decode run forever. Pass "
            "maximum_iterations (e.g. twice the longest expected output) to bound it."
            % type(decoder).__name__, UnboundedDecodeWarning, stacklevel=3)


def transpose_batch_time(tensor):
    """[time, batch, ...] <-> [batch, time, ...]; tensors of rank < 2 pass unchanged, as in TF 1.15.

    The permutation is computed in the graph even where the rank is known (rank, range, concat), as TF 1.15
    built it: graph-seeded programs draw from the op count."""
    tensor = tf.convert_to_tensor(tensor)
    shape = tensor.get_shape()
    if shape.ndims is not None and shape.ndims < 2:
        return tensor
    perm = tf.concat(([1, 0], tf.range(2, tf.rank(tensor))), axis=0)
    transposed = tf.transpose(tensor, perm)
    if shape.ndims is not None:
        transposed.set_shape([shape[1], shape[0]] + shape.as_list()[2:])
    return transposed


def zeros_for(size, dtype, batch_size):
    """Zero tensors shaped [batch_size] + size for each (nested) size/dtype pair (an RNN zero state).

    A size may be a tensor, as TF 1.15's _zero_state_tensors allowed: an attention mechanism's alignments
    size is the memory's time dimension, known only at run time where source lengths vary (NMT-style
    `memory` of shape [None, None, depth]). Built with TF 1.15's ops (rnn_cell_impl._zero_state_tensors:
    the shape concatenated in the graph, then its parts made again for the static shape), since
    graph-seeded programs draw from the op count."""
    def zeros(one_size, one_dtype):
        value = tf1_ops.zeros(_concat_shape(batch_size, one_size), dtype=one_dtype)
        value.set_shape(_concat_shape(batch_size, one_size, static=True))
        return value

    return tf.nest.map_structure(zeros, size, dtype)


def _shape_part(part):
    """One half of a zero state's shape as TF 1.15's rnn_cell_impl._concat made it: (a 1-D int32 tensor or
    None where not fully defined, the static dims or None)."""
    if tf.is_tensor(part):
        static = tf.get_static_value(part)
        if part.shape.ndims == 0:
            part = tf.expand_dims(part, 0)
        elif part.shape.ndims != 1:
            raise ValueError("prefix tensor must be either a scalar or vector, but saw tensor: %s" % part)
        return part, static
    shape = tf.TensorShape(part)
    static = shape.as_list() if shape.ndims is not None else None
    return (tf.constant(shape.as_list(), dtype=tf.int32) if shape.is_fully_defined() else None), static


def _concat_shape(prefix, suffix, static=False):
    """prefix + suffix as a shape tensor (static=False) or a list of static dims (None: unknown rank)."""
    prefix_tensor, prefix_static = _shape_part(prefix)
    suffix_tensor, suffix_static = _shape_part(suffix)
    if static:
        shape = tf.TensorShape(prefix_static).concatenate(suffix_static)
        return shape.as_list() if shape.ndims is not None else None
    if prefix_tensor is None or suffix_tensor is None:
        raise ValueError("Provided a prefix or suffix of None: %s and %s" % (prefix, suffix))
    return tf.concat((prefix_tensor, suffix_tensor), 0)


def _element_shape(batch_size, size):
    """The static shape of one step's output (batch first), or None where it is not a TensorShape."""
    if not isinstance(size, tf.TensorShape) or size.ndims == 0:
        return None
    static_batch = tf.get_static_value(tf.convert_to_tensor(batch_size, name="batch_size"))
    return tf.TensorShape([static_batch]).concatenate(size)


def dynamic_decode(decoder, output_time_major=False, impute_finished=False, maximum_iterations=None,
                   parallel_iterations=32, swap_memory=False, scope=None):
    """Runs `decoder` until every batch entry is finished (or maximum_iterations steps).

    Returns (final_outputs, final_state, final_sequence_lengths), as TF 1.15's. impute_finished=True
    copies the state of finished entries through and zeroes their outputs.
    """
    if not isinstance(decoder, Decoder):
        raise TypeError("Expected decoder to be type Decoder, but saw: %s" % type(decoder))

    warn_if_unbounded(decoder, maximum_iterations)
    with tf.variable_scope(scope, "decoder") as varscope:
        # As TF 1.15: read variables once per step on their own device, except inside an outer
        # while_loop, where a cached read would miss updates made by earlier iterations.
        context = tf.get_default_graph()._get_control_flow_context()
        in_while_loop = context is not None and context.GetWhileContext() is not None
        if not in_while_loop and varscope.caching_device is None:
            varscope.set_caching_device(lambda op: op.device)

        if maximum_iterations is not None:
            maximum_iterations = tf.convert_to_tensor(maximum_iterations, dtype=tf.int32,
                                                      name="maximum_iterations")
            if maximum_iterations.get_shape().ndims != 0:
                raise ValueError("maximum_iterations must be a scalar")

        initial_finished, initial_inputs, initial_state = decoder.initialize()
        zero_outputs = zeros_for(decoder.output_size, decoder.output_dtype, decoder.batch_size)
        if maximum_iterations is not None:
            initial_finished = tf.logical_or(initial_finished, 0 >= maximum_iterations)
        initial_lengths = tf.zeros_like(initial_finished, dtype=tf.int32)
        initial_time = tf.constant(0, dtype=tf.int32)

        initial_outputs_ta = tf.nest.map_structure(
            lambda size, dtype: tf.TensorArray(dtype=dtype, size=0, dynamic_size=True,
                                               element_shape=_element_shape(decoder.batch_size, size)),
            decoder.output_size, decoder.output_dtype)

        def condition(unused_time, unused_outputs_ta, unused_state, unused_inputs, finished, unused_lengths):
            return tf.logical_not(tf.reduce_all(finished))

        def body(time, outputs_ta, state, inputs, finished, lengths):
            outputs, decoder_state, next_inputs, decoder_finished = decoder.step(time, inputs, state)
            if decoder.tracks_own_finished:
                next_finished = decoder_finished
            else:
                next_finished = tf.logical_or(decoder_finished, finished)
            # An entry's length is the step at which it was first seen finished.
            next_lengths = tf.where(tf.logical_not(finished), tf.fill(tf.shape(lengths), time + 1), lengths)

            tf.nest.assert_same_structure(state, decoder_state)
            tf.nest.assert_same_structure(outputs_ta, outputs)
            tf.nest.assert_same_structure(inputs, next_inputs)

            if impute_finished:
                emit = tf.nest.map_structure(lambda out, zero: tf.where(finished, zero, out),
                                             outputs, zero_outputs)
                next_state = tf.nest.map_structure(_copy_through(finished), decoder_state, state)
            else:
                emit = outputs
                next_state = decoder_state
            outputs_ta = tf.nest.map_structure(lambda ta, out: ta.write(time, out), outputs_ta, emit)
            return time + 1, outputs_ta, next_state, next_inputs, next_finished, next_lengths

        result = tf.while_loop(
            condition, body,
            loop_vars=(initial_time, initial_outputs_ta, initial_state, initial_inputs, initial_finished,
                       initial_lengths),
            parallel_iterations=parallel_iterations, maximum_iterations=maximum_iterations,
            swap_memory=swap_memory)

        final_outputs = tf.nest.map_structure(lambda ta: ta.stack(), result[1])
        final_state = result[2]
        final_lengths = result[5]
        try:
            final_outputs, final_state = decoder.finalize(final_outputs, final_state, final_lengths)
        except NotImplementedError:
            pass
        if not output_time_major:
            final_outputs = tf.nest.map_structure(transpose_batch_time, final_outputs)
    return final_outputs, final_state, final_lengths


def _copy_through(finished):
    """For impute_finished: a finished entry keeps its state; TensorArrays and scalars pass as they are."""
    def copy(new, current):
        if isinstance(current, tf.TensorArray):
            return new
        new.set_shape(current.shape)
        if new.shape.ndims == 0:
            return new
        return tf.where(finished, current, new)

    return copy
