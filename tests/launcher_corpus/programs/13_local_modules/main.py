"""A program split into modules of its own folder, as fully_connected_feed.py was: the model in
mnist_model.py, helpers in the package utils/. Each does its own `import tensorflow as tf`."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

import mnist_model
from utils import layers_lib
from utils.feeding import fill_feed_dict

images_placeholder = tf.placeholder(tf.float32, shape=(None, mnist_model.IMAGE_PIXELS))
labels_placeholder = tf.placeholder(tf.int32, shape=(None,))
logits = mnist_model.inference(images_placeholder, hidden1_units=16, hidden2_units=8)
extra = layers_lib.extra_head(images_placeholder)
loss = mnist_model.loss(logits, labels_placeholder) + 0.0 * tf.reduce_sum(extra)
train_op = mnist_model.training(loss, learning_rate=0.1)
eval_correct = mnist_model.evaluation(logits, labels_placeholder)

rng = np.random.RandomState(0)
data = rng.rand(40, mnist_model.IMAGE_PIXELS).astype(np.float32)
labels = rng.randint(0, mnist_model.NUM_CLASSES, size=40)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(10):
        feed_dict = fill_feed_dict(data, labels, images_placeholder, labels_placeholder)
        _, loss_value = sess.run([train_op, loss], feed_dict=feed_dict)
    print("Step %d: loss = %.2f, correct %d" % (step, loss_value, sess.run(eval_correct, feed_dict=feed_dict)))

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
