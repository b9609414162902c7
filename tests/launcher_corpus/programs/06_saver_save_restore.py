"""Train, save with tf.train.Saver, rebuild the graph from scratch and restore from the latest
checkpoint (the TF 1.x save/restore tutorials)."""
from __future__ import print_function

import os

import numpy as np
import tensorflow as tf

MODEL_DIR = "./saved_model_dir"


def build():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.variable_scope("linear"):
        w = tf.get_variable("w", [3, 1], initializer=tf.random_normal_initializer(stddev=0.1))
        b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    y = tf.matmul(x, w) + b
    return x, y, w, b


x, y, w, b = build()
target = tf.placeholder(tf.float32, [None, 1])
loss = tf.reduce_mean(tf.square(y - target))
global_step = tf.Variable(0, name="global_step", trainable=False)
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=global_step)
saver = tf.train.Saver(max_to_keep=2)

rng = np.random.RandomState(0)
data = rng.randn(50, 3).astype(np.float32)
labels = data.dot([[1.0], [-2.0], [0.5]]) + 0.3
if not os.path.exists(MODEL_DIR):
    os.makedirs(MODEL_DIR)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(30):
        sess.run(train_op, {x: data, target: labels})
        if step % 10 == 9:
            path = saver.save(sess, os.path.join(MODEL_DIR, "model.ckpt"), global_step=global_step)
    trained_w, trained_b = sess.run([w, b])
print("saved", os.path.basename(path))

tf.reset_default_graph()
x, y, w, b = build()
saver = tf.train.Saver([w, b])
with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint(MODEL_DIR))
    restored_w, restored_b = sess.run([w, b])
    print("restored", np.allclose(restored_w, trained_w) and np.allclose(restored_b, trained_b))
assert np.allclose(restored_w, trained_w) and np.allclose(restored_b, trained_b), "restore gave other values"
assert os.path.basename(path) == "model.ckpt-30", path
assert len(tf.train.get_checkpoint_state(MODEL_DIR).all_model_checkpoint_paths) == 2, "max_to_keep=2"

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
