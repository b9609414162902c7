"""tf.contrib.legacy_seq2seq: TF 1.x's static sequence-to-sequence models, rebuilt on tf.compat.v1.

TF 1.15's contrib/legacy_seq2seq/python/ops/seq2seq.py is the spec of behaviour: the same functions,
arguments, variable scopes and variable names (embedding_rnn_seq2seq/rnn/embedding_wrapper/embedding,
attention_decoder/AttnW_0, Attention_0/kernel, AttnOutputProjection/kernel, ...), so that TF 1.x
checkpoints restore and seeded models compute what they computed. Sequences are Python lists of 2-D
tensors, one per time step (the graph is unrolled), as in TF 1.x. The cells are the TF1 RNN cells
scopecompat serves (tf.nn.rnn_cell), wrapped by scopecompat/_contrib/core_rnn_cell.py.

The conformance family cases/contrib_legacy_seq2seq.json holds the evidence against TF 1.15.5 and 1.4.1.
The legacy table's row "contrib.legacy_seq2seq" (scopecompat/_legacy/names.py) points here. Imported on
first use, never at `import scopecompat`.
"""

import copy

import scopecompat as tf
from scopecompat._contrib.core_rnn_cell import EmbeddingWrapper, Linear, OutputProjectionWrapper

# A package for the import system (with no folder of its own), so that TF 1.15's paths below it
# (`tensorflow.contrib.legacy_seq2seq.python.ops...`) import through scopecompat/_contrib/paths.py.
__path__ = []

__all__ = [
    "attention_decoder", "basic_rnn_seq2seq", "embedding_attention_decoder", "embedding_attention_seq2seq",
    "embedding_rnn_decoder", "embedding_rnn_seq2seq", "embedding_tied_rnn_seq2seq", "model_with_buckets",
    "one2many_rnn_seq2seq", "rnn_decoder", "sequence_loss", "sequence_loss_by_example", "tied_rnn_seq2seq",
]


def _extract_argmax_and_embed(embedding, output_projection=None, update_embedding=True):
    """The loop function that feeds back the embedding of the previous step's most likely symbol."""

    def loop_function(prev, _):
        if output_projection is not None:
            prev = tf.nn.xw_plus_b(prev, output_projection[0], output_projection[1])
        emb_prev = tf.nn.embedding_lookup(embedding, tf.argmax(prev, 1))
        if not update_embedding:
            emb_prev = tf.stop_gradient(emb_prev)
        return emb_prev

    return loop_function


def _check_output_projection(output_projection, num_symbols, dtype, check_weights=True):
    """TF 1.15's shape checks of an (weights [size, num_symbols], biases [num_symbols]) projection."""
    if output_projection is None:
        return
    if check_weights:
        weights = tf.convert_to_tensor(output_projection[0], dtype=dtype)
        weights.get_shape().assert_is_compatible_with([None, num_symbols])
    biases = tf.convert_to_tensor(output_projection[1], dtype=dtype)
    biases.get_shape().assert_is_compatible_with([num_symbols])


def _flat_outputs_and_state(outputs, state):
    """What a cond branch returns: the outputs, then the state's tensors."""
    return outputs + (tf.nest.flatten(state) if tf.nest.is_nested(state) else [state])


def _split_outputs_and_state(outputs_and_state, outputs_len, structure):
    """The inverse of _flat_outputs_and_state, with the state packed like `structure`."""
    state_list = outputs_and_state[outputs_len:]
    state = state_list[0]
    if tf.nest.is_nested(structure):
        state = tf.nest.pack_sequence_as(structure=structure, flat_sequence=state_list)
    return outputs_and_state[:outputs_len], state


def _decode_by_feed_previous(feed_previous, decode):
    """A boolean tensor `feed_previous` picks at run time between decode(True) (which creates the
    variables) and decode(False) (which reuses them), as TF 1.15 did with one tf.cond: the outputs, then
    the final state's tensors."""

    def branch(feed_previous_bool):
        with tf.variable_scope(tf.get_variable_scope(), reuse=None if feed_previous_bool else True):
            return _flat_outputs_and_state(*decode(feed_previous_bool))

    return tf.cond(feed_previous, lambda: branch(True), lambda: branch(False))


