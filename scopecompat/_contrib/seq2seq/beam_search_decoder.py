"""tf.contrib.seq2seq's BeamSearchDecoder, tile_batch and gather_tree (TF 1.15's), rebuilt on tf.compat.v1.

TF 1.15's contrib/seq2seq/python/ops/beam_search_decoder.py is the spec of behaviour: the same arguments
(length_penalty_weight, coverage_penalty_weight, reorder_tensor_arrays), state and output tuples, scores
and predicted ids. TF 1.15's gather_tree was a C++ op of contrib (GatherTree), which TF 2.x has only in
the archived tensorflow-addons; here it is built from TF ops (a reverse tf.scan over time), with the
op's results. The conformance family cases/contrib_beam_search.json holds the evidence.

A beam search runs batch_size * beam_width hypotheses: the encoder's state and memory must be tiled
with tile_batch(x, beam_width) first. A state that is not gets TF 1.15's ValueError and that fix.
"""

import collections

import numpy as np

from scopecompat._contrib.seq2seq import decoder
from scopecompat._contrib.seq2seq.attention_wrapper import AttentionWrapperState
from scopecompat._contrib.seq2seq.basic_decoder import assert_like_rnncell, check_output_layer, layer_output_size
from scopecompat._facade.bootstrap import tf_v1 as tf
from scopecompat._legacy import tf1_ops  # TF 1.15's ops for the TF functions TF 2.x builds otherwise
from scopecompat._legacy import random_seeds

__all__ = [
    "BeamSearchDecoderOutput", "BeamSearchDecoderState", "BeamSearchDecoder", "FinalBeamSearchDecoderOutput",
    "tile_batch", "gather_tree",
]

TILE_HINT = (
    "A BeamSearchDecoder runs batch_size * beam_width hypotheses, so its initial_state (and an "
    "AttentionWrapper's memory, memory_sequence_length and zero_state batch size) must be tiled first: "
    "tf.contrib.seq2seq.tile_batch(encoder_state, multiplier=beam_width), and "
    "cell.zero_state(batch_size * beam_width, dtype).")


class BeamSearchDecoderState(collections.namedtuple("BeamSearchDecoderState", (
        "cell_state", "log_probs", "finished", "lengths", "accumulated_attention_probs"))):
    pass


class BeamSearchDecoderOutput(collections.namedtuple("BeamSearchDecoderOutput",
                                                     ("scores", "predicted_ids", "parent_ids"))):
    pass


class FinalBeamSearchDecoderOutput(collections.namedtuple("FinalBeamDecoderOutput",
                                                          ["predicted_ids", "beam_search_decoder_output"])):
    """predicted_ids [batch, time, beam] (time major with output_time_major), best beam first, each
    beam's ids traced back through its parents; beam_search_decoder_output: the per-step scores,
    predicted_ids and parent_ids."""


def _tile_batch(t, multiplier):
    t = tf.convert_to_tensor(t, name="t")
    shape_t = tf.shape(t)
    if t.shape.ndims is None or t.shape.ndims < 1:
        raise ValueError("t must have statically known rank")
    tiling = [1] * (t.shape.ndims + 1)
    tiling[1] = multiplier
    static_batch_size = tf.compat.dimension_value(t.shape[0])
    tiled = tf.tile(tf.expand_dims(t, 1), tiling)
    tiled = tf.reshape(tiled, tf.concat(([shape_t[0] * multiplier], shape_t[1:]), 0))
    tiled.set_shape(tf.TensorShape([static_batch_size * multiplier if static_batch_size is not None else None])
                    .concatenate(t.shape[1:]))
    return tiled


def tile_batch(t, multiplier, name=None):
    """Each batch entry of every tensor in `t` repeated `multiplier` times, entry by entry:
    [batch, ...] -> [batch * multiplier, ...] (what a BeamSearchDecoder needs of its state and memory)."""
    flat_t = tf.nest.flatten(t)
    with tf.name_scope(name, "tile_batch", flat_t + [multiplier]):
        return tf.nest.map_structure(lambda t_: _tile_batch(t_, multiplier), t)


