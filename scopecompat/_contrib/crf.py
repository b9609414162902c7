"""tf.contrib.crf: TF 1.15's linear-chain CRF, rebuilt on tf.compat.v1.

TF 2.x has no CRF; tensorflow-addons had one (tfa.text) but is archived and does not install on the TF
versions scopecompat supports, so this module builds TF 1.15's functions on tf.compat.v1 with TF 1.15's
semantics: the same arguments, the variable "transitions" ([num_tags, num_tags], the scope's default
initializer) that crf_log_likelihood creates when no transition matrix is given, the same special case
for sequences of length 1 (chosen statically when the time dimension is known, by tf.cond otherwise),
and zero scores for sequences of length 0. The forward and decode recursions run through
tf.nn.dynamic_rnn with the three TF 1.15 cells below, so graphs and values are TF 1.15's (the
conformance family cases/contrib_crf.json compares them with TF 1.15.5).

Imported on first use of tf.contrib.crf, never at `import scopecompat`.
"""

import importlib

import numpy as np

from scopecompat._facade.bootstrap import tf_v1 as tf
from scopecompat._legacy import tf1_ops  # TF 1.15's ops for the TF functions TF 2.x builds otherwise

# A package for the import system (with no folder of its own), so that TF 1.15's paths below it
# (`tensorflow.contrib.crf.python.ops...`) import through scopecompat/_contrib/paths.py.
__path__ = []

__all__ = [
    "crf_sequence_score", "crf_log_norm", "crf_log_likelihood", "crf_unary_score", "crf_binary_score",
    "CrfForwardRnnCell", "viterbi_decode", "crf_decode", "CrfDecodeForwardRnnCell",
    "CrfDecodeBackwardRnnCell", "crf_multitag_sequence_score",
]


def _by_length(inputs, single_step, many_steps):
    """TF 1.15's branch on the number of time steps (inputs.shape[1] == 1): in Python where the shape is
    known, as its smart_cond did, else a tf.cond. The predicate is built either way, as TF 1.15 built it
    (graph-seeded programs draw from the op count, and later op names count the Equal ops)."""
    steps = tf.compat.dimension_value(inputs.shape[1])
    is_single_step = tf.equal(steps or tf.shape(inputs)[1], 1)
    if steps:
        return single_step() if steps == 1 else many_steps()
    return tf.cond(is_single_step, single_step, many_steps)


def _zero_where_empty(sequence_lengths, scores):
    """Scores of sequences of length <= 0 are 0, as in TF 1.15."""
    return tf.where(tf.less_equal(sequence_lengths, 0), tf.zeros_like(scores), scores)


def _lengths_less_one(sequence_lengths):
    return tf.maximum(tf.constant(0, dtype=sequence_lengths.dtype), sequence_lengths - 1)


def crf_sequence_score(inputs, tag_indices, sequence_lengths, transition_params):
    """The unnormalized score of each tag sequence: [batch_size]."""
    def single_step():
        batch_size = tf.shape(inputs, out_type=tag_indices.dtype)[0]
        examples = tf.reshape(tf.range(batch_size, dtype=tag_indices.dtype), [-1, 1])
        scores = tf.gather_nd(tf.squeeze(inputs, [1]), tf.concat([examples, tag_indices], axis=1))
        return _zero_where_empty(sequence_lengths, scores)

    def many_steps():
        return (crf_unary_score(tag_indices, sequence_lengths, inputs)
                + crf_binary_score(tag_indices, sequence_lengths, transition_params))

    return _by_length(inputs, single_step, many_steps)


def crf_multitag_sequence_score(inputs, tag_bitmap, sequence_lengths, transition_params):
    """The log-sum of the scores of every tag sequence allowed by the boolean `tag_bitmap`."""
    def allowed():
        return tf.where(tag_bitmap, inputs, tf.fill(tf.shape(inputs), float("-inf")))

    def single_step():
        return tf1_ops.reduce_logsumexp(allowed(), axis=[1, 2], keepdims=False)

    def many_steps():
        return crf_log_norm(allowed(), sequence_lengths, transition_params)

    return _by_length(inputs, single_step, many_steps)