def rnn_decoder(decoder_inputs, initial_state, cell, loop_function=None, scope=None):
    """Runs `cell` over the list `decoder_inputs` from `initial_state`; with `loop_function`, every input
    after the first is loop_function(previous output, i). Returns (outputs, final state)."""
    with tf.variable_scope(scope or "rnn_decoder"):
        state = initial_state
        outputs = []
        prev = None
        for i, inp in enumerate(decoder_inputs):
            if loop_function is not None and prev is not None:
                with tf.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            if i > 0:
                tf.get_variable_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
            if loop_function is not None:
                prev = output
    return outputs, state


def basic_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, dtype=tf.float32, scope=None):
    """Encodes with a copy of `cell`, then decodes from its final state with `cell`."""
    with tf.variable_scope(scope or "basic_rnn_seq2seq"):
        enc_cell = copy.deepcopy(cell)
        _, enc_state = tf.nn.static_rnn(enc_cell, encoder_inputs, dtype=dtype)
        return rnn_decoder(decoder_inputs, enc_state, cell)


def tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, loop_function=None, dtype=tf.float32, scope=None):
    """As basic_rnn_seq2seq, but encoder and decoder share `cell`'s variables."""
    with tf.variable_scope("combined_tied_rnn_seq2seq"):
        scope = scope or "tied_rnn_seq2seq"
        _, enc_state = tf.nn.static_rnn(cell, encoder_inputs, dtype=dtype, scope=scope)
        tf.get_variable_scope().reuse_variables()
        return rnn_decoder(decoder_inputs, enc_state, cell, loop_function=loop_function, scope=scope)


def embedding_rnn_decoder(decoder_inputs, initial_state, cell, num_symbols, embedding_size,
                          output_projection=None, feed_previous=False, update_embedding_for_previous=True,
                          scope=None):
    """rnn_decoder over embedded integer inputs (variable `embedding` [num_symbols, embedding_size]);
    with feed_previous, each step after the first is fed the embedding of the previous argmax."""
    with tf.variable_scope(scope or "embedding_rnn_decoder") as scope:
        _check_output_projection(output_projection, num_symbols, scope.dtype)
        embedding = tf.get_variable("embedding", [num_symbols, embedding_size])
        loop_function = _extract_argmax_and_embed(
            embedding, output_projection, update_embedding_for_previous) if feed_previous else None
        # TF 1.15 embeds the inputs lazily (a generator), each as rnn_decoder reaches it.
        emb_inp = (tf.nn.embedding_lookup(embedding, i) for i in decoder_inputs)
        return rnn_decoder(emb_inp, initial_state, cell, loop_function=loop_function)


def embedding_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols, num_decoder_symbols,
                          embedding_size, output_projection=None, feed_previous=False, dtype=None, scope=None):
    """Embedding encoder (a copy of `cell` in an EmbeddingWrapper) and embedding_rnn_decoder; without
    output_projection the decoder's cell is wrapped in an OutputProjectionWrapper(num_decoder_symbols).
    `feed_previous` may be a boolean tensor (decided at run time, both decoders sharing variables)."""
    with tf.variable_scope(scope or "embedding_rnn_seq2seq") as scope:
        if dtype is not None:
            scope.set_dtype(dtype)
        else:
            dtype = scope.dtype
        encoder_cell = EmbeddingWrapper(copy.deepcopy(cell), embedding_classes=num_encoder_symbols,
                                        embedding_size=embedding_size)
        _, encoder_state = tf.nn.static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols)

        if isinstance(feed_previous, bool):
            return embedding_rnn_decoder(decoder_inputs, encoder_state, cell, num_decoder_symbols,
                                         embedding_size, output_projection=output_projection,
                                         feed_previous=feed_previous)

        def decode(feed_previous_bool):
            return embedding_rnn_decoder(decoder_inputs, encoder_state, cell, num_decoder_symbols,
                                         embedding_size, output_projection=output_projection,
                                         feed_previous=feed_previous_bool, update_embedding_for_previous=False)

        return _split_outputs_and_state(_decode_by_feed_previous(feed_previous, decode), len(decoder_inputs),
                                        encoder_state)