def gather_tree(step_ids, parent_ids, max_sequence_lengths, end_token, name=None):
    """TF 1.15's GatherTree op from TF ops: the full beams [max_time, batch, beam], traced back from each
    beam's last step (min(max_time, max_sequence_lengths[b]) - 1) through parent_ids; steps past that,
    and every step after a beam's first end_token, are end_token."""
    with tf.name_scope(name, "GatherTree", [step_ids, parent_ids, max_sequence_lengths, end_token]):
        step_ids = tf.convert_to_tensor(step_ids, name="step_ids")
        if step_ids.dtype != tf.int32:
            # TF 1.15's op was registered for int32 only.
            raise TypeError("Value passed to parameter 'step_ids' has DataType %s not in list of allowed values: "
                            "int32" % step_ids.dtype.name)
        ids_dtype = step_ids.dtype
        parent_ids = tf.convert_to_tensor(parent_ids, dtype=ids_dtype, name="parent_ids")
        max_sequence_lengths = tf.convert_to_tensor(max_sequence_lengths, dtype=tf.int32,
                                                    name="max_sequence_lengths")
        end_token = tf.convert_to_tensor(end_token, dtype=ids_dtype, name="end_token")
        graph = tf.get_default_graph()
        ops_before = random_seeds.op_count(graph)
        shape = tf.shape(step_ids)
        max_time, batch_size, beam_width = shape[0], shape[1], shape[2]
        lengths = tf.minimum(max_sequence_lengths, max_time)
        own_beams = tf.tile(tf.expand_dims(tf.range(beam_width, dtype=ids_dtype), 0), [batch_size, 1])
        ends = tf.fill([batch_size, beam_width], end_token)

        def back_one_step(carried, time):
            _, parents = carried
            # At (and past) an entry's last step a beam reads its own column, below it its parent's.
            beams = tf.where(time >= lengths - 1, own_beams, parents)
            with tf.control_dependencies([_check_parents(parents, time, lengths, beam_width)]):
                beams = tf.identity(beams)
            ids = tf.gather(step_ids[time], beams, batch_dims=1)
            next_parents = tf.gather(parent_ids[time], beams, batch_dims=1)
            in_bounds = time < lengths
            return tf.where(in_bounds, ids, ends), tf.where(in_bounds, next_parents, own_beams)

        beams, _ = tf.scan(back_one_step, tf.range(max_time), initializer=(ends, own_beams), reverse=True)
        # As the op: a beam that emitted end_token emits only end_token after it.
        seen_end = tf.cumsum(tf.cast(tf.equal(beams, end_token), tf.int32), axis=0, exclusive=True) > 0
        beams = tf.where(seen_end, tf.fill(shape, end_token), beams)
        beams.set_shape(step_ids.shape)
        # TF 1.15 built one GatherTree op here: later graph-seeded draws count it, not the ops above.
        random_seeds.built_in_place_of_one_op(graph, ops_before)
        return beams