def crf_log_norm(inputs, sequence_lengths, transition_params):
    """The partition function (log of the sum over all tag sequences): [batch_size]."""
    first_input = tf.squeeze(tf.slice(inputs, [0, 0, 0], [-1, 1, -1]), [1])

    def single_step():
        return _zero_where_empty(sequence_lengths, tf1_ops.reduce_logsumexp(first_input, [1]))

    def many_steps():
        # The forward algorithm: alphas over the remaining steps, from the first step's scores.
        rest = tf.slice(inputs, [0, 1, 0], [-1, -1, -1])
        forward_cell = CrfForwardRnnCell(transition_params)
        _, alphas = tf.nn.dynamic_rnn(
            cell=forward_cell, inputs=rest,
            sequence_length=_lengths_less_one(sequence_lengths), initial_state=first_input, dtype=tf.float32)
        return _zero_where_empty(sequence_lengths, tf1_ops.reduce_logsumexp(alphas, [1]))

    return _by_length(inputs, single_step, many_steps)


def crf_log_likelihood(inputs, tag_indices, sequence_lengths, transition_params=None):
    """(log_likelihood [batch_size], transition_params); creates the variable "transitions" in the current
    variable scope when transition_params is None."""
    num_tags = tf.compat.dimension_value(inputs.shape[2])
    if transition_params is None:
        transition_params = tf.get_variable("transitions", [num_tags, num_tags])
    sequence_scores = crf_sequence_score(inputs, tag_indices, sequence_lengths, transition_params)
    log_norm = crf_log_norm(inputs, sequence_lengths, transition_params)
    return sequence_scores - log_norm, transition_params


def crf_unary_score(tag_indices, sequence_lengths, inputs):
    """The sum of the unary potentials of each tag sequence, over its length: [batch_size]."""
    # TF 1.15's ops in its order: three shape reads, the flattened inputs, then the offsets of each
    # (example, step, tag) in them.
    batch_size = tf.shape(inputs)[0]
    max_seq_len = tf.shape(inputs)[1]
    num_tags = tf.shape(inputs)[2]
    flat_inputs = tf.reshape(inputs, [-1])
    offsets = tf.expand_dims(tf.range(batch_size) * max_seq_len * num_tags, 1)
    offsets += tf.expand_dims(tf.range(max_seq_len) * num_tags, 0)
    if tag_indices.dtype == tf.int64:
        offsets = tf.cast(offsets, tf.int64)
    flat_indices = tf.reshape(offsets + tag_indices, [-1])
    scores = tf.reshape(tf.gather(flat_inputs, flat_indices), [batch_size, max_seq_len])
    masks = tf.sequence_mask(sequence_lengths, maxlen=tf.shape(tag_indices)[1], dtype=tf.float32)
    return tf.reduce_sum(scores * masks, 1)


def crf_binary_score(tag_indices, sequence_lengths, transition_params):
    """The sum of the transition scores of each tag sequence, over its length: [batch_size]."""
    num_tags = transition_params.get_shape()[0]
    num_transitions = tf.shape(tag_indices)[1] - 1
    starts = tf.slice(tag_indices, [0, 0], [-1, num_transitions])
    ends = tf.slice(tag_indices, [0, 1], [-1, num_transitions])
    flat_indices = starts * num_tags + ends
    scores = tf.gather(tf.reshape(transition_params, [-1]), flat_indices)
    masks = tf.sequence_mask(sequence_lengths, maxlen=tf.shape(tag_indices)[1], dtype=tf.float32)
    return tf.reduce_sum(scores * tf.slice(masks, [0, 1], [-1, -1]), 1)


def _rnn_cell_base():
    # The RNNCell class scopecompat serves as tf.nn.rnn_cell.RNNCell (tf_keras's TF1 cell under Keras 3),
    # so that isinstance checks against it hold as they did in TF 1.15.
    return importlib.import_module("scopecompat.nn.rnn_cell").RNNCell


class _CrfCell(_rnn_cell_base()):
    """A variable-free cell of the CRF recursions: tf.nn.dynamic_rnn calls it like any RNNCell."""

    def __init__(self, num_tags):
        super().__init__()
        self._num_tags = num_tags

    @property
    def state_size(self):
        return self._num_tags

    @property
    def output_size(self):
        return self._num_tags


