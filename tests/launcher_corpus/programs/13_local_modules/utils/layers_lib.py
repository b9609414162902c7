"""A helper module in a package of the program's folder, with contrib-era imports."""
import tensorflow as tf
from tensorflow.contrib import layers


def extra_head(inputs):
    with tf.variable_scope("extra_head"):
        hidden = layers.fully_connected(inputs, 4, weights_initializer=layers.xavier_initializer())
        return layers.fully_connected(hidden, 2, activation_fn=None, scope="logits")
