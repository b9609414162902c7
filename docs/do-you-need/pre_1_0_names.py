"""A TF 0.12-era script (late 2016): names that TF 1.0 renamed (tf.mul, tf.sub, tf.pack, tf.scalar_summary,
tf.merge_all_summaries, tf.train.SummaryWriter), as the tutorials of the time wrote them. docs/do_you_need.py
records what TF 1.15.5 prints for the same script in TF 1.x's spelling (tf.multiply, tf.stack, ...)."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3], name="x")
with tf.variable_scope("linear"):
    w = tf.get_variable("w", [3, 2], initializer=tf.constant_initializer(0.5))
    b = tf.get_variable("b", [2], initializer=tf.constant_initializer(0.25))
y = tf.add(tf.matmul(x, w), b)
scaled = tf.sub(tf.mul(y, 2.0), 1.0)
stacked = tf.pack([tf.reduce_sum(scaled), tf.reduce_mean(scaled)])
tf.scalar_summary("sum", stacked[0])
merged = tf.merge_all_summaries()

with tf.Session() as sess:
    sess.run(tf.initialize_all_variables())
    writer = tf.train.SummaryWriter("logs", sess.graph)
    values, summary = sess.run([stacked, merged], {x: np.ones((2, 3), np.float32)})
    writer.add_summary(summary, 0)
    writer.close()
    print("sum %.3f, mean %.3f" % tuple(values))
for v in tf.all_variables():
    print("variable:", v.name, v.get_shape().as_list())
