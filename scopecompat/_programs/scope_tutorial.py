"""The scope tutorial (name_scope, variable_scope, sharing an RNN), as TF1 code, through scopecompat.

Written in the style of the 2016-2017 TF1 tutorials, chiefly Morvan's "scope 命名方法"
(https://morvanzhou.github.io/tutorials/machine-learning/tensorflow/5-12-scope/; docs/sources.md lists all five);
the only edit a TF1 program needs is its import line. `scopecompat tutorial` runs this file; the
comments give the names and values the tutorial printed on TF 1.x.
"""

import numpy as np

import scopecompat as tf  # was: import tensorflow as tf

# -- tf.name_scope(): tf.Variable gets the scope, tf.get_variable does not -------------------------------
with tf.name_scope("a_name_scope"):
    initializer = tf.constant_initializer(value=1)
    var1 = tf.get_variable(name="var1", shape=[1], dtype=tf.float32, initializer=initializer)
    var2 = tf.Variable(name="var2", initial_value=[2], dtype=tf.float32)
    var21 = tf.Variable(name="var2", initial_value=[2.1], dtype=tf.float32)
    var22 = tf.Variable(name="var2", initial_value=[2.2], dtype=tf.float32)

# -- tf.variable_scope(): both get the scope; get_variable can share with scope.reuse_variables() -----
with tf.variable_scope("a_variable_scope") as scope:
    initializer = tf.constant_initializer(value=3)
    var3 = tf.get_variable(name="var3", shape=[1], dtype=tf.float32, initializer=initializer)
    scope.reuse_variables()
    var3_reuse = tf.get_variable(name="var3")
    var4 = tf.Variable(name="var4", initial_value=[4], dtype=tf.float32)
    var4_reuse = tf.Variable(name="var4", initial_value=[4], dtype=tf.float32)

with tf.Session() as sess:
    sess.run(tf.initialize_all_variables())  # the tutorial's pre-1.0 spelling
    for var in (var1, var2, var21, var22, var3, var3_reuse, var4, var4_reuse):
        print(var.name)  # var1:0, a_name_scope/var2:0, a_name_scope/var2_1:0, a_name_scope/var2_2:0,
        print(sess.run(var))  # a_variable_scope/var3:0 (twice), a_variable_scope/var4:0, .../var4_1:0
    print("var3_reuse is var3:", var3_reuse is var3)


# -- Sharing an RNN between training (time_steps=20) and testing (time_steps=1) -----------------------
class TrainConfig:
    batch_size = 20
    time_steps = 20
    input_size = 1
    output_size = 1
    cell_size = 11
    learning_rate = 0.01


class TestConfig(TrainConfig):
    batch_size = 1
    time_steps = 1


class RNN(object):
    def __init__(self, config, training):
        self.xs = tf.placeholder(tf.float32, [config.batch_size, config.time_steps, config.input_size], name="xs")
        self.ys = tf.placeholder(tf.float32, [config.batch_size, config.time_steps, config.output_size], name="ys")
        cell = tf.nn.rnn_cell.BasicLSTMCell(config.cell_size)
        self.initial_state = cell.zero_state(config.batch_size, dtype=tf.float32)
        outputs, self.final_state = tf.nn.dynamic_rnn(cell, self.xs, initial_state=self.initial_state)
        with tf.variable_scope("output_layer"):
            flat = tf.reshape(outputs, [-1, config.cell_size])
            weights = tf.get_variable("weights", [config.cell_size, config.output_size],
                                      initializer=tf.random_normal_initializer(stddev=0.5))
            biases = tf.get_variable("biases", [config.output_size], initializer=tf.constant_initializer(0.1))
            self.pred = tf.reshape(tf.matmul(flat, weights) + biases, tf.shape(self.ys))
        self.cost = tf.reduce_mean(tf.square(self.pred - self.ys))
        if training:  # optimizer slots are new variables: create them outside the reusing test RNN
            self.train_op = tf.train.AdamOptimizer(config.learning_rate).minimize(self.cost)


def sin_to_cos(start, batch_size, time_steps):
    """Inputs sin(t) and targets cos(t) for `batch_size` consecutive windows of `time_steps`."""
    t = (start + np.arange(batch_size * time_steps)).reshape(batch_size, time_steps, 1) / 10.0 * np.pi
    return np.sin(t), np.cos(t)


TRAIN_STEPS = 200

if __name__ == "__main__":
    tf.set_random_seed(1)
    with tf.variable_scope("rnn") as scope:
        train_rnn = RNN(TrainConfig, training=True)
        scope.reuse_variables()
        test_rnn = RNN(TestConfig, training=False)
    print("RNN variables (one set, shared by train_rnn and test_rnn):")
    for var in tf.trainable_variables(scope="rnn"):
        print(" ", var.name, var.shape.as_list())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(TRAIN_STEPS):
            xs, ys = sin_to_cos(step * 20, TrainConfig.batch_size, TrainConfig.time_steps)
            cost, _ = sess.run([train_rnn.cost, train_rnn.train_op], {train_rnn.xs: xs, train_rnn.ys: ys})
        print("train cost after %d steps: %.3f" % (TRAIN_STEPS, cost))
        # The test RNN steps one time step at a time through a window as long as the training windows,
        # carrying its state: with the shared weights it predicts what the train RNN learned to.
        steps = TrainConfig.time_steps
        xs, ys = sin_to_cos(0, 1, steps)
        state, errors = sess.run(test_rnn.initial_state), []
        for t in range(steps):
            feed = {test_rnn.xs: xs[:, t:t + 1], test_rnn.ys: ys[:, t:t + 1], test_rnn.initial_state: state}
            cost, state = sess.run([test_rnn.cost, test_rnn.final_state], feed)
            errors.append(cost)
        print("test RNN (time_steps=1) mean squared error over %d steps: %.3f" % (steps, np.mean(errors)))
