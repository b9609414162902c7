"""A GAN on 2-D points: one discriminator applied to real and fake data, its variables shared with
`reuse=True`; each network trained on its own var_list (the 2017 GAN tutorials' structure)."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

Z_DIM = 4


def generator(z):
    with tf.variable_scope("generator"):
        h1 = tf.layers.dense(z, 16, activation=tf.nn.leaky_relu, name="g_h1")
        return tf.layers.dense(h1, 2, name="g_out")


def discriminator(x, reuse=False):
    with tf.variable_scope("discriminator", reuse=reuse):
        h1 = tf.layers.dense(x, 16, activation=tf.nn.leaky_relu, name="d_h1")
        logits = tf.layers.dense(h1, 1, name="d_out")
        return tf.nn.sigmoid(logits), logits


X = tf.placeholder(tf.float32, shape=[None, 2], name="X")
Z = tf.placeholder(tf.float32, shape=[None, Z_DIM], name="Z")

G_sample = generator(Z)
D_real, D_logit_real = discriminator(X)
D_fake, D_logit_fake = discriminator(G_sample, reuse=True)

D_loss_real = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_logit_real, labels=tf.ones_like(D_logit_real)))
D_loss_fake = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_logit_fake, labels=tf.zeros_like(D_logit_fake)))
D_loss = D_loss_real + D_loss_fake
G_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_logit_fake, labels=tf.ones_like(D_logit_fake)))

t_vars = tf.trainable_variables()
d_vars = [var for var in t_vars if var.name.startswith("discriminator/")]
g_vars = [var for var in t_vars if var.name.startswith("generator/")]
assert len(d_vars) == 4 and len(g_vars) == 4, "the discriminator's variables were not shared"

D_solver = tf.train.AdamOptimizer(1e-3).minimize(D_loss, var_list=d_vars)
G_solver = tf.train.AdamOptimizer(1e-3).minimize(G_loss, var_list=g_vars)

rng = np.random.RandomState(0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for it in range(30):
        real = rng.randn(32, 2) * 0.2 + [2.0, -1.0]
        _, D_loss_curr = sess.run([D_solver, D_loss], feed_dict={X: real, Z: rng.randn(32, Z_DIM)})
        _, G_loss_curr = sess.run([G_solver, G_loss], feed_dict={Z: rng.randn(32, Z_DIM)})
    print("D loss: {:.4}, G loss: {:.4}".format(D_loss_curr, G_loss_curr))

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