def _check_parents(parents, time, lengths, beam_width):
    """TF 1.15's GatherTree error for a parent id outside the beam, with its message ("Saw invalid parent id
    -1 at (batch, time, beam) == (0, 0, 1)"), for the parents read at `time` (below an entry's last step).
    TF 1.15's kernel let a parent equal to beam_width through and read past the beam; here it fails too."""
    read = tf.expand_dims(time < lengths - 1, 1)
    invalid = tf.logical_and(read, tf.logical_or(parents < 0, parents >= tf.cast(beam_width, parents.dtype)))
    first = tf.argmax(tf.reshape(tf.cast(invalid, tf.int32), [-1]), output_type=tf.int32)
    message = tf.strings.format("Saw invalid parent id {} at (batch, time, beam) == ({}, {}, {})", (
        tf.reshape(parents, [-1])[first], first // beam_width, time, first % beam_width))
    return tf.Assert(tf.logical_not(tf.reduce_any(invalid)), [message])


def gather_tree_from_array(t, parent_ids, sequence_length):
    """A stacked TensorArray's entries [time, batch * beam, ...] reordered along the beams' parents."""
    max_time = tf.compat.dimension_value(parent_ids.shape[0]) or tf.shape(parent_ids)[0]
    batch_size = tf.compat.dimension_value(parent_ids.shape[1]) or tf.shape(parent_ids)[1]
    beam_width = tf.compat.dimension_value(parent_ids.shape[2]) or tf.shape(parent_ids)[2]
    beam_ids = tf.tile(tf.expand_dims(tf.expand_dims(tf.range(beam_width), 0), 0), [max_time, batch_size, 1])
    max_sequence_lengths = tf.cast(tf.reduce_max(sequence_length, axis=1), tf.int32)
    sorted_beam_ids = gather_tree(step_ids=beam_ids, parent_ids=parent_ids,
                                  max_sequence_lengths=max_sequence_lengths, end_token=beam_width + 1)
    in_bound_steps = tf.transpose(tf.sequence_mask(sequence_length, maxlen=max_time), perm=[2, 0, 1])
    sorted_beam_ids = tf.where(in_bound_steps, x=sorted_beam_ids, y=beam_ids)
    time_ind = tf.tile(tf.reshape(tf.range(max_time), [-1, 1, 1]), [1, batch_size, beam_width])
    batch_ind = tf.transpose(tf.tile(tf.reshape(tf.range(batch_size), [-1, 1, 1]), [1, max_time, beam_width]),
                             perm=[1, 0, 2])
    indices = tf.stack([time_ind, batch_ind, sorted_beam_ids], -1)
    final_shape = tf.shape(t)
    gather_from = tf.reshape(t, [max_time, batch_size, beam_width, -1])
    return tf.reshape(tf.gather_nd(gather_from, indices), final_shape)


def _check_ndims(t):
    if t.shape.ndims is None:
        raise ValueError("Expected tensor (%s) to have known rank, but ndims == None." % t)


def _check_static_batch_beam_maybe(shape, batch_size, beam_width):
    """False (with TF 1.15's warning) where a TensorArray's elements cannot be [batch, beam, ...]."""
    reshaped_shape = tf.TensorShape([batch_size, beam_width, None])
    if (batch_size is not None and tf.compat.dimension_value(shape[0]) is not None
            and (shape[0] != batch_size * beam_width
                 or (shape.ndims >= 2 and tf.compat.dimension_value(shape[1]) is not None
                     and (shape[0] != batch_size or shape[1] != beam_width)))):
        tf.logging.warn("TensorArray reordering expects elements to be reshapable to %s which is incompatible "
                        "with the current shape %s. Consider setting reorder_tensor_arrays to False to disable "
                        "TensorArray reordering during the beam search." % (reshaped_shape, shape))
        return False
    return True


def _check_batch_beam(t, batch_size, beam_width):
    """The run-time check of the same."""
    error_message = ("TensorArray reordering expects elements to be reshapable to [batch_size, beam_size, -1] "
                     "which is incompatible with the dynamic shape of %s elements. Consider setting "
                     "reorder_tensor_arrays to False to disable TensorArray reordering during the beam search."
                     % t.name)
    shape = tf.shape(t)
    if t.shape.ndims == 2:
        condition = tf.equal(shape[1], batch_size * beam_width)
    else:
        condition = tf.logical_or(tf.equal(shape[1], batch_size * beam_width),
                                  tf.logical_and(tf.equal(shape[1], batch_size), tf.equal(shape[2], beam_width)))
    return tf.Assert(condition, [error_message])


class BeamSearchDecoder(decoder.Decoder):
    """Beam search over `cell` (TF 1.15's decoder, for dynamic_decode): `initial_state` tiled to
    batch_size * beam_width (tile_batch), `embedding` a matrix or a function of ids, `start_tokens`
    [batch_size], `end_token` a scalar. Scores are log probabilities divided by the GNMT length penalty
    ((5 + length) / 6) ** length_penalty_weight, plus the coverage penalty of an AttentionWrapper's
    alignments when coverage_penalty_weight is not 0."""

    def __init__(self, cell, embedding, start_tokens, end_token, initial_state, beam_width, output_layer=None,
                 length_penalty_weight=0.0, coverage_penalty_weight=0.0, reorder_tensor_arrays=True):
        assert_like_rnncell("cell", cell)
        check_output_layer(output_layer)
        self._cell = cell
        self._output_layer = output_layer
        self._reorder_tensor_arrays = reorder_tensor_arrays
        self._beam_width = beam_width
        self._length_penalty_weight = length_penalty_weight
        self._coverage_penalty_weight = coverage_penalty_weight

        if callable(embedding):
            self._embedding_fn = embedding
        else:
            self._embedding_fn = lambda ids: tf.nn.embedding_lookup(embedding, ids)

        self._start_tokens = tf.convert_to_tensor(start_tokens, dtype=tf.int32, name="start_tokens")
        if self._start_tokens.get_shape().ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._end_token = tf.convert_to_tensor(end_token, dtype=tf.int32, name="end_token")
        if self._end_token.get_shape().ndims != 0:
            raise ValueError("end_token must be a scalar")

        self._batch_size = tf.size(start_tokens)
        self._initial_cell_state = tf.nest.map_structure(
            self._maybe_split_batch_beams, initial_state, self._cell.state_size)
        self._start_tokens = tf.tile(tf.expand_dims(self._start_tokens, 1), [1, self._beam_width])
        self._start_inputs = self._embedding_fn(self._start_tokens)
        self._finished = tf1_ops.one_hot(tf1_ops.zeros([self._batch_size], dtype=tf.int32), depth=self._beam_width,
                                         on_value=False, off_value=True, dtype=tf.bool)

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def tracks_own_finished(self):
        """The beams are reordered every step, so the finished flags are the decoder's own."""
        return True

    @property
    def _ends_only_at_end_token(self):
        return True

    def _rnn_output_size(self):
        return layer_output_size(self._cell.output_size, self._output_layer)

    @property
    def output_size(self):
        return BeamSearchDecoderOutput(scores=tf.TensorShape([self._beam_width]),
                                       predicted_ids=tf.TensorShape([self._beam_width]),
                                       parent_ids=tf.TensorShape([self._beam_width]))

    @property
    def output_dtype(self):
        dtype = tf.nest.flatten(self._initial_cell_state)[0].dtype
        return BeamSearchDecoderOutput(scores=tf.nest.map_structure(lambda _: dtype, self._rnn_output_size()),
                                       predicted_ids=tf.int32, parent_ids=tf.int32)

    def initialize(self, name=None):
        dtype = tf.nest.flatten(self._initial_cell_state)[0].dtype
        # Only beam 0 of each entry is live at the start (the others would repeat it).
        log_probs = tf1_ops.one_hot(tf1_ops.zeros([self._batch_size], dtype=tf.int32), depth=self._beam_width,
                                    on_value=tf.convert_to_tensor(0.0, dtype=dtype),
                                    off_value=tf.convert_to_tensor(-np.inf, dtype=dtype), dtype=dtype)
        init_attention_probs = get_attention_probs(self._initial_cell_state, self._coverage_penalty_weight)
        if init_attention_probs is None:
            init_attention_probs = ()
        initial_state = BeamSearchDecoderState(
            cell_state=self._initial_cell_state, log_probs=log_probs, finished=self._finished,
            lengths=tf1_ops.zeros([self._batch_size, self._beam_width], dtype=tf.int64),
            accumulated_attention_probs=init_attention_probs)
        return self._finished, self._start_inputs, initial_state

    def finalize(self, outputs, final_state, sequence_lengths):
        """The beams traced back through their parents (gather_tree), and TensorArrays in the cell state
        (an AttentionWrapper's alignment_history) reordered the same way unless reorder_tensor_arrays=False."""
        del sequence_lengths
        max_sequence_lengths = tf.cast(tf.reduce_max(final_state.lengths, axis=1), tf.int32)
        predicted_ids = gather_tree(outputs.predicted_ids, outputs.parent_ids,
                                    max_sequence_lengths=max_sequence_lengths, end_token=self._end_token)
        if self._reorder_tensor_arrays:
            final_state = final_state._replace(cell_state=tf.nest.map_structure(
                lambda t: self._maybe_sort_array_beams(t, outputs.parent_ids, final_state.lengths),
                final_state.cell_state))
        outputs = FinalBeamSearchDecoderOutput(beam_search_decoder_output=outputs, predicted_ids=predicted_ids)
        return outputs, final_state

    def _merge_batch_beams(self, t, s=None):
        """[batch, beam, ...] -> [batch * beam, ...]."""
        s = tf.TensorShape(tf.get_static_value(s)) if tf.is_tensor(s) else tf.TensorShape(s)
        t_shape = tf.shape(t)  # before the batch * beam product, as TF 1.15 built them
        static_batch_size = tf.get_static_value(self._batch_size)
        batch_size_beam_width = None if static_batch_size is None else static_batch_size * self._beam_width
        reshaped_t = tf.reshape(t, tf.concat(([self._batch_size * self._beam_width], t_shape[2:]), 0))
        reshaped_t.set_shape(tf.TensorShape([batch_size_beam_width]).concatenate(s))
        return reshaped_t

    def _split_batch_beams(self, t, s=None):
        """[batch * beam, ...] -> [batch, beam, ...]; a tensor whose batch is not batch * beam (an initial
        state that was not tiled) gets TF's ValueError, then the fix."""
        s = tf.TensorShape(tf.get_static_value(s)) if tf.is_tensor(s) else tf.TensorShape(s)
        t_shape = tf.shape(t)
        try:
            reshaped_t = tf.reshape(t, tf.concat(([self._batch_size, self._beam_width], t_shape[1:]), 0))
        except ValueError as error:
            # TF's shape check of the reshape ("Cannot reshape a tensor with 8 elements to shape [2,3,4]"):
            # its message first, then the fix.
            raise ValueError("%s\n%s" % (error, TILE_HINT)) from error
        static_batch_size = tf.get_static_value(self._batch_size)
        expected_reshaped_shape = tf.TensorShape([static_batch_size, self._beam_width]).concatenate(s)
        if not reshaped_t.shape.is_compatible_with(expected_reshaped_shape):
            raise ValueError(
                "Unexpected behavior when reshaping between beam width and batch size.  The reshaped tensor "
                "has shape: %s.  We expected it to have shape (batch_size, beam_width, depth) == %s.  Perhaps "
                "you forgot to create a zero_state with batch_size=encoder_batch_size * beam_width?\n%s"
                % (reshaped_t.shape, expected_reshaped_shape, TILE_HINT))
        reshaped_t.set_shape(expected_reshaped_shape)
        return reshaped_t

    def _maybe_split_batch_beams(self, t, s):
        if isinstance(t, tf.TensorArray):
            return t
        _check_ndims(t)
        return self._split_batch_beams(t, s) if t.shape.ndims >= 1 else t

    def _maybe_merge_batch_beams(self, t, s):
        if isinstance(t, tf.TensorArray):
            return t
        _check_ndims(t)
        return self._merge_batch_beams(t, s) if t.shape.ndims >= 2 else t

    def _maybe_sort_array_beams(self, t, parent_ids, sequence_length):
        if not isinstance(t, tf.TensorArray):
            return t
        if t.element_shape.ndims is None or t.element_shape.ndims < 1:
            tf.logging.warn("The TensorArray %s in the cell state is not amenable to sorting based on the beam "
                            "search result. For a TensorArray to be sorted, its elements shape must be defined "
                            "and have at least a rank of 1, but saw shape: %s" % (t.handle.name, t.element_shape))
            return t
        if not _check_static_batch_beam_maybe(t.element_shape, tf.get_static_value(self._batch_size),
                                              self._beam_width):
            return t
        t = t.stack()
        with tf.control_dependencies([_check_batch_beam(t, self._batch_size, self._beam_width)]):
            return gather_tree_from_array(t, parent_ids, sequence_length)

    def step(self, time, inputs, state, name=None):
        with tf.name_scope(name, "BeamSearchDecoderStep", (time, inputs, state)):
            cell_state = state.cell_state
            inputs = tf.nest.map_structure(lambda inp: self._merge_batch_beams(inp, s=inp.shape[2:]), inputs)
            cell_state = tf.nest.map_structure(self._maybe_merge_batch_beams, cell_state, self._cell.state_size)
            cell_outputs, next_cell_state = self._cell(inputs, cell_state)
            cell_outputs = tf.nest.map_structure(lambda out: self._split_batch_beams(out, out.shape[1:]),
                                                 cell_outputs)
            next_cell_state = tf.nest.map_structure(self._maybe_split_batch_beams, next_cell_state,
                                                    self._cell.state_size)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)

            beam_search_output, beam_search_state = _beam_search_step(
                time=time, logits=cell_outputs, next_cell_state=next_cell_state, beam_state=state,
                batch_size=self._batch_size, beam_width=self._beam_width, end_token=self._end_token,
                length_penalty_weight=self._length_penalty_weight,
                coverage_penalty_weight=self._coverage_penalty_weight)
            finished = beam_search_state.finished
            sample_ids = beam_search_output.predicted_ids
            next_inputs = tf.cond(tf.reduce_all(finished), lambda: self._start_inputs,
                                  lambda: self._embedding_fn(sample_ids))
        return beam_search_output, beam_search_state, next_inputs, finished


def _beam_search_step(time, logits, next_cell_state, beam_state, batch_size, beam_width, end_token,
                      length_penalty_weight, coverage_penalty_weight):
    """One step: every beam's continuations scored, the best beam_width kept per batch entry, the cell
    state and lengths gathered from their parents."""
    static_batch_size = tf.get_static_value(batch_size)
    prediction_lengths = beam_state.lengths
    previously_finished = beam_state.finished
    not_finished = tf.logical_not(previously_finished)

    # A finished beam continues only with end_token, at no cost.
    step_log_probs = _mask_probs(tf.nn.log_softmax(logits), end_token, previously_finished)
    total_probs = tf.expand_dims(beam_state.log_probs, 2) + step_log_probs

    vocab_size = tf.compat.dimension_value(logits.shape[-1]) or tf.shape(logits)[-1]
    lengths_to_add = tf1_ops.one_hot(indices=tf.fill([batch_size, beam_width], end_token), depth=vocab_size,
                                     on_value=tf.cast(0, tf.int64, name="ToInt64"),
                                     off_value=tf.cast(1, tf.int64, name="ToInt64"), dtype=tf.int64)
    lengths_to_add *= tf.expand_dims(tf.cast(not_finished, tf.int64), 2)
    new_prediction_lengths = lengths_to_add + tf.expand_dims(prediction_lengths, 2)

    accumulated_attention_probs = None
    attention_probs = get_attention_probs(next_cell_state, coverage_penalty_weight)
    if attention_probs is not None:
        attention_probs *= tf.expand_dims(tf.cast(not_finished, tf.float32), 2)
        accumulated_attention_probs = beam_state.accumulated_attention_probs + attention_probs

    scores = _get_scores(log_probs=total_probs, sequence_lengths=new_prediction_lengths,
                         length_penalty_weight=length_penalty_weight,
                         coverage_penalty_weight=coverage_penalty_weight, finished=previously_finished,
                         accumulated_attention_probs=accumulated_attention_probs)

    time = tf.convert_to_tensor(time, name="time")
    scores_flat = tf.reshape(scores, [batch_size, -1])
    next_beam_size = tf.convert_to_tensor(beam_width, dtype=tf.int32, name="beam_width")
    next_beam_scores, word_indices = tf.nn.top_k(scores_flat, k=next_beam_size)
    next_beam_scores.set_shape([static_batch_size, beam_width])
    word_indices.set_shape([static_batch_size, beam_width])

    next_beam_probs = _tensor_gather_helper(gather_indices=word_indices, gather_from=total_probs,
                                            batch_size=batch_size, range_size=beam_width * vocab_size,
                                            gather_shape=[-1], name="next_beam_probs")
    raw_next_word_ids = tf.math.floormod(word_indices, vocab_size, name="next_beam_word_ids")
    next_word_ids = tf.cast(raw_next_word_ids, tf.int32)
    next_beam_ids = tf.cast(word_indices / vocab_size, tf.int32, name="next_beam_parent_ids")

    previously_finished = _tensor_gather_helper(gather_indices=next_beam_ids, gather_from=previously_finished,
                                                batch_size=batch_size, range_size=beam_width, gather_shape=[-1])
    next_finished = tf.logical_or(previously_finished, tf.equal(next_word_ids, end_token),
                                  name="next_beam_finished")

    lengths_to_add = tf.cast(tf.logical_not(previously_finished), tf.int64)
    next_prediction_len = _tensor_gather_helper(gather_indices=next_beam_ids, gather_from=beam_state.lengths,
                                                batch_size=batch_size, range_size=beam_width, gather_shape=[-1])
    next_prediction_len += lengths_to_add

    next_accumulated_attention_probs = ()
    if accumulated_attention_probs is not None:
        next_accumulated_attention_probs = _tensor_gather_helper(
            gather_indices=next_beam_ids, gather_from=accumulated_attention_probs, batch_size=batch_size,
            range_size=beam_width, gather_shape=[batch_size * beam_width, -1],
            name="next_accumulated_attention_probs")

    next_cell_state = tf.nest.map_structure(
        lambda gather_from: _maybe_tensor_gather_helper(
            gather_indices=next_beam_ids, gather_from=gather_from, batch_size=batch_size, range_size=beam_width,
            gather_shape=[batch_size * beam_width, -1]),
        next_cell_state)

    next_state = BeamSearchDecoderState(cell_state=next_cell_state, log_probs=next_beam_probs,
                                        lengths=next_prediction_len, finished=next_finished,
                                        accumulated_attention_probs=next_accumulated_attention_probs)
    output = BeamSearchDecoderOutput(scores=next_beam_scores, predicted_ids=next_word_ids,
                                     parent_ids=next_beam_ids)
    return output, next_state


def get_attention_probs(next_cell_state, coverage_penalty_weight):
    """The (mean over attention layers of the) alignments in the cell state, for the coverage penalty;
    None when the penalty is off."""
    if coverage_penalty_weight == 0.0:
        return None
    probs_per_attn_layer = []
    if isinstance(next_cell_state, AttentionWrapperState):
        probs_per_attn_layer = [attention_probs_from_attn_state(next_cell_state)]
    elif isinstance(next_cell_state, tuple):
        for state in next_cell_state:
            if isinstance(state, AttentionWrapperState):
                probs_per_attn_layer.append(attention_probs_from_attn_state(state))
    if not probs_per_attn_layer:
        raise ValueError("coverage_penalty_weight must be 0.0 if no cell is attentional.")
    if len(probs_per_attn_layer) == 1:
        return probs_per_attn_layer[0]
    return tf.reduce_mean(tf.concat([tf.expand_dims(prob, -1) for prob in probs_per_attn_layer], -1), -1)


def attention_probs_from_attn_state(attention_state):
    """An AttentionWrapperState's alignments (their mean, for several mechanisms)."""
    attention_probs = attention_state.alignments
    if isinstance(attention_probs, tuple):
        attention_probs = tf.reduce_mean(tf.concat([tf.expand_dims(p, -1) for p in attention_probs], -1), -1)
    return attention_probs


def _get_scores(log_probs, sequence_lengths, length_penalty_weight, coverage_penalty_weight, finished,
                accumulated_attention_probs):
    """Log probabilities divided by the length penalty, plus the weighted coverage penalty (GNMT's)."""
    length_penalty_ = tf.cast(_length_penalty(sequence_lengths=sequence_lengths,
                                              penalty_factor=length_penalty_weight), dtype=log_probs.dtype)
    scores = log_probs / length_penalty_

    coverage_penalty_weight = tf.convert_to_tensor(coverage_penalty_weight, name="coverage_penalty_weight")
    if coverage_penalty_weight.shape.ndims != 0:
        raise ValueError("coverage_penalty_weight should be a scalar, but saw shape: %s"
                         % coverage_penalty_weight.shape)
    if tf.get_static_value(coverage_penalty_weight) == 0.0:
        return scores
    if accumulated_attention_probs is None:
        raise ValueError("accumulated_attention_probs can be None only if coverage penalty is disabled.")
    accumulated_attention_probs = tf.where(tf.equal(accumulated_attention_probs, 0.0),
                                           tf1_ops.ones_like(accumulated_attention_probs), accumulated_attention_probs)
    coverage_penalty = tf.reduce_sum(tf.log(tf.minimum(accumulated_attention_probs, 1.0)), 2)
    coverage_penalty *= tf.cast(finished, tf.float32)
    return scores + tf.expand_dims(coverage_penalty * coverage_penalty_weight, 2)


def _length_penalty(sequence_lengths, penalty_factor):
    """((5 + length) / 6) ** penalty_factor (Wu et al., 2016), 1.0 when the factor is statically 0."""
    penalty_factor = tf.convert_to_tensor(penalty_factor, name="penalty_factor")
    penalty_factor.set_shape(())
    static_penalty = tf.get_static_value(penalty_factor)
    if static_penalty is not None and static_penalty == 0:
        return 1.0
    return tf.div((5. + tf.cast(sequence_lengths, tf.float32)) ** penalty_factor, (5. + 1.) ** penalty_factor)


def _mask_probs(probs, eos_token, finished):
    """Finished beams' rows: 0 for eos_token, the dtype's lowest value for every other word."""
    vocab_size = tf.shape(probs)[2]
    finished_row = tf1_ops.one_hot(eos_token, vocab_size, dtype=probs.dtype,
                                   on_value=tf.convert_to_tensor(0., dtype=probs.dtype), off_value=probs.dtype.min)
    finished_probs = tf.tile(tf.reshape(finished_row, [1, 1, -1]), tf.concat([tf.shape(finished), [1]], 0))
    finished_mask = tf.tile(tf.expand_dims(finished, 2), [1, 1, vocab_size])
    return tf.where(finished_mask, finished_probs, probs)


def _maybe_tensor_gather_helper(gather_indices, gather_from, batch_size, range_size, gather_shape):
    if isinstance(gather_from, tf.TensorArray):
        return gather_from
    _check_ndims(gather_from)
    if gather_from.shape.ndims >= len(gather_shape):
        return _tensor_gather_helper(gather_indices=gather_indices, gather_from=gather_from,
                                     batch_size=batch_size, range_size=range_size, gather_shape=gather_shape)
    return gather_from


def _tensor_gather_helper(gather_indices, gather_from, batch_size, range_size, gather_shape, name=None):
    """gather_from's entries at gather_indices [batch, beam] (indices within each batch entry's
    range_size), gather_from reshaped to gather_shape first."""
    with tf.name_scope(name, "tensor_gather_helper"):
        range_ = tf.expand_dims(tf.range(batch_size) * range_size, 1)
        gather_indices = tf.reshape(gather_indices + range_, [-1])
        output = tf.gather(tf.reshape(gather_from, gather_shape), gather_indices)
        final_shape = tf.shape(gather_from)[:1 + len(gather_shape)]
        static_batch_size = tf.get_static_value(batch_size)
        final_static_shape = tf.TensorShape([static_batch_size]).concatenate(
            gather_from.shape[1:1 + len(gather_shape)])
        output = tf.reshape(output, final_shape, name="output")
        output.set_shape(final_static_shape)
        return output
