"""A bucketed translation model in the style of TF 1.x's translate tutorial (seq2seq_model.py):
`tf.contrib.legacy_seq2seq.model_with_buckets` over `embedding_attention_seq2seq` with a MultiRNNCell of
GRU cells, an output projection trained with sampled softmax, one update op per bucket with gradient
clipping, and a feed_previous decoder for inference that shares the trained variables."""
from __future__ import print_function

import numpy as np
import tensorflow as tf
from tensorflow.contrib import legacy_seq2seq

VOCAB_SIZE = 12
SIZE = 8
NUM_SAMPLED = 6
BUCKETS = [(2, 3), (4, 4)]
BATCH = 4
GO_ID, EOS_ID = 1, 2

encoder_inputs = [tf.placeholder(tf.int32, [None], name="encoder%d" % i) for i in range(BUCKETS[-1][0])]
decoder_inputs = [tf.placeholder(tf.int32, [None], name="decoder%d" % i) for i in range(BUCKETS[-1][1] + 1)]
target_weights = [tf.placeholder(tf.float32, [None], name="weight%d" % i) for i in range(BUCKETS[-1][1] + 1)]
targets = decoder_inputs[1:]

w_t = tf.get_variable("proj_w", [VOCAB_SIZE, SIZE])
w = tf.transpose(w_t)
b = tf.get_variable("proj_b", [VOCAB_SIZE])
output_projection = (w, b)


def sampled_loss(labels, logits):
    labels = tf.reshape(labels, [-1, 1])
    return tf.nn.sampled_softmax_loss(weights=w_t, biases=b, labels=labels, inputs=logits,
                                      num_sampled=NUM_SAMPLED, num_classes=VOCAB_SIZE)


def seq2seq_f(encoder, decoder, do_decode):
    cell = tf.contrib.rnn.MultiRNNCell([tf.contrib.rnn.GRUCell(SIZE) for _ in range(2)])
    return legacy_seq2seq.embedding_attention_seq2seq(
        encoder, decoder, cell, num_encoder_symbols=VOCAB_SIZE, num_decoder_symbols=VOCAB_SIZE,
        embedding_size=SIZE, output_projection=output_projection, feed_previous=do_decode)


outputs, losses = legacy_seq2seq.model_with_buckets(
    encoder_inputs, decoder_inputs, targets, target_weights, BUCKETS,
    lambda x, y: seq2seq_f(x, y, False), softmax_loss_function=sampled_loss)

global_step = tf.Variable(0, trainable=False, name="global_step")
params = tf.trainable_variables()
opt = tf.train.GradientDescentOptimizer(0.5)
updates = []
for bucket_loss in losses:
    gradients = tf.gradients(bucket_loss, params)
    clipped, _ = tf.clip_by_global_norm(gradients, 5.0)
    updates.append(opt.apply_gradients(zip(clipped, params), global_step=global_step))

with tf.variable_scope(tf.get_variable_scope(), reuse=True):
    decode_outputs, _ = legacy_seq2seq.model_with_buckets(
        encoder_inputs, decoder_inputs, targets, target_weights, BUCKETS[-1:],
        lambda x, y: seq2seq_f(x, y, True), softmax_loss_function=sampled_loss)
decoded = [tf.argmax(tf.nn.xw_plus_b(o, w, b), 1) for o in decode_outputs[0]]


def feed_for(bucket_id, rng):
    encoder_size, decoder_size = BUCKETS[bucket_id]
    feed = {}
    for i in range(BUCKETS[-1][0]):
        feed[encoder_inputs[i].name] = rng.randint(3, VOCAB_SIZE, size=BATCH)
    for i in range(BUCKETS[-1][1] + 1):
        feed[decoder_inputs[i].name] = np.full(BATCH, GO_ID) if i == 0 else rng.randint(2, VOCAB_SIZE, size=BATCH)
        feed[target_weights[i].name] = np.ones(BATCH, np.float32) if i < decoder_size - 1 else np.zeros(BATCH)
    return feed


rng = np.random.RandomState(0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(6):
        bucket_id = step % len(BUCKETS)
        _, loss_value = sess.run([updates[bucket_id], losses[bucket_id]], feed_for(bucket_id, rng))
    print("step %d loss %.3f" % (sess.run(global_step), loss_value))
    print("decoded", np.array(sess.run(decoded, feed_for(1, rng))).T.tolist())

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
