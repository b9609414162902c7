"""An LSTM classifier over the rows of an image, in the style of aymericdamien's TensorFlow-Examples
(recurrent_network.py, 2017): `from tensorflow.contrib import rnn`, static_rnn over tf.unstack."""
from __future__ import print_function

import numpy as np
import tensorflow as tf
from tensorflow.contrib import rnn

# Training Parameters
learning_rate = 0.01
training_steps = 20
batch_size = 32

# Network Parameters
num_input = 8  # data input (img shape: 8*8)
timesteps = 8  # timesteps
num_hidden = 16  # hidden layer num of features
num_classes = 4

# tf Graph input
X = tf.placeholder("float", [None, timesteps, num_input])
Y = tf.placeholder("float", [None, num_classes])

# Define weights
weights = {
    'out': tf.Variable(tf.random_normal([num_hidden, num_classes]))
}
biases = {
    'out': tf.Variable(tf.random_normal([num_classes]))
}


def RNN(x, weights, biases):
    # Unstack to get a list of 'timesteps' tensors of shape (batch_size, n_input)
    x = tf.unstack(x, timesteps, 1)
    # Define a lstm cell with tensorflow
    lstm_cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
    # Get lstm cell output
    outputs, states = rnn.static_rnn(lstm_cell, x, dtype=tf.float32)
    # Linear activation, using rnn inner loop last output
    return tf.matmul(outputs[-1], weights['out']) + biases['out']


logits = RNN(X, weights, biases)
prediction = tf.nn.softmax(logits)

# Define loss and optimizer
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)

# Evaluate model (with test logits, for dropout to be disabled)
correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

# Initialize the variables (i.e. assign their default value)
init = tf.global_variables_initializer()

rng = np.random.RandomState(0)
labels = rng.randint(0, num_classes, size=batch_size)
batch_x = rng.rand(batch_size, timesteps, num_input) * 0.1
batch_x[np.arange(batch_size), labels * 2, :] += 1.0
batch_y = np.eye(num_classes)[labels]

# Start training
with tf.Session() as sess:
    sess.run(init)
    for step in range(1, training_steps + 1):
        sess.run(train_op, feed_dict={X: batch_x, Y: batch_y})
        if step % 10 == 0 or step == 1:
            loss, acc = sess.run([loss_op, accuracy], feed_dict={X: batch_x, Y: batch_y})
            print("Step " + str(step) + ", Minibatch Loss= " + "{:.4f}".format(loss) +
                  ", Training Accuracy= " + "{:.3f}".format(acc))
    print("Optimization Finished!")

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
