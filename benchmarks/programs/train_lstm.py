"""Training: an LSTM over a sequence with tf.nn.dynamic_rnn, a dense layer on its last output, Adam."""
import numpy as np
import tensorflow as tf

import program_clock

args = program_clock.arguments()
tf.set_random_seed(0)
rng = np.random.RandomState(0)
sequences = rng.rand(32, 20, 32).astype(np.float32)
targets = rng.rand(32, 1).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 20, 32])
y = tf.placeholder(tf.float32, [None, 1])
cell = tf.nn.rnn_cell.LSTMCell(128)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
prediction = tf.layers.dense(state.h, 1)
loss = tf.losses.mean_squared_error(y, prediction)
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)

clock = program_clock.StepClock(args.warm_up, args.steps)
with tf.Session(config=program_clock.session_config(tf)) as sess:
    sess.run(tf.global_variables_initializer())
    clock.run(lambda: sess.run(train_op, {x: sequences, y: targets}))
program_clock.report(tf, clock.measurements())
