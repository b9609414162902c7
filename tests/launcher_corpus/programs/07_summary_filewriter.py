"""TensorBoard summaries: tf.summary.scalar/histogram under name scopes, merge_all, and a
tf.summary.FileWriter with the graph (the TF 1.x TensorBoard tutorial)."""
from __future__ import print_function

import glob

import numpy as np
import tensorflow as tf

LOG_DIR = "logs/train"


def variable_summaries(var):
    with tf.name_scope("summaries"):
        mean = tf.reduce_mean(var)
        tf.summary.scalar("mean", mean)
        with tf.name_scope("stddev"):
            stddev = tf.sqrt(tf.reduce_mean(tf.square(var - mean)))
        tf.summary.scalar("stddev", stddev)
        tf.summary.histogram("histogram", var)


def nn_layer(input_tensor, input_dim, output_dim, layer_name, act=tf.nn.relu):
    with tf.name_scope(layer_name):
        with tf.name_scope("weights"):
            weights = tf.Variable(tf.truncated_normal([input_dim, output_dim], stddev=0.1))
            variable_summaries(weights)
        with tf.name_scope("biases"):
            biases = tf.Variable(tf.constant(0.1, shape=[output_dim]))
            variable_summaries(biases)
        with tf.name_scope("Wx_plus_b"):
            preactivate = tf.matmul(input_tensor, weights) + biases
            tf.summary.histogram("pre_activations", preactivate)
        activations = act(preactivate, name="activation")
        tf.summary.histogram("activations", activations)
        return activations


with tf.name_scope("input"):
    x = tf.placeholder(tf.float32, [None, 6], name="x-input")
    y_ = tf.placeholder(tf.float32, [None, 2], name="y-input")
hidden1 = nn_layer(x, 6, 8, "layer1")
y = nn_layer(hidden1, 8, 2, "layer2", act=tf.identity)
with tf.name_scope("cross_entropy"):
    cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
tf.summary.scalar("cross_entropy", cross_entropy)
with tf.name_scope("train"):
    train_step = tf.train.AdamOptimizer(0.01).minimize(cross_entropy)

merged = tf.summary.merge_all()
rng = np.random.RandomState(0)
data = rng.randn(40, 6).astype(np.float32)
labels = np.eye(2)[(data[:, 0] > 0).astype(int)]
with tf.Session() as sess:
    train_writer = tf.summary.FileWriter(LOG_DIR, sess.graph)
    tf.global_variables_initializer().run()
    for i in range(10):
        summary, _ = sess.run([merged, train_step], feed_dict={x: data, y_: labels})
        train_writer.add_summary(summary, i)
    train_writer.close()

events = glob.glob(LOG_DIR + "/events.out.tfevents.*")
print("event files:", len(events))
assert len(events) == 1, "FileWriter wrote no event file"
summaries = [tf.Summary.FromString(e.summary.SerializeToString()) for e in tf.train.summary_iterator(events[0]) if e.HasField("summary")]
print("summaries written:", len(summaries))
assert len(summaries) == 10, "one merged summary per step"

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
