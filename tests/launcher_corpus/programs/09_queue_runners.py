"""The pre-tf.data input pipeline: slice_input_producer with num_epochs, tf.train.shuffle_batch,
a Coordinator and queue runners, reading until OutOfRangeError (TF 1.0-1.3 tutorials)."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
all_images = rng.rand(60, 5).astype(np.float32)
all_labels = (all_images.sum(axis=1) > 2.5).astype(np.int32)

image, label = tf.train.slice_input_producer([tf.constant(all_images), tf.constant(all_labels)],
                                             num_epochs=2, shuffle=True, seed=3)
image_batch, label_batch = tf.train.shuffle_batch([image, label], batch_size=10, capacity=50,
                                                  min_after_dequeue=10, num_threads=1,
                                                  allow_smaller_final_batch=True)

weights = tf.Variable(tf.zeros([5, 2]), name="weights")
biases = tf.Variable(tf.zeros([2]), name="biases")
logits = tf.matmul(image_batch, weights) + biases
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=label_batch, logits=logits))
train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

init_op = tf.group(tf.global_variables_initializer(), tf.local_variables_initializer())
seen = 0
with tf.Session() as sess:
    sess.run(init_op)
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    try:
        while not coord.should_stop():
            _, batch = sess.run([train_op, label_batch])
            seen += len(batch)
    except tf.errors.OutOfRangeError:
        print("Done training -- epoch limit reached")
    finally:
        coord.request_stop()
    coord.join(threads)
print("examples seen:", seen)
assert seen == 120, "two epochs of 60 examples"

for v in sorted(tf.global_variables() + tf.local_variables(), key=lambda v: v.name):
    print("variable:", v.name, v.get_shape().as_list())
