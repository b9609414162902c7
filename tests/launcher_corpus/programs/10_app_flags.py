"""Command-line flags with tf.app.flags and tf.app.run (TF 1.x's example scripts): the sizes come from
the command line (the test passes --hidden_units=6 --max_steps 5)."""
from __future__ import print_function

import sys

import numpy as np
import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_integer("hidden_units", 8, "Number of units in the hidden layer.")
flags.DEFINE_integer("max_steps", 20, "Number of steps to run trainer.")
flags.DEFINE_float("learning_rate", 0.1, "Initial learning rate.")
flags.DEFINE_string("train_dir", "./train_dir", "Directory to put the training data.")
flags.DEFINE_boolean("verbose", False, "Print every step.")
FLAGS = flags.FLAGS


def inference(inputs):
    with tf.variable_scope("hidden"):
        weights = tf.get_variable("weights", [3, FLAGS.hidden_units],
                                  initializer=tf.truncated_normal_initializer(stddev=0.1))
        biases = tf.get_variable("biases", [FLAGS.hidden_units], initializer=tf.zeros_initializer())
        hidden = tf.nn.relu(tf.matmul(inputs, weights) + biases)
    with tf.variable_scope("softmax_linear"):
        weights = tf.get_variable("weights", [FLAGS.hidden_units, 2],
                                  initializer=tf.truncated_normal_initializer(stddev=0.1))
        biases = tf.get_variable("biases", [2], initializer=tf.zeros_initializer())
        return tf.matmul(hidden, weights) + biases


def main(argv):
    print("program arguments left by the flags parser:", argv[1:])
    print("hidden_units=%d max_steps=%d" % (FLAGS.hidden_units, FLAGS.max_steps))
    inputs = tf.placeholder(tf.float32, [None, 3])
    labels = tf.placeholder(tf.int64, [None])
    logits = inference(inputs)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    train_op = tf.train.GradientDescentOptimizer(FLAGS.learning_rate).minimize(loss)
    rng = np.random.RandomState(0)
    data = rng.randn(30, 3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(FLAGS.max_steps):
            _, loss_value = sess.run([train_op, loss], {inputs: data, labels: data[:, 0] > 0})
            if FLAGS.verbose:
                print("step", step, loss_value)
    for v in sorted(tf.global_variables(), key=lambda v: v.name):
        print("variable:", v.name, v.get_shape().as_list())


if __name__ == "__main__":
    assert sys.argv[1:] == ["--hidden_units=6", "--max_steps", "5"], sys.argv
    tf.app.run(main=main)