class CrfForwardRnnCell(_CrfCell):
    """One step of the forward algorithm: alphas' = inputs + logsumexp(alphas + transitions)."""

    def __init__(self, transition_params):
        super().__init__(tf.compat.dimension_value(transition_params.shape[0]))
        self._transition_params = tf.expand_dims(transition_params, 0)

    def __call__(self, inputs, state, scope=None):
        new_alphas = inputs + tf1_ops.reduce_logsumexp(tf.expand_dims(state, 2) + self._transition_params, [1])
        return new_alphas, new_alphas


class CrfDecodeForwardRnnCell(_CrfCell):
    """One step of Viterbi's forward pass: outputs the backpointers [B, O] (int32), the best scores as state."""

    def __init__(self, transition_params):
        super().__init__(tf.compat.dimension_value(transition_params.shape[0]))
        self._transition_params = tf.expand_dims(transition_params, 0)

    def __call__(self, inputs, state, scope=None):
        transition_scores = tf.expand_dims(state, 2) + self._transition_params  # [B, O, O]
        new_state = inputs + tf.reduce_max(transition_scores, [1])
        backpointers = tf.cast(tf.argmax(transition_scores, 1), dtype=tf.int32)
        return backpointers, new_state


class CrfDecodeBackwardRnnCell(_CrfCell):
    """One step of Viterbi's backtracking: the previous tag, read from the backpointers ([B, 1] state)."""

    def __init__(self, num_tags):
        super().__init__(num_tags)

    @property
    def state_size(self):
        return 1

    @property
    def output_size(self):
        return 1

    def __call__(self, inputs, state, scope=None):
        state = tf.squeeze(state, axis=[1])
        indices = tf.stack([tf.range(tf.shape(inputs)[0]), state], axis=1)
        new_tags = tf.expand_dims(tf.gather_nd(inputs, indices), axis=-1)
        return new_tags, new_tags


def viterbi_decode(score, transition_params):
    """The best tag sequence (a list) and its score, in numpy, for one [seq_len, num_tags] score array."""
    trellis = np.zeros_like(score)
    backpointers = np.zeros_like(score, dtype=np.int32)
    trellis[0] = score[0]
    for t in range(1, score.shape[0]):
        v = np.expand_dims(trellis[t - 1], 1) + transition_params
        trellis[t] = score[t] + np.max(v, 0)
        backpointers[t] = np.argmax(v, 0)
    viterbi = [np.argmax(trellis[-1])]
    for step_backpointers in reversed(backpointers[1:]):
        viterbi.append(step_backpointers[viterbi[-1]])
    viterbi.reverse()
    return viterbi, np.max(trellis[-1])


def crf_decode(potentials, transition_params, sequence_length):
    """Viterbi in the graph: (decode_tags [B, T] int32, best_score [B])."""
    def single_step():
        squeezed = tf.squeeze(potentials, [1])
        tags = tf.expand_dims(tf.argmax(squeezed, axis=1), 1)
        return tf.cast(tags, dtype=tf.int32), tf.reduce_max(squeezed, axis=1)

    def many_steps():
        num_tags = tf.compat.dimension_value(potentials.shape[2])
        forward_cell = CrfDecodeForwardRnnCell(transition_params)  # its ops first, as in TF 1.15
        initial_state = tf.squeeze(tf.slice(potentials, [0, 0, 0], [-1, 1, -1]), axis=[1])
        inputs = tf.slice(potentials, [0, 1, 0], [-1, -1, -1])
        lengths_less_one = _lengths_less_one(sequence_length)
        backpointers, last_score = tf.nn.dynamic_rnn(
            forward_cell, inputs=inputs, sequence_length=lengths_less_one,
            initial_state=initial_state, time_major=False, dtype=tf.int32)
        backpointers = tf.reverse_sequence(backpointers, lengths_less_one, seq_axis=1)
        # Backtrack from the best last tag.
        last_tag = tf.expand_dims(tf.cast(tf.argmax(last_score, axis=1), dtype=tf.int32), axis=-1)
        tags, _ = tf.nn.dynamic_rnn(
            CrfDecodeBackwardRnnCell(num_tags), inputs=backpointers, sequence_length=lengths_less_one,
            initial_state=last_tag, time_major=False, dtype=tf.int32)
        tags = tf.concat([last_tag, tf.squeeze(tags, axis=[2])], axis=1)
        tags = tf.reverse_sequence(tags, sequence_length, seq_axis=1)
        return tags, tf.reduce_max(last_score, axis=1)

    return _by_length(potentials, single_step, many_steps)
