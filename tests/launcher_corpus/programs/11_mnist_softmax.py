"""MNIST For ML Beginners (TF 1.x's first tutorial): softmax regression on input_data.read_data_sets,
trained with mnist.train.next_batch. (Reads the small MNIST files the test writes into MNIST_data/.)"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import argparse
import sys

from tensorflow.examples.tutorials.mnist import input_data

import tensorflow as tf

FLAGS = None


def main(_):
    # Import data
    mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True, validation_size=100)
    print("train %d, validation %d, test %d" % (mnist.train.num_examples, mnist.validation.num_examples,
                                                 mnist.test.num_examples))
    assert mnist.train.images.shape == (600, 784) and mnist.train.labels.shape == (600, 10)
    assert mnist.train.images.dtype.name == "float32" and 0 <= mnist.train.images.min() <= mnist.train.images.max() <= 1

    # Create the model
    x = tf.placeholder(tf.float32, [None, 784])
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    y = tf.matmul(x, W) + b

    # Define loss and optimizer
    y_ = tf.placeholder(tf.float32, [None, 10])
    cross_entropy = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
    train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

    sess = tf.InteractiveSession()
    tf.global_variables_initializer().run()
    # Train
    for _ in range(30):
        batch_xs, batch_ys = mnist.train.next_batch(100)
        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
    print("epochs completed:", mnist.train.epochs_completed)
    assert mnist.train.epochs_completed == 4, "30 batches of 100 over 600 examples"

    # Test trained model
    correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    print(sess.run(accuracy, feed_dict={x: mnist.test.images,
                                        y_: mnist.test.labels}))
    for v in sorted(tf.global_variables(), key=lambda v: v.name):
        print("variable:", v.name, v.get_shape().as_list())


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--data_dir', type=str, default='MNIST_data/',
                        help='Directory for storing input data')
    FLAGS, unparsed = parser.parse_known_args()
    tf.app.run(main=main, argv=[sys.argv[0]] + unparsed)
