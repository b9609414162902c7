"""Training: a CNN (two conv layers and a dense layer, Adam) on a fixed batch of 28x28 images, with tf.layers."""
import numpy as np
import tensorflow as tf

import program_clock

args = program_clock.arguments()
tf.set_random_seed(0)
rng = np.random.RandomState(0)
images = rng.rand(32, 28, 28, 1).astype(np.float32)
labels = rng.randint(0, 10, size=32)

x = tf.placeholder(tf.float32, [None, 28, 28, 1])
y = tf.placeholder(tf.int64, [None])
net = tf.layers.conv2d(x, 32, 5, padding="same", activation=tf.nn.relu)
net = tf.layers.max_pooling2d(net, 2, 2)
net = tf.layers.conv2d(net, 64, 5, padding="same", activation=tf.nn.relu)
net = tf.layers.max_pooling2d(net, 2, 2)
logits = tf.layers.dense(tf.layers.flatten(net), 10)
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)

clock = program_clock.StepClock(args.warm_up, args.steps)
with tf.Session(config=program_clock.session_config(tf)) as sess:
    sess.run(tf.global_variables_initializer())
    clock.run(lambda: sess.run(train_op, {x: images, y: labels}))
program_clock.report(tf, clock.measurements())