def embedding_tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, num_symbols, embedding_size,
                               num_decoder_symbols=None, output_projection=None, feed_previous=False,
                               dtype=None, scope=None):
    """tied_rnn_seq2seq over inputs embedded by one shared `embedding` [num_symbols, embedding_size]."""
    with tf.variable_scope(scope or "embedding_tied_rnn_seq2seq", dtype=dtype) as scope:
        dtype = scope.dtype
        _check_output_projection(output_projection, num_symbols, dtype)
        embedding = tf.get_variable("embedding", [num_symbols, embedding_size], dtype=dtype)
        emb_encoder_inputs = [tf.nn.embedding_lookup(embedding, x) for x in encoder_inputs]
        emb_decoder_inputs = [tf.nn.embedding_lookup(embedding, x) for x in decoder_inputs]
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols if num_decoder_symbols is not None
                                           else num_symbols)

        if isinstance(feed_previous, bool):
            loop_function = _extract_argmax_and_embed(embedding, output_projection, True) if feed_previous else None
            return tied_rnn_seq2seq(emb_encoder_inputs, emb_decoder_inputs, cell, loop_function=loop_function,
                                    dtype=dtype)

        def decode(feed_previous_bool):
            loop_function = _extract_argmax_and_embed(
                embedding, output_projection, False) if feed_previous_bool else None
            return tied_rnn_seq2seq(emb_encoder_inputs, emb_decoder_inputs, cell, loop_function=loop_function,
                                    dtype=dtype)

        # TF 1.15 packs the state like the cell's zero state (made after the cond, as TF 1.15 made it).
        static_batch_size = encoder_inputs[0].get_shape()[0]
        for inp in encoder_inputs[1:]:
            static_batch_size.merge_with(inp.get_shape()[0])
        outputs_and_state = _decode_by_feed_previous(feed_previous, decode)
        batch_size = tf.compat.dimension_value(static_batch_size)
        if batch_size is None:
            batch_size = tf.shape(encoder_inputs[0])[0]
        zero_state = cell.zero_state(batch_size, dtype)
        return _split_outputs_and_state(outputs_and_state, len(decoder_inputs), zero_state)


