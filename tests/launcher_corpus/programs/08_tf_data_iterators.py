"""Input pipelines with tf.data (TF 1.4-1.15): a one-shot iterator over shuffled, repeated batches,
and an initializable iterator fed from placeholders for evaluation."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
features = rng.randn(100, 4).astype(np.float32)
targets = features.dot(np.array([[0.5], [-1.0], [2.0], [0.0]], dtype=np.float32)) + 1.0

dataset = tf.data.Dataset.from_tensor_slices((features, targets))
dataset = dataset.shuffle(buffer_size=100, seed=1).batch(20).repeat()
iterator = dataset.make_one_shot_iterator()
next_x, next_y = iterator.get_next()

with tf.variable_scope("regression"):
    W = tf.get_variable("W", [4, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())


def model(inputs):
    return tf.matmul(inputs, W) + b


loss = tf.losses.mean_squared_error(labels=next_y, predictions=model(next_x))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

x_placeholder = tf.placeholder(tf.float32, [None, 4])
y_placeholder = tf.placeholder(tf.float32, [None, 1])
eval_dataset = tf.data.Dataset.from_tensor_slices((x_placeholder, y_placeholder)).batch(50)
eval_iterator = eval_dataset.make_initializable_iterator()
eval_x, eval_y = eval_iterator.get_next()
eval_loss = tf.losses.mean_squared_error(labels=eval_y, predictions=model(eval_x))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(50):
        sess.run(train_op)
    sess.run(eval_iterator.initializer, feed_dict={x_placeholder: features, y_placeholder: targets})
    batches = []
    while True:
        try:
            batches.append(sess.run(eval_loss))
        except tf.errors.OutOfRangeError:
            break
print("eval batches:", len(batches), "loss %.4f" % np.mean(batches))
assert len(batches) == 2 and np.mean(batches) < 1.0, "the model did not learn, or the iterator did not end"

for v in sorted(tf.global_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
