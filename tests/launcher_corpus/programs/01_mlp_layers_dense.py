"""A small classifier with tf.layers.dense (the TF 1.4-1.15 tutorials' style)."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
rng = np.random.RandomState(0)
X_data = rng.randn(256, 10).astype(np.float32)
y_data = (X_data[:, 0] + X_data[:, 1] > 0).astype(np.int64)

x = tf.placeholder(tf.float32, [None, 10], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
hidden = tf.layers.dense(x, 32, activation=tf.nn.relu)
hidden = tf.layers.dense(hidden, 16, activation=tf.nn.relu, name="hidden2")
logits = tf.layers.dense(hidden, 2)
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
correct = tf.equal(tf.argmax(logits, 1), y)
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
train_op = tf.train.AdamOptimizer(learning_rate=0.01).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    first = sess.run(loss, feed_dict={x: X_data, y: y_data})
    for step in range(60):
        _, loss_value = sess.run([train_op, loss], feed_dict={x: X_data, y: y_data})
    print("loss %.3f -> %.3f, accuracy %.2f" % (first, loss_value, sess.run(accuracy, {x: X_data, y: y_data})))
    assert loss_value < first, "training did not lower the loss"

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