def attention_decoder(decoder_inputs, initial_state, attention_states, cell, output_size=None, num_heads=1,
                      loop_function=None, dtype=None, scope=None, initial_state_attention=False):
    """RNN decoder with `num_heads` Bahdanau-style attention reads over `attention_states` [batch, length,
    size] (variables AttnW_<a>, AttnV_<a>, Attention_<a>/kernel and /bias, the input projection
    kernel and bias, AttnOutputProjection/kernel and /bias, as TF 1.15 named them)."""
    if not decoder_inputs:
        raise ValueError("Must provide at least 1 input to attention decoder.")
    if num_heads < 1:
        raise ValueError("With less than 1 heads, use a non-attention decoder.")
    if tf.compat.dimension_value(attention_states.get_shape()[2]) is None:
        raise ValueError("Shape[2] of attention_states must be known: %s" % attention_states.get_shape())
    if output_size is None:
        output_size = cell.output_size

    with tf.variable_scope(scope or "attention_decoder", dtype=dtype) as scope:
        dtype = scope.dtype
        batch_size = tf.shape(decoder_inputs[0])[0]
        attn_length = tf.compat.dimension_value(attention_states.get_shape()[1])
        if attn_length is None:
            attn_length = tf.shape(attention_states)[1]
        attn_size = tf.compat.dimension_value(attention_states.get_shape()[2])
        # The attention states as an image [batch, length, 1, size], so that W1 * h_t for every t is one
        # 1x1 convolution (TF 1.15's way, kept for its variable shapes [1, 1, size, size]).
        hidden = tf.reshape(attention_states, [-1, attn_length, 1, attn_size])
        hidden_features = []
        v = []
        attention_vec_size = attn_size
        for a in range(num_heads):
            k = tf.get_variable("AttnW_%d" % a, [1, 1, attn_size, attention_vec_size], dtype=dtype)
            hidden_features.append(tf.nn.conv2d(hidden, k, [1, 1, 1, 1], "SAME"))
            v.append(tf.get_variable("AttnV_%d" % a, [attention_vec_size], dtype=dtype))

        def attention(query):
            """One read per head: the attention-weighted sums of the states for `query`."""
            reads = []
            if tf.nest.is_nested(query):
                query_list = tf.nest.flatten(query)
                for q in query_list:
                    ndims = q.get_shape().ndims
                    if ndims:
                        assert ndims == 2
                query = tf.concat(query_list, 1)
            for a in range(num_heads):
                with tf.variable_scope("Attention_%d" % a):
                    y = Linear(query, attention_vec_size, True)(query)
                    y = tf.cast(tf.reshape(y, [-1, 1, 1, attention_vec_size]), dtype)
                    s = tf.reduce_sum(v[a] * tf.tanh(hidden_features[a] + y), [2, 3])
                    weights = tf.cast(tf.nn.softmax(tf.cast(s, dtype=tf.float32)), dtype)
                    read = tf.reduce_sum(tf.reshape(weights, [-1, attn_length, 1, 1]) * hidden, [1, 2])
                    reads.append(tf.reshape(read, [-1, attn_size]))
            return reads

        state = initial_state
        outputs = []
        prev = None
        batch_attn_size = tf.stack([batch_size, attn_size])
        attns = [tf.zeros(batch_attn_size, dtype=dtype) for _ in range(num_heads)]
        for attn in attns:
            attn.set_shape([None, attn_size])
        if initial_state_attention:
            attns = attention(initial_state)
        for i, inp in enumerate(decoder_inputs):
            if i > 0:
                tf.get_variable_scope().reuse_variables()
            if loop_function is not None and prev is not None:
                with tf.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            input_size = inp.get_shape().with_rank(2)[1]
            if tf.compat.dimension_value(input_size) is None:
                raise ValueError("Could not infer input size from input: %s" % inp.name)
            inputs = [tf.cast(e, dtype) for e in [inp] + attns]
            x = Linear(inputs, input_size, True)(inputs)
            cell_output, state = cell(x, state)
            if i == 0 and initial_state_attention:
                with tf.variable_scope(tf.get_variable_scope(), reuse=True):
                    attns = attention(state)
            else:
                attns = attention(state)
            with tf.variable_scope("AttnOutputProjection"):
                inputs = [tf.cast(cell_output, dtype)] + attns
                output = Linear(inputs, output_size, True)(inputs)
            if loop_function is not None:
                prev = output
            outputs.append(output)
    return outputs, state


def embedding_attention_decoder(decoder_inputs, initial_state, attention_states, cell, num_symbols,
                                embedding_size, num_heads=1, output_size=None, output_projection=None,
                                feed_previous=False, update_embedding_for_previous=True, dtype=None, scope=None,
                                initial_state_attention=False):
    """attention_decoder over embedded integer inputs (variable `embedding`), with feed_previous as in
    embedding_rnn_decoder."""
    if output_size is None:
        output_size = cell.output_size
    _check_output_projection(output_projection, num_symbols, dtype, check_weights=False)
    with tf.variable_scope(scope or "embedding_attention_decoder", dtype=dtype):
        embedding = tf.get_variable("embedding", [num_symbols, embedding_size])
        loop_function = _extract_argmax_and_embed(
            embedding, output_projection, update_embedding_for_previous) if feed_previous else None
        emb_inp = [tf.nn.embedding_lookup(embedding, i) for i in decoder_inputs]
        return attention_decoder(emb_inp, initial_state, attention_states, cell, output_size=output_size,
                                 num_heads=num_heads, loop_function=loop_function,
                                 initial_state_attention=initial_state_attention)


