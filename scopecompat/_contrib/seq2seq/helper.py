"""tf.contrib.seq2seq's helpers (TF 1.15's), rebuilt on tf.compat.v1: what BasicDecoder samples each step
and what it feeds the cell next.

Training helpers read the next input from the given sequence; inference helpers (GreedyEmbeddingHelper,
SampleEmbeddingHelper, InferenceHelper) feed back their own samples and end only when every entry has
emitted the end token. Such a decode without maximum_iterations may never end: TF 1.15 then runs until
memory runs out. scopecompat keeps that result for every program that does end, and warns at graph build
(decoder.warn_if_unbounded), naming maximum_iterations.
"""

import abc

from scopecompat._contrib.seq2seq.decoder import transpose_batch_time
from scopecompat._facade.bootstrap import tf_v1 as tf
from scopecompat._legacy import random_seeds  # random_uniform with TF 1.15's ops (op count)

__all__ = ["Helper", "TrainingHelper", "GreedyEmbeddingHelper", "SampleEmbeddingHelper", "CustomHelper",
           "ScheduledEmbeddingTrainingHelper", "ScheduledOutputTrainingHelper", "InferenceHelper"]


def _sample_reshaped(sample_n, sample_shape):
    """`sample_n(n)` for n = prod(sample_shape), reshaped to sample_shape + the event shape."""
    with tf.name_scope(None, "call_sampler", values=[sample_shape]):
        sample_shape = tf.convert_to_tensor(sample_shape, dtype=tf.int32, name="sample_shape")
        # A scalar sample_shape counts as [sample_shape].
        pad = tf.cast(tf.equal(tf.rank(sample_shape), 0), tf.int32)
        sample_shape = tf.reshape(sample_shape, tf.pad(tf.shape(sample_shape), paddings=[[pad, 0]],
                                                       constant_values=1))
        samples = sample_n(tf.reduce_prod(sample_shape))
        return tf.reshape(samples, tf.concat([sample_shape, tf.shape(samples)[1:]], 0))


def bernoulli_sample(probs=None, logits=None, dtype=tf.int32, sample_shape=(), seed=None):
    """Bernoulli draws (as TF 1.15's helper.py draws them: uniform < p)."""
    probs = tf.sigmoid(logits, name="probs") if probs is None else tf.convert_to_tensor(probs, name="probs")
    batch_shape = tf.shape(probs)

    def sample_n(n):
        uniform = random_seeds.random_uniform(tf.concat([[n], batch_shape], 0), seed=seed, dtype=probs.dtype)
        return tf.cast(tf.less(uniform, probs), dtype)

    return _sample_reshaped(sample_n, sample_shape)


def categorical_sample(logits, dtype=tf.int32, sample_shape=(), seed=None):
    """Categorical draws from `logits` [..., classes] (tf.multinomial, as TF 1.15)."""
    logits = tf.convert_to_tensor(logits, name="logits")
    event_size = tf.shape(logits)[-1]
    batch_shape = tf.shape(logits)[:-1]

    def sample_n(n):
        logits_2d = logits if logits.shape.ndims == 2 else tf.reshape(logits, [-1, event_size])
        sample_dtype = tf.int64 if logits.dtype.size > 4 else tf.int32
        draws = tf.multinomial(logits_2d, n, seed=seed, output_dtype=sample_dtype)
        draws = tf.reshape(tf.transpose(draws), tf.concat([[n], batch_shape], 0))
        return tf.cast(draws, dtype)

    return _sample_reshaped(sample_n, sample_shape)


def _in_step_order(outputs):
    """Makes a random draw that depends on nothing of the step wait for the step's outputs.

    TF 1.15's while_loop made such draws step after step, so a seeded schedule drew the same numbers
    as in TF 1.15; TF 2.x's runs the independent draws of parallel iterations in another order (the
    stream reversed over 4 steps), and the same seed would schedule other steps. Waiting for the
    outputs, which need the previous step, restores TF 1.15's order."""
    return tf.control_dependencies(tf.nest.flatten(outputs))


def _unstack_ta(tensor):
    return tf.TensorArray(dtype=tensor.dtype, size=tf.shape(tensor)[0],
                          element_shape=tensor.get_shape()[1:]).unstack(tensor)


def _embedding_fn(embedding):
    """A callable `embedding` as it is, else the params of an embedding_lookup."""
    if callable(embedding):
        return embedding
    return lambda ids: tf.nn.embedding_lookup(embedding, ids)


def _check_sampling_probability(value):
    probability = tf.convert_to_tensor(value, name="sampling_probability")
    if probability.get_shape().ndims not in (0, 1):
        raise ValueError("sampling_probability must be either a scalar or a vector. saw shape: %s"
                         % probability.get_shape())
    return probability


