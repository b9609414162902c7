"""An autoencoder in the style of aymericdamien's TensorFlow-Examples (2016-2017): unnamed tf.Variable
weights in dicts, sigmoid layers, RMSProp."""
from __future__ import division, print_function, absolute_import

import numpy as np
import tensorflow as tf

# Training Parameters
learning_rate = 0.01
num_steps = 30
batch_size = 32

# Network Parameters
num_hidden_1 = 16  # 1st layer num features
num_hidden_2 = 8  # 2nd layer num features (the latent dim)
num_input = 36  # data input (img shape: 6*6)

# tf Graph input (only pictures)
X = tf.placeholder("float", [None, num_input])

weights = {
    'encoder_h1': tf.Variable(tf.random_normal([num_input, num_hidden_1])),
    'encoder_h2': tf.Variable(tf.random_normal([num_hidden_1, num_hidden_2])),
    'decoder_h1': tf.Variable(tf.random_normal([num_hidden_2, num_hidden_1])),
    'decoder_h2': tf.Variable(tf.random_normal([num_hidden_1, num_input])),
}
biases = {
    'encoder_b1': tf.Variable(tf.random_normal([num_hidden_1])),
    'encoder_b2': tf.Variable(tf.random_normal([num_hidden_2])),
    'decoder_b1': tf.Variable(tf.random_normal([num_hidden_1])),
    'decoder_b2': tf.Variable(tf.random_normal([num_input])),
}


# Building the encoder
def encoder(x):
    layer_1 = tf.nn.sigmoid(tf.add(tf.matmul(x, weights['encoder_h1']), biases['encoder_b1']))
    layer_2 = tf.nn.sigmoid(tf.add(tf.matmul(layer_1, weights['encoder_h2']), biases['encoder_b2']))
    return layer_2


# Building the decoder
def decoder(x):
    layer_1 = tf.nn.sigmoid(tf.add(tf.matmul(x, weights['decoder_h1']), biases['decoder_b1']))
    layer_2 = tf.nn.sigmoid(tf.add(tf.matmul(layer_1, weights['decoder_h2']), biases['decoder_b2']))
    return layer_2


# Construct model
encoder_op = encoder(X)
decoder_op = decoder(encoder_op)

# Prediction
y_pred = decoder_op
# Targets (Labels) are the input data.
y_true = X

# Define loss and optimizer, minimize the squared error
loss = tf.reduce_mean(tf.pow(y_true - y_pred, 2))
optimizer = tf.train.RMSPropOptimizer(learning_rate).minimize(loss)

# Initialize the variables (i.e. assign their default value)
init = tf.global_variables_initializer()

rng = np.random.RandomState(0)
# Start Training
with tf.Session() as sess:
    sess.run(init)
    for i in range(1, num_steps + 1):
        batch_x = rng.rand(batch_size, num_input)
        _, l = sess.run([optimizer, loss], feed_dict={X: batch_x})
        if i % 10 == 0 or i == 1:
            print('Step %i: Minibatch Loss: %f' % (i, l))

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
