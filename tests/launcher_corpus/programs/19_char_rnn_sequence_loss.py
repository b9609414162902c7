"""A character-level language model of the char-rnn tutorials (TF 1.2-1.15 code): an embedding, a
two-layer LSTM from tf.contrib.rnn run by dynamic_rnn, a dense projection to the vocabulary, and
tf.contrib.seq2seq.sequence_loss with a padding mask; clipped Adam updates, then greedy sampling."""
from __future__ import print_function

import numpy as np
import tensorflow as tf
from tensorflow.contrib import seq2seq

TEXT = "the quick brown fox jumps over the lazy dog. " * 8
CHARS = sorted(set(TEXT))
VOCAB_SIZE = len(CHARS)
BATCH, STEPS, HIDDEN = 4, 12, 16

ids = np.array([CHARS.index(c) for c in TEXT], dtype=np.int32)
inputs = tf.placeholder(tf.int32, [None, STEPS], name="inputs")
targets = tf.placeholder(tf.int32, [None, STEPS], name="targets")
lengths = tf.placeholder(tf.int32, [None], name="lengths")

with tf.variable_scope("char_rnn"):
    embedding = tf.get_variable("embedding", [VOCAB_SIZE, HIDDEN])
    cell = tf.contrib.rnn.MultiRNNCell([tf.contrib.rnn.BasicLSTMCell(HIDDEN) for _ in range(2)])
    outputs, _ = tf.nn.dynamic_rnn(cell, tf.nn.embedding_lookup(embedding, inputs), sequence_length=lengths,
                                   dtype=tf.float32)
    logits = tf.layers.dense(outputs, VOCAB_SIZE, name="softmax")
mask = tf.sequence_mask(lengths, STEPS, dtype=tf.float32)
loss = seq2seq.sequence_loss(logits, targets, mask)
per_step = tf.contrib.seq2seq.sequence_loss(logits, targets, mask, average_across_timesteps=False)

global_step = tf.train.get_or_create_global_step()
params = tf.trainable_variables()
grads, _ = tf.clip_by_global_norm(tf.gradients(loss, params), 5.0)
train_op = tf.train.AdamOptimizer(0.02).apply_gradients(zip(grads, params), global_step=global_step)

rng = np.random.RandomState(0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(30):
        starts = rng.randint(0, len(ids) - STEPS - 1, size=BATCH)
        feed = {inputs: np.stack([ids[s:s + STEPS] for s in starts]),
                targets: np.stack([ids[s + 1:s + STEPS + 1] for s in starts]),
                lengths: [STEPS, STEPS, STEPS - 3, STEPS - 5]}
        loss_value, step_losses, _ = sess.run([loss, per_step, train_op], feed)
    print("loss %.3f over %d steps" % (loss_value, len(step_losses)))
    text = "the "
    for _ in range(20):
        window = [CHARS.index(c) for c in text[-STEPS:]]
        padded = window + [0] * (STEPS - len(window))
        step_logits = sess.run(logits, {inputs: [padded], lengths: [len(window)]})
        text += CHARS[int(np.argmax(step_logits[0, len(window) - 1]))]
    print("sampled:", repr(text))

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