def _scatter_merge(where_sampling, sampled, where_not_sampling, not_sampled, shape):
    """The rows of `sampled` at where_sampling and of `not_sampled` at the others, in one tensor."""
    return (tf.scatter_nd(indices=where_sampling, updates=sampled, shape=shape)
            + tf.scatter_nd(indices=where_not_sampling, updates=not_sampled, shape=shape))


class Helper(abc.ABC):
    """What BasicDecoder asks each step: sample ids, then (finished, next_inputs, next_state)."""

    @property
    @abc.abstractmethod
    def batch_size(self):
        raise NotImplementedError("batch_size has not been implemented")

    @property
    @abc.abstractmethod
    def sample_ids_shape(self):
        raise NotImplementedError("sample_ids_shape has not been implemented")

    @property
    @abc.abstractmethod
    def sample_ids_dtype(self):
        raise NotImplementedError("sample_ids_dtype has not been implemented")

    @abc.abstractmethod
    def initialize(self, name=None):
        """Returns (initial_finished, initial_inputs)."""

    @abc.abstractmethod
    def sample(self, time, outputs, state, name=None):
        """Returns sample_ids."""

    @abc.abstractmethod
    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        """Returns (finished, next_inputs, next_state)."""


class CustomHelper(Helper):
    """A Helper from three functions: initialize_fn(), sample_fn(time, outputs, state) and
    next_inputs_fn(time, outputs, state, sample_ids)."""

    def __init__(self, initialize_fn, sample_fn, next_inputs_fn, sample_ids_shape=None, sample_ids_dtype=None):
        self._initialize_fn = initialize_fn
        self._sample_fn = sample_fn
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = None
        self._sample_ids_shape = tf.TensorShape(sample_ids_shape or [])
        self._sample_ids_dtype = sample_ids_dtype or tf.int32

    @property
    def batch_size(self):
        if self._batch_size is None:
            raise ValueError("batch_size accessed before initialize was called")
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return self._sample_ids_shape

    @property
    def sample_ids_dtype(self):
        return self._sample_ids_dtype

    def initialize(self, name=None):
        with tf.name_scope(name, "%sInitialize" % type(self).__name__):
            finished, next_inputs = self._initialize_fn()
            if self._batch_size is None:
                self._batch_size = tf.size(finished)
        return finished, next_inputs

    def sample(self, time, outputs, state, name=None):
        with tf.name_scope(name, "%sSample" % type(self).__name__, (time, outputs, state)):
            return self._sample_fn(time=time, outputs=outputs, state=state)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.name_scope(name, "%sNextInputs" % type(self).__name__, (time, outputs, state)):
            return self._next_inputs_fn(time=time, outputs=outputs, state=state, sample_ids=sample_ids)


class TrainingHelper(Helper):
    """Feeds the given inputs step by step (teacher forcing); sample ids are the outputs' argmax."""

    def __init__(self, inputs, sequence_length, time_major=False, name=None):
        with tf.name_scope(name, "TrainingHelper", [inputs, sequence_length]):
            inputs = tf.convert_to_tensor(inputs, name="inputs")
            self._inputs = inputs
            if not time_major:
                inputs = tf.nest.map_structure(transpose_batch_time, inputs)
            self._input_tas = tf.nest.map_structure(_unstack_ta, inputs)
            self._sequence_length = tf.convert_to_tensor(sequence_length, name="sequence_length")
            if self._sequence_length.get_shape().ndims != 1:
                raise ValueError("Expected sequence_length to be a vector, but received shape: %s"
                                 % self._sequence_length.get_shape())
            self._zero_inputs = tf.nest.map_structure(lambda inp: tf.zeros_like(inp[0, :]), inputs)
            self._batch_size = tf.size(sequence_length)

    @property
    def inputs(self):
        return self._inputs

    @property
    def sequence_length(self):
        return self._sequence_length

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return tf.TensorShape([])

    @property
    def sample_ids_dtype(self):
        return tf.int32

    def _inputs_at(self, time, finished):
        # Past every sequence's end the TensorArrays have nothing to read: zeros instead.
        return tf.cond(tf.reduce_all(finished), lambda: self._zero_inputs,
                       lambda: tf.nest.map_structure(lambda ta: ta.read(time), self._input_tas))

    def initialize(self, name=None):
        with tf.name_scope(name, "TrainingHelperInitialize"):
            finished = tf.equal(0, self._sequence_length)
            return finished, self._inputs_at(0, finished)

    def sample(self, time, outputs, name=None, **unused_kwargs):
        with tf.name_scope(name, "TrainingHelperSample", [time, outputs]):
            return tf.cast(tf.argmax(outputs, axis=-1), tf.int32)

    def next_inputs(self, time, outputs, state, name=None, **unused_kwargs):
        with tf.name_scope(name, "TrainingHelperNextInputs", [time, outputs, state]):
            next_time = time + 1
            finished = next_time >= self._sequence_length
            return finished, self._inputs_at(next_time, finished), state


