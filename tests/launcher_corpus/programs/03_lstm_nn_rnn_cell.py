"""A stacked LSTM that predicts the next value of a sine wave: tf.nn.rnn_cell.LSTMCell in a MultiRNNCell
with DropoutWrapper, unrolled by tf.nn.dynamic_rnn (TF 1.2-1.15 tutorials)."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

TIME_STEPS = 10
HIDDEN_SIZE = 12
NUM_LAYERS = 2
BATCH_SIZE = 16


def make_batch(rng):
    starts = rng.uniform(0, 2 * np.pi, size=(BATCH_SIZE, 1))
    t = starts + np.arange(TIME_STEPS + 1) * 0.3
    wave = np.sin(t).astype(np.float32)
    return wave[:, :-1, None], wave[:, -1:]


def lstm_model(X, y, is_training):
    cell = tf.nn.rnn_cell.MultiRNNCell(
        [tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.LSTMCell(HIDDEN_SIZE), output_keep_prob=0.9 if is_training else 1.0)
         for _ in range(NUM_LAYERS)])
    outputs, _ = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
    output = outputs[:, -1, :]
    predictions = tf.contrib.layers.fully_connected(output, 1, activation_fn=None)
    loss = tf.losses.mean_squared_error(labels=y, predictions=predictions)
    train_op = tf.train.AdagradOptimizer(0.1).minimize(loss, global_step=tf.train.get_global_step())
    return predictions, loss, train_op


X = tf.placeholder(tf.float32, [None, TIME_STEPS, 1])
y = tf.placeholder(tf.float32, [None, 1])
global_step = tf.train.get_or_create_global_step()
with tf.variable_scope("model"):
    _, loss, train_op = lstm_model(X, y, True)

rng = np.random.RandomState(0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(15):
        batch_X, batch_y = make_batch(rng)
        _, l = sess.run([train_op, loss], feed_dict={X: batch_X, y: batch_y})
    print("step %d, loss %.4f" % (sess.run(global_step), l))

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
