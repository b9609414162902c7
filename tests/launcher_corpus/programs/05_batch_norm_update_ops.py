"""A conv net with tf.layers.batch_normalization: the moving averages update through UPDATE_OPS,
run with the train op by control_dependencies (the TF 1.x batch norm recipe)."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

images = tf.placeholder(tf.float32, [None, 8, 8, 1])
labels = tf.placeholder(tf.int32, [None])
is_training = tf.placeholder(tf.bool, name="is_training")

net = tf.layers.conv2d(images, filters=4, kernel_size=3, padding="same", use_bias=False)
net = tf.layers.batch_normalization(net, training=is_training)
net = tf.nn.relu(net)
net = tf.layers.max_pooling2d(net, pool_size=2, strides=2)
net = tf.layers.flatten(net)
net = tf.layers.dense(net, 10, use_bias=False)
net = tf.layers.batch_normalization(net, training=is_training, momentum=0.9)
logits = tf.layers.dense(tf.nn.relu(net), 3)

loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train_op = tf.train.MomentumOptimizer(0.05, momentum=0.9).minimize(loss)

rng = np.random.RandomState(0)
data = rng.rand(64, 8, 8, 1).astype(np.float32) * 3 + 1
targets = rng.randint(0, 3, size=64)
moving_mean = [v for v in tf.global_variables() if v.name == "batch_normalization/moving_mean:0"][0]

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    before = sess.run(moving_mean)
    for _ in range(5):
        sess.run(train_op, {images: data, labels: targets, is_training: True})
    after = sess.run(moving_mean)
    sess.run(logits, {images: data, is_training: False})
print("UPDATE_OPS:", len(update_ops), "moving mean moved:", bool(np.abs(after - before).max() > 0))
assert len(update_ops) == 4 and np.abs(after - before).max() > 0, "batch norm statistics did not update"

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
