"""Start-up: the smallest tf.layers program (issue 29's six lines), timed from process start to its end."""
import tensorflow as tf

import program_clock

x = tf.placeholder(tf.float32, [None, 4])
y = tf.layers.dense(x, 2)
with tf.Session(config=program_clock.session_config(tf)) as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, {x: [[1.0, 2.0, 3.0, 4.0]]}))
program_clock.report(tf)
