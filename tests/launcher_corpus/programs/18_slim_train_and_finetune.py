"""A TF-Slim training script in the 2017 style: a small conv net under arg_scope (batch_norm with a placeholder
is_training, l2 weight decay, repeat, dropout), slim.losses and learning.create_train_op; then fine-tuning in a
new graph with another number of classes: every variable but the logits restored from the checkpoint by
get_variables_to_restore(exclude=...) and assign_from_checkpoint_fn."""
from __future__ import print_function

import os
import tempfile

import numpy as np
import tensorflow as tf
import tensorflow.contrib.slim as slim
from tensorflow.contrib.framework import get_variables_to_restore


def tiny_net(images, num_classes, is_training, scope="tiny"):
    with tf.variable_scope(scope, "tiny", [images]):
        with slim.arg_scope([slim.conv2d, slim.fully_connected],
                            weights_regularizer=slim.l2_regularizer(0.0005),
                            normalizer_fn=slim.batch_norm,
                            normalizer_params={"is_training": is_training, "decay": 0.9}):
            net = slim.repeat(images, 2, slim.conv2d, 8, [3, 3], scope="conv1")
            net = slim.max_pool2d(net, [2, 2], scope="pool1")
            net = slim.conv2d(net, 16, [3, 3], scope="conv2")
            net = slim.max_pool2d(net, [2, 2], scope="pool2")
            net = slim.flatten(net)
            net = slim.fully_connected(net, 32, scope="fc3")
            net = slim.dropout(net, 0.5, is_training=is_training, scope="dropout3")
            return slim.fully_connected(net, num_classes, activation_fn=None, normalizer_fn=None, scope="logits")


def build(num_classes):
    images = tf.placeholder(tf.float32, [None, 8, 8, 1])
    labels = tf.placeholder(tf.int32, [None])
    is_training = tf.placeholder(tf.bool, [])
    logits = tiny_net(images, num_classes, is_training)
    slim.losses.softmax_cross_entropy(logits, tf.one_hot(labels, num_classes))
    total_loss = slim.losses.get_total_loss()
    global_step = slim.get_or_create_global_step()
    optimizer = tf.train.MomentumOptimizer(0.05, momentum=0.9)
    train_op = slim.learning.create_train_op(total_loss, optimizer, global_step=global_step)
    return images, labels, is_training, train_op


def print_variables():
    for v in sorted(tf.global_variables(), key=lambda v: v.name):
        print("variable:", v.name, v.get_shape().as_list())


rng = np.random.RandomState(0)
data = rng.rand(32, 8, 8, 1).astype(np.float32)
targets = rng.randint(0, 3, size=32)
checkpoint = os.path.join(tempfile.mkdtemp(), "tiny.ckpt")

with tf.Graph().as_default():
    images, labels, is_training, train_op = build(num_classes=3)
    print("update ops:", len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
          "regularization losses:", len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run(train_op, {images: data, labels: targets, is_training: True}) for _ in range(5)]
        trained_conv1 = sess.run(slim.get_variables("tiny/conv1/conv1_1/weights")[0])
        tf.train.Saver().save(sess, checkpoint)
    print("trained: loss went down:", losses[-1] < losses[0])
    print_variables()

with tf.Graph().as_default():
    images, labels, is_training, train_op = build(num_classes=5)
    restored = get_variables_to_restore(exclude=["tiny/logits", "global_step"])
    restored = [v for v in restored if "Momentum" not in v.op.name]
    init_fn = slim.assign_from_checkpoint_fn(checkpoint, restored)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        init_fn(sess)
        conv1 = sess.run(slim.get_variables("tiny/conv1/conv1_1/weights")[0])
        sess.run(train_op, {images: data, labels: rng.randint(0, 5, size=32), is_training: True})
    print("fine-tuned from", len(restored), "restored variables; conv1 weights restored:",
          bool(np.allclose(conv1, trained_conv1)))
    print_variables()