def embedding_attention_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols, num_decoder_symbols,
                                embedding_size, num_heads=1, output_projection=None, feed_previous=False,
                                dtype=None, scope=None, initial_state_attention=False):
    """Embedding encoder and embedding_attention_decoder attending over the encoder's outputs."""
    with tf.variable_scope(scope or "embedding_attention_seq2seq", dtype=dtype) as scope:
        dtype = scope.dtype
        encoder_cell = EmbeddingWrapper(copy.deepcopy(cell), embedding_classes=num_encoder_symbols,
                                        embedding_size=embedding_size)
        encoder_outputs, encoder_state = tf.nn.static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        top_states = [tf.reshape(e, [-1, 1, cell.output_size]) for e in encoder_outputs]
        attention_states = tf.concat(top_states, 1)
        output_size = None
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols)
            output_size = num_decoder_symbols

        def decode(feed_previous_bool, update_embedding_for_previous=True):
            return embedding_attention_decoder(
                decoder_inputs, encoder_state, attention_states, cell, num_decoder_symbols, embedding_size,
                num_heads=num_heads, output_size=output_size, output_projection=output_projection,
                feed_previous=feed_previous_bool, update_embedding_for_previous=update_embedding_for_previous,
                initial_state_attention=initial_state_attention)

        if isinstance(feed_previous, bool):
            return decode(feed_previous)
        outputs_and_state = _decode_by_feed_previous(
            feed_previous, lambda feed_previous_bool: decode(feed_previous_bool, update_embedding_for_previous=False))
        return _split_outputs_and_state(outputs_and_state, len(decoder_inputs), encoder_state)


def one2many_rnn_seq2seq(encoder_inputs, decoder_inputs_dict, enc_cell, dec_cells_dict, num_encoder_symbols,
                         num_decoder_symbols_dict, embedding_size, feed_previous=False, dtype=None, scope=None):
    """One embedding encoder, one embedding decoder per key of `decoder_inputs_dict` (scope
    one2many_decoder_<key>). Returns (outputs by key, final state by key)."""
    rnn_cell = tf.nn.rnn_cell.RNNCell
    if not isinstance(enc_cell, rnn_cell):
        raise TypeError("enc_cell is not an RNNCell: %s" % type(enc_cell))
    if set(dec_cells_dict) != set(decoder_inputs_dict):
        # (sic: TF 1.15's text)
        raise ValueError("keys of dec_cells_dict != keys of decodre_inputs_dict")
    for dec_cell in dec_cells_dict.values():
        if not isinstance(dec_cell, rnn_cell):
            raise TypeError("dec_cell is not an RNNCell: %s" % type(dec_cell))

    outputs_dict = {}
    state_dict = {}
    with tf.variable_scope(scope or "one2many_rnn_seq2seq", dtype=dtype) as scope:
        dtype = scope.dtype
        enc_cell = EmbeddingWrapper(enc_cell, embedding_classes=num_encoder_symbols, embedding_size=embedding_size)
        _, encoder_state = tf.nn.static_rnn(enc_cell, encoder_inputs, dtype=dtype)
        for name, decoder_inputs in decoder_inputs_dict.items():
            num_decoder_symbols = num_decoder_symbols_dict[name]
            with tf.variable_scope("one2many_decoder_" + str(name)):
                dec_cell = OutputProjectionWrapper(dec_cells_dict[name], num_decoder_symbols)

                def decode(feed_previous_bool, decoder_inputs=decoder_inputs, dec_cell=dec_cell,
                           num_decoder_symbols=num_decoder_symbols):
                    return embedding_rnn_decoder(decoder_inputs, encoder_state, dec_cell, num_decoder_symbols,
                                                 embedding_size, feed_previous=feed_previous_bool)

                if isinstance(feed_previous, bool):
                    outputs, state = decode(feed_previous)
                else:
                    outputs, state = _split_outputs_and_state(_decode_by_feed_previous(feed_previous, decode),
                                                              len(decoder_inputs), encoder_state)
            outputs_dict[name] = outputs
            state_dict[name] = state
    return outputs_dict, state_dict


