"""A sequence classifier of the seq2seq era: an embedding with tf.get_variable, GRU cells from
`tensorflow.python.ops.rnn_cell`, a bidirectional dynamic RNN with sequence lengths, gradient
clipping by global norm and a global step (TF 1.0-1.4 code)."""
from __future__ import print_function

import numpy as np
import tensorflow as tf
from tensorflow.python.ops import rnn
from tensorflow.python.ops import rnn_cell

VOCAB_SIZE = 20
EMBEDDING_SIZE = 6
HIDDEN_SIZE = 8
MAX_LENGTH = 7

inputs = tf.placeholder(tf.int32, [None, MAX_LENGTH], name="inputs")
lengths = tf.placeholder(tf.int32, [None], name="lengths")
targets = tf.placeholder(tf.int32, [None], name="targets")

with tf.variable_scope("embedding"):
    embedding = tf.get_variable("embedding_matrix", [VOCAB_SIZE, EMBEDDING_SIZE],
                                initializer=tf.random_uniform_initializer(-1.0, 1.0))
    embedded = tf.nn.embedding_lookup(embedding, inputs)

cell_fw = rnn_cell.GRUCell(HIDDEN_SIZE)
cell_bw = rnn_cell.GRUCell(HIDDEN_SIZE)
(output_fw, output_bw), (state_fw, state_bw) = rnn.bidirectional_dynamic_rnn(
    cell_fw, cell_bw, embedded, sequence_length=lengths, dtype=tf.float32)
final_state = tf.concat([state_fw, state_bw], 1)

with tf.variable_scope("output"):
    softmax_w = tf.get_variable("softmax_w", [2 * HIDDEN_SIZE, 2])
    softmax_b = tf.get_variable("softmax_b", [2], initializer=tf.constant_initializer(0.0))
logits = tf.nn.xw_plus_b(final_state, softmax_w, softmax_b)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits))

global_step = tf.Variable(0, name="global_step", trainable=False)
tvars = tf.trainable_variables()
grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars), 5.0)
optimizer = tf.train.AdamOptimizer(0.01)
train_op = optimizer.apply_gradients(zip(grads, tvars), global_step=global_step)

rng = np.random.RandomState(0)
batch_inputs = rng.randint(1, VOCAB_SIZE, size=(16, MAX_LENGTH))
batch_lengths = rng.randint(3, MAX_LENGTH + 1, size=16)
batch_targets = (batch_inputs[:, 0] > VOCAB_SIZE // 2).astype(np.int32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    feed = {inputs: batch_inputs, lengths: batch_lengths, targets: batch_targets}
    for _ in range(10):
        _, loss_value, step = sess.run([train_op, loss, global_step], feed)
    print("step %d loss %.4f" % (step, loss_value))

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