class ScheduledEmbeddingTrainingHelper(TrainingHelper):
    """TrainingHelper that, with sampling_probability, feeds the embedding of a sampled output instead of
    the given input; sample ids are -1 where it did not sample."""

    def __init__(self, inputs, sequence_length, embedding, sampling_probability, time_major=False, seed=None,
                 scheduling_seed=None, name=None):
        with tf.name_scope(name, "ScheduledEmbeddingSamplingWrapper", [embedding, sampling_probability]):
            self._embedding_fn = _embedding_fn(embedding)
            self._sampling_probability = _check_sampling_probability(sampling_probability)
            self._seed = seed
            self._scheduling_seed = scheduling_seed
            super().__init__(inputs=inputs, sequence_length=sequence_length, time_major=time_major, name=name)

    def sample(self, time, outputs, state, name=None):
        with tf.name_scope(name, "ScheduledEmbeddingTrainingHelperSample", [time, outputs, state]):
            with _in_step_order(outputs):
                select_sample = bernoulli_sample(probs=self._sampling_probability, dtype=tf.bool,
                                                 sample_shape=self.batch_size, seed=self._scheduling_seed)
            return tf.where(select_sample, categorical_sample(logits=outputs, seed=self._seed),
                            tf.fill([self.batch_size], -1))

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.name_scope(name, "ScheduledEmbeddingTrainingHelperNextInputs",
                           [time, outputs, state, sample_ids]):
            finished, base_next_inputs, state = super().next_inputs(
                time=time, outputs=outputs, state=state, sample_ids=sample_ids, name=name)

            def maybe_sample():
                where_sampling = tf.cast(tf.where(sample_ids > -1), tf.int32)
                where_not_sampling = tf.cast(tf.where(sample_ids <= -1), tf.int32)
                sampled = self._embedding_fn(tf.gather_nd(sample_ids, where_sampling))
                not_sampled = tf.gather_nd(base_next_inputs, where_not_sampling)
                return _scatter_merge(where_sampling, sampled, where_not_sampling, not_sampled,
                                      tf.shape(base_next_inputs))

            next_inputs = tf.cond(tf.reduce_all(finished), lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


class ScheduledOutputTrainingHelper(TrainingHelper):
    """TrainingHelper that, with sampling_probability, feeds the previous output (through next_inputs_fn,
    with auxiliary_inputs appended) instead of the given input; sample ids say where it did."""

    def __init__(self, inputs, sequence_length, sampling_probability, time_major=False, seed=None,
                 next_inputs_fn=None, auxiliary_inputs=None, name=None):
        with tf.name_scope(name, "ScheduledOutputTrainingHelper", [inputs, auxiliary_inputs, sampling_probability]):
            self._sampling_probability = _check_sampling_probability(sampling_probability)
            if auxiliary_inputs is None:
                maybe_concatenated_inputs = inputs
            else:
                inputs = tf.convert_to_tensor(inputs, name="inputs")
                auxiliary_inputs = tf.convert_to_tensor(auxiliary_inputs, name="auxiliary_inputs")
                maybe_concatenated_inputs = tf.nest.map_structure(lambda x, y: tf.concat((x, y), -1),
                                                                  inputs, auxiliary_inputs)
                if not time_major:
                    auxiliary_inputs = tf.nest.map_structure(transpose_batch_time, auxiliary_inputs)
            self._auxiliary_input_tas = (tf.nest.map_structure(_unstack_ta, auxiliary_inputs)
                                         if auxiliary_inputs is not None else None)
            self._seed = seed
            self._next_inputs_fn = next_inputs_fn
            super().__init__(inputs=maybe_concatenated_inputs, sequence_length=sequence_length,
                             time_major=time_major, name=name)

    def sample(self, time, outputs, state, name=None):
        with tf.name_scope(name, "ScheduledOutputTrainingHelperSample", [time, outputs, state]):
            with _in_step_order(outputs):
                return bernoulli_sample(probs=self._sampling_probability, sample_shape=self.batch_size,
                                        seed=self._seed)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.name_scope(name, "ScheduledOutputTrainingHelperNextInputs", [time, outputs, state, sample_ids]):
            finished, base_next_inputs, state = super().next_inputs(
                time=time, outputs=outputs, state=state, sample_ids=sample_ids, name=name)
            sample_ids = tf.cast(sample_ids, tf.bool)

            def with_auxiliary_inputs(outputs_, indices=None):
                if self._auxiliary_input_tas is None:
                    return outputs_
                auxiliary = tf.nest.map_structure(lambda ta: ta.read(time + 1), self._auxiliary_input_tas)
                if indices is not None:
                    auxiliary = tf.gather_nd(auxiliary, indices)
                return tf.nest.map_structure(lambda x, y: tf.concat((x, y), -1), outputs_, auxiliary)

            def maybe_sample():
                if self._next_inputs_fn is None:
                    return tf.where(sample_ids, with_auxiliary_inputs(outputs), base_next_inputs)
                where_sampling = tf.cast(tf.where(sample_ids), tf.int32)
                where_not_sampling = tf.cast(tf.where(tf.logical_not(sample_ids)), tf.int32)
                sampled = with_auxiliary_inputs(self._next_inputs_fn(tf.gather_nd(outputs, where_sampling)),
                                                where_sampling)
                not_sampled = tf.gather_nd(base_next_inputs, where_not_sampling)
                return _scatter_merge(where_sampling, sampled, where_not_sampling, not_sampled,
                                      tf.shape(base_next_inputs))

            no_samples = tf.logical_not(tf.reduce_any(sample_ids))
            next_inputs = tf.cond(tf.logical_or(tf.reduce_all(finished), no_samples),
                                  lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


class GreedyEmbeddingHelper(Helper):
    """Inference: the argmax of the outputs, embedded, is the next input; an entry ends at end_token."""

    def __init__(self, embedding, start_tokens, end_token):
        self._embedding_fn = _embedding_fn(embedding)
        self._start_tokens = tf.convert_to_tensor(start_tokens, dtype=tf.int32, name="start_tokens")
        self._end_token = tf.convert_to_tensor(end_token, dtype=tf.int32, name="end_token")
        if self._start_tokens.get_shape().ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._batch_size = tf.size(start_tokens)
        if self._end_token.get_shape().ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._start_inputs = self._embedding_fn(self._start_tokens)

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return tf.TensorShape([])

    @property
    def sample_ids_dtype(self):
        return tf.int32

    def initialize(self, name=None):
        return tf.tile([False], [self._batch_size]), self._start_inputs

    def sample(self, time, outputs, state, name=None):
        if not isinstance(outputs, tf.Tensor):
            raise TypeError("Expected outputs to be a single Tensor, got: %s" % type(outputs))
        return tf.argmax(outputs, axis=-1, output_type=tf.int32)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        finished = tf.equal(sample_ids, self._end_token)
        # Once all are finished the ids may be out of the embedding's range: feed the start inputs.
        next_inputs = tf.cond(tf.reduce_all(finished), lambda: self._start_inputs,
                              lambda: self._embedding_fn(sample_ids))
        return finished, next_inputs, state


class SampleEmbeddingHelper(GreedyEmbeddingHelper):
    """GreedyEmbeddingHelper that samples from softmax(outputs / softmax_temperature) instead of argmax."""

    def __init__(self, embedding, start_tokens, end_token, softmax_temperature=None, seed=None):
        super().__init__(embedding, start_tokens, end_token)
        self._softmax_temperature = softmax_temperature
        self._seed = seed

    def sample(self, time, outputs, state, name=None):
        if not isinstance(outputs, tf.Tensor):
            raise TypeError("Expected outputs to be a single Tensor, got: %s" % type(outputs))
        logits = outputs if self._softmax_temperature is None else outputs / self._softmax_temperature
        return categorical_sample(logits=logits, seed=self._seed)


class InferenceHelper(Helper):
    """Inference with your own sample_fn(outputs), end_fn(sample_ids) and next_inputs_fn(sample_ids)."""

    def __init__(self, sample_fn, sample_shape, sample_dtype, start_inputs, end_fn, next_inputs_fn=None):
        self._sample_fn = sample_fn
        self._end_fn = end_fn
        self._sample_shape = tf.TensorShape(sample_shape)
        self._sample_dtype = sample_dtype
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = tf.shape(start_inputs)[0]
        self._start_inputs = tf.convert_to_tensor(start_inputs, name="start_inputs")

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return self._sample_shape

    @property
    def sample_ids_dtype(self):
        return self._sample_dtype

    def initialize(self, name=None):
        return tf.tile([False], [self._batch_size]), self._start_inputs

    def sample(self, time, outputs, state, name=None):
        return self._sample_fn(outputs)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        next_inputs = sample_ids if self._next_inputs_fn is None else self._next_inputs_fn(sample_ids)
        return self._end_fn(sample_ids), next_inputs, state


# The helpers that end only when the model emits its end token (dynamic_decode warns without
# maximum_iterations, see decoder.warn_if_unbounded).
INFERENCE_HELPERS = (GreedyEmbeddingHelper, InferenceHelper)
