"""An attention translator in the style of the TF 1.x NMT tutorial: a bidirectional LSTM encoder,
`tf.contrib.seq2seq` LuongAttention in an AttentionWrapper, a TrainingHelper/BasicDecoder for training
with `sequence_loss`, then greedy (GreedyEmbeddingHelper) and beam search (BeamSearchDecoder over
`tile_batch`'ed memory, state and lengths) decoders, each in its own graph restored from the training
graph's checkpoint, as the NMT tutorial's train and inference models were."""
from __future__ import print_function

import os
import tempfile

import numpy as np
import tensorflow as tf
import tensorflow.contrib.seq2seq as seq2seq

VOCAB_SIZE = 10
EMBED = 8
UNITS = 12
BEAM_WIDTH = 3
BATCH = 4
SOURCE_LENGTH = 5
SOS, EOS = 1, 2


def build(mode):
    """The model in the default graph: mode "train" returns (placeholders, train_op, loss, global_step);
    "greedy" and "beam" return (placeholders, the decoded ids)."""
    source = tf.placeholder(tf.int32, [None, SOURCE_LENGTH], name="source")
    source_lengths = tf.placeholder(tf.int32, [None], name="source_lengths")
    target_in = tf.placeholder(tf.int32, [None, None], name="target_in")
    target_out = tf.placeholder(tf.int32, [None, None], name="target_out")
    target_lengths = tf.placeholder(tf.int32, [None], name="target_lengths")
    placeholders = (source, source_lengths, target_in, target_out, target_lengths)
    batch_size = tf.size(source_lengths)

    with tf.variable_scope("embeddings"):
        embedding_encoder = tf.get_variable("embedding_encoder", [VOCAB_SIZE, EMBED])
        embedding_decoder = tf.get_variable("embedding_decoder", [VOCAB_SIZE, EMBED])

    with tf.variable_scope("encoder"):
        (output_fw, output_bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
            tf.nn.rnn_cell.LSTMCell(UNITS // 2), tf.nn.rnn_cell.LSTMCell(UNITS // 2),
            tf.nn.embedding_lookup(embedding_encoder, source), sequence_length=source_lengths, dtype=tf.float32)
        memory = tf.concat([output_fw, output_bw], -1)
        encoder_state = tf.nn.rnn_cell.LSTMStateTuple(tf.concat([state_fw.c, state_bw.c], -1),
                                                      tf.concat([state_fw.h, state_bw.h], -1))

    projection_layer = tf.layers.Dense(VOCAB_SIZE, use_bias=False, name="output_projection")
    memory_lengths, decoder_batch = source_lengths, batch_size
    if mode == "beam":
        memory = seq2seq.tile_batch(memory, multiplier=BEAM_WIDTH)
        memory_lengths = seq2seq.tile_batch(source_lengths, multiplier=BEAM_WIDTH)
        encoder_state = seq2seq.tile_batch(encoder_state, multiplier=BEAM_WIDTH)
        decoder_batch = batch_size * BEAM_WIDTH

    with tf.variable_scope("decoder") as decoder_scope:
        mechanism = seq2seq.LuongAttention(UNITS, memory, memory_sequence_length=memory_lengths, scale=True)
        cell = seq2seq.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(UNITS), mechanism, attention_layer_size=UNITS,
                                        name="attention")
        state = cell.zero_state(decoder_batch, tf.float32).clone(cell_state=encoder_state)
        start_tokens = tf.fill([batch_size], SOS)
        if mode == "train":
            helper = seq2seq.TrainingHelper(tf.nn.embedding_lookup(embedding_decoder, target_in), target_lengths)
            decoder = seq2seq.BasicDecoder(cell, helper, state, output_layer=projection_layer)
            outputs, _, _ = seq2seq.dynamic_decode(decoder, scope=decoder_scope)
        elif mode == "greedy":
            helper = seq2seq.GreedyEmbeddingHelper(embedding_decoder, start_tokens, EOS)
            decoder = seq2seq.BasicDecoder(cell, helper, state, output_layer=projection_layer)
            outputs, _, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=8, scope=decoder_scope)
            return placeholders, outputs.sample_id
        else:
            decoder = seq2seq.BeamSearchDecoder(cell, embedding_decoder, start_tokens, EOS, state, BEAM_WIDTH,
                                                output_layer=projection_layer, length_penalty_weight=1.0)
            outputs, _, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=8, scope=decoder_scope)
            return placeholders, outputs.predicted_ids[:, :, 0]

    mask = tf.sequence_mask(target_lengths, tf.shape(target_out)[1], dtype=tf.float32)
    loss = seq2seq.sequence_loss(outputs.rnn_output, target_out, mask)
    global_step = tf.train.get_or_create_global_step()
    params = tf.trainable_variables()
    gradients, _ = tf.clip_by_global_norm(tf.gradients(loss, params), 5.0)
    train_op = tf.train.AdamOptimizer(0.01).apply_gradients(zip(gradients, params), global_step=global_step)
    return placeholders, train_op, loss, global_step


def batch(rng):
    sequences = rng.randint(3, VOCAB_SIZE, size=(BATCH, SOURCE_LENGTH))
    reversed_ = sequences[:, ::-1]
    return (sequences, [SOURCE_LENGTH] * BATCH, np.concatenate([np.full((BATCH, 1), SOS), reversed_], 1),
            np.concatenate([reversed_, np.full((BATCH, 1), EOS)], 1), [6] * BATCH)


def print_variables(graph_name):
    for v in sorted(tf.global_variables(), key=lambda v: v.name):
        print("variable:", graph_name, v.name, v.get_shape().as_list())


rng = np.random.RandomState(0)
checkpoint = os.path.join(tempfile.mkdtemp(), "translator.ckpt")
with tf.Graph().as_default():
    placeholders, train_op, loss, global_step = build("train")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(20):
            _, loss_value = sess.run([train_op, loss], dict(zip(placeholders, batch(rng))))
        print("step %d loss %.3f" % (sess.run(global_step), loss_value))
        tf.train.Saver().save(sess, checkpoint)
    print_variables("train")

feed = batch(rng)
for mode in ("greedy", "beam"):
    with tf.Graph().as_default():
        placeholders, ids = build(mode)
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, checkpoint)
            print(mode, sess.run(ids, dict(zip(placeholders, feed))).tolist())
        print_variables(mode)
