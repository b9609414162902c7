"""Training: a small net in tf.contrib.slim (arg_scope, conv2d, max_pool2d, fully_connected), its train op
from slim.learning.create_train_op (momentum), on a fixed batch of 28x28 images."""
import numpy as np
import tensorflow as tf

import program_clock

slim = tf.contrib.slim

args = program_clock.arguments()
tf.set_random_seed(0)
rng = np.random.RandomState(0)
images = rng.rand(32, 28, 28, 1).astype(np.float32)
labels = rng.randint(0, 10, size=32)

x = tf.placeholder(tf.float32, [None, 28, 28, 1])
y = tf.placeholder(tf.int64, [None])
with slim.arg_scope([slim.conv2d, slim.fully_connected], weights_regularizer=slim.l2_regularizer(1e-4)):
    net = slim.conv2d(x, 32, [5, 5], scope="conv1")
    net = slim.max_pool2d(net, [2, 2], scope="pool1")
    net = slim.conv2d(net, 64, [5, 5], scope="conv2")
    net = slim.max_pool2d(net, [2, 2], scope="pool2")
    net = slim.fully_connected(slim.flatten(net), 128, scope="fc1")
    logits = slim.fully_connected(net, 10, activation_fn=None, scope="logits")
tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
train_op = slim.learning.create_train_op(tf.losses.get_total_loss(), tf.train.MomentumOptimizer(0.01, 0.9))

clock = program_clock.StepClock(args.warm_up, args.steps)
with tf.Session(config=program_clock.session_config(tf)) as sess:
    sess.run(tf.global_variables_initializer())
    clock.run(lambda: sess.run(train_op, {x: images, y: labels}))
program_clock.report(tf, clock.measurements())
