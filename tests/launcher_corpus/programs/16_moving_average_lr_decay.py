"""The training recipe of the 2017 Chinese TF book (《TensorFlow实战Google深度学习框架》, mnist_train.py):
get_variable layers with an l2 regularizer added to a 'losses' collection, exponential learning-rate
decay, MomentumOptimizer, and an ExponentialMovingAverage of the trainable variables."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

INPUT_NODE = 12
OUTPUT_NODE = 3
LAYER1_NODE = 10
BATCH_SIZE = 20
LEARNING_RATE_BASE = 0.8
LEARNING_RATE_DECAY = 0.99
REGULARIZATION_RATE = 0.0001
TRAINING_STEPS = 20
MOVING_AVERAGE_DECAY = 0.99


def get_weight_variable(shape, regularizer):
    weights = tf.get_variable("weights", shape, initializer=tf.truncated_normal_initializer(stddev=0.1))
    if regularizer is not None:
        tf.add_to_collection('losses', regularizer(weights))
    return weights


def inference(input_tensor, regularizer):
    with tf.variable_scope('layer1'):
        weights = get_weight_variable([INPUT_NODE, LAYER1_NODE], regularizer)
        biases = tf.get_variable("biases", [LAYER1_NODE], initializer=tf.constant_initializer(0.0))
        layer1 = tf.nn.relu(tf.matmul(input_tensor, weights) + biases)
    with tf.variable_scope('layer2'):
        weights = get_weight_variable([LAYER1_NODE, OUTPUT_NODE], regularizer)
        biases = tf.get_variable("biases", [OUTPUT_NODE], initializer=tf.constant_initializer(0.0))
        layer2 = tf.matmul(layer1, weights) + biases
    return layer2


x = tf.placeholder(tf.float32, [None, INPUT_NODE], name='x-input')
y_ = tf.placeholder(tf.float32, [None, OUTPUT_NODE], name='y-input')
regularizer = tf.contrib.layers.l2_regularizer(REGULARIZATION_RATE)
y = inference(x, regularizer)
global_step = tf.Variable(0, trainable=False)

variable_averages = tf.train.ExponentialMovingAverage(MOVING_AVERAGE_DECAY, global_step)
variables_averages_op = variable_averages.apply(tf.trainable_variables())
cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=y, labels=tf.argmax(y_, 1))
cross_entropy_mean = tf.reduce_mean(cross_entropy)
loss = cross_entropy_mean + tf.add_n(tf.get_collection('losses'))
learning_rate = tf.train.exponential_decay(LEARNING_RATE_BASE, global_step, 100, LEARNING_RATE_DECAY,
                                           staircase=True)
train_step = tf.train.MomentumOptimizer(learning_rate, 0.9).minimize(loss, global_step=global_step)
with tf.control_dependencies([train_step, variables_averages_op]):
    train_op = tf.no_op(name='train')

rng = np.random.RandomState(0)
xs = rng.randn(BATCH_SIZE, INPUT_NODE)
ys = np.eye(OUTPUT_NODE)[rng.randint(0, OUTPUT_NODE, size=BATCH_SIZE)]
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for i in range(TRAINING_STEPS):
        _, loss_value, step = sess.run([train_op, loss, global_step], feed_dict={x: xs, y_: ys})
    print("After %d training step(s), loss on training batch is %g." % (step, loss_value))
    shadow = sess.run(variable_averages.average(tf.trainable_variables()[0]))
    assert shadow.shape == (INPUT_NODE, LAYER1_NODE)

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