def sequence_loss_by_example(logits, targets, weights, average_across_timesteps=True, softmax_loss_function=None,
                             name=None):
    """Weighted cross-entropy per example [batch], summed over the lists' time steps (divided by the sum
    of the weights, plus 1e-12, when average_across_timesteps)."""
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError("Lengths of logits, weights, and targets must be the same %d, %d, %d."
                         % (len(logits), len(weights), len(targets)))
    with tf.name_scope(name, "sequence_loss_by_example", logits + targets + weights):
        log_perp_list = []
        for logit, target, weight in zip(logits, targets, weights):
            if softmax_loss_function is None:
                crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(target, [-1]),
                                                                          logits=logit)
            else:
                crossent = softmax_loss_function(labels=target, logits=logit)
            log_perp_list.append(crossent * weight)
        log_perps = tf.add_n(log_perp_list)
        if average_across_timesteps:
            # 1e-12: all-zero weights give 0, not NaN.
            total_size = tf.add_n(weights) + 1e-12
            log_perps /= total_size
    return log_perps


def sequence_loss(logits, targets, weights, average_across_timesteps=True, average_across_batch=True,
                  softmax_loss_function=None, name=None):
    """sequence_loss_by_example summed over the batch (divided by the batch size when average_across_batch)."""
    with tf.name_scope(name, "sequence_loss", logits + targets + weights):
        cost = tf.reduce_sum(sequence_loss_by_example(
            logits, targets, weights, average_across_timesteps=average_across_timesteps,
            softmax_loss_function=softmax_loss_function))
        if average_across_batch:
            batch_size = tf.shape(targets[0])[0]
            return cost / tf.cast(batch_size, cost.dtype)
        return cost


def model_with_buckets(encoder_inputs, decoder_inputs, targets, weights, buckets, seq2seq,
                       softmax_loss_function=None, per_example_loss=False, name=None):
    """One seq2seq(encoder_inputs[:e], decoder_inputs[:d]) per bucket (e, d), sharing variables (the
    first bucket creates them), and its loss. Returns (outputs per bucket, loss per bucket)."""
    if len(encoder_inputs) < buckets[-1][0]:
        raise ValueError("Length of encoder_inputs (%d) must be at least that of last bucket (%d)."
                         % (len(encoder_inputs), buckets[-1][0]))
    if len(targets) < buckets[-1][1]:
        raise ValueError("Length of targets (%d) must be at least that of last bucket (%d)."
                         % (len(targets), buckets[-1][1]))
    if len(weights) < buckets[-1][1]:
        raise ValueError("Length of weights (%d) must be at least that of last bucket (%d)."
                         % (len(weights), buckets[-1][1]))
    loss_function = sequence_loss_by_example if per_example_loss else sequence_loss
    losses = []
    outputs = []
    with tf.name_scope(name, "model_with_buckets", encoder_inputs + decoder_inputs + targets + weights):
        for j, bucket in enumerate(buckets):
            with tf.variable_scope(tf.get_variable_scope(), reuse=True if j > 0 else None):
                bucket_outputs, _ = seq2seq(encoder_inputs[:bucket[0]], decoder_inputs[:bucket[1]])
                outputs.append(bucket_outputs)
                losses.append(loss_function(outputs[-1], targets[:bucket[1]], weights[:bucket[1]],
                                            softmax_loss_function=softmax_loss_function))
    return outputs, losses
