"""Start-up: startup_layers.py's graph in raw tf.compat.v1 on TF 2.x, without tf.layers (get_variable and
matmul, the variables named as tf.layers.dense names them), timed from process start to its end."""
import tensorflow.compat.v1 as tf

import program_clock

tf.disable_v2_behavior()
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope("dense"):
    kernel = tf.get_variable("kernel", [4, 2])
    bias = tf.get_variable("bias", [2], initializer=tf.zeros_initializer())
y = tf.matmul(x, kernel) + bias
with tf.Session(config=program_clock.session_config(tf)) as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, {x: [[1.0, 2.0, 3.0, 4.0]]}))
program_clock.report(tf)
