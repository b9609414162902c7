"""tf.contrib.layers as the 2017 tutorials used it: names, collections, initializer statistics.

Runs unmodified on real TF 1.x (`import tensorflow as tf`) and through scopecompat
(SNIPPET_BACKEND=scopecompat); record_goldens.py records the TF 1.x output.
"""
import os
import warnings

if os.environ.get("SNIPPET_BACKEND") == "scopecompat":
    warnings.simplefilter("ignore")
    import scopecompat as tf
else:
    import tensorflow as tf
import numpy as np
x = tf.placeholder(tf.float32, [None, 4, 4, 3])
h = tf.contrib.layers.conv2d(x, 2, 3)
h = tf.contrib.layers.batch_norm(h, scale=True)
h = tf.contrib.layers.flatten(h)
print(h.shape.as_list())
y = tf.contrib.layers.fully_connected(h, 5, weights_regularizer=tf.contrib.layers.l2_regularizer(0.1))
y2 = tf.contrib.layers.fully_connected(y, 1, activation_fn=None, scope="head")
with tf.variable_scope("head", reuse=True):
    w = tf.get_variable("weights")
d = tf.contrib.layers.dropout(y, 0.5, is_training=False)
print([v.name for v in tf.global_variables()])
print([v.name for v in tf.trainable_variables()])
print([v.name for v in tf.model_variables()])
print([v.name for v in tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES)])
print(len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)), [t.op.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)])
init = tf.contrib.layers.xavier_initializer(seed=1)
v = tf.get_variable("xav", [100, 200], initializer=init)
v2 = tf.get_variable("vs", [400, 300], initializer=tf.contrib.layers.variance_scaling_initializer())
reg = tf.contrib.layers.l2_regularizer(0.5)(tf.constant([1.0, 2.0]))
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    a, b, r = s.run([v, v2, reg])
    print(round(float(np.abs(a).max()), 2), round(float(np.sqrt(6.0/300)), 2), round(float(b.std()), 3), round(float(np.sqrt(2.0*1.3/400)*0.8796), 3), r)
    print(s.run(d, {x: np.ones([2,4,4,3])}).shape)
