"""TF 1.13-1.15 code written for the move to TF 2: `import tensorflow as tf`, then every TF1 name
spelled through the attribute path `tf.compat.v1.X` (tf_upgrade_v2's output, and common by hand)."""
from __future__ import print_function

import os

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1
MODEL_DIR = "./compat_v1_model"

x = v1.placeholder(tf.float32, [None, 5, 3], name="x")
cell = v1.nn.rnn_cell.LSTMCell(6, use_peepholes=True)
outputs, state = v1.nn.dynamic_rnn(cell, x, dtype=tf.float32)
with v1.variable_scope("head"):
    hidden = v1.layers.dense(outputs[:, -1], 4, activation=tf.nn.relu, name="hidden")
    w = v1.get_variable("w", [4, 2], initializer=v1.glorot_uniform_initializer())
    logits = tf.matmul(hidden, w)
saver = v1.train.Saver()

if not os.path.exists(MODEL_DIR):
    os.makedirs(MODEL_DIR)
data = np.random.RandomState(0).randn(2, 5, 3).astype(np.float32)
with v1.Session() as sess:
    sess.run(v1.global_variables_initializer())
    before = sess.run(logits, {x: data})
    path = saver.save(sess, os.path.join(MODEL_DIR, "model.ckpt"))
with v1.Session() as sess:
    saver.restore(sess, path)
    assert np.allclose(sess.run(logits, {x: data}), before), "the restored model computes other logits"

for v in sorted(v1.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
