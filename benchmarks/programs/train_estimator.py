"""Training: a custom tf.estimator.Estimator (two dense layers, Adam) fed by a tf.data input_fn; each
training step timed by a SessionRunHook. No checkpoints beyond the Estimator's own at start and end."""
import shutil
import tempfile

import numpy as np
import tensorflow as tf

import program_clock

args = program_clock.arguments()
rng = np.random.RandomState(0)
features = rng.rand(1024, 64).astype(np.float32)
labels = rng.randint(0, 10, size=1024)


def input_fn():
    dataset = tf.data.Dataset.from_tensor_slices(({"x": features}, labels))
    return dataset.repeat().batch(32)


def model_fn(features, labels, mode):
    net = tf.layers.dense(features["x"], 256, activation=tf.nn.relu)
    net = tf.layers.dense(net, 256, activation=tf.nn.relu)
    logits = tf.layers.dense(net, 10)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


model_dir = tempfile.mkdtemp(prefix="benchmark-estimator-")
try:
    config = tf.estimator.RunConfig(model_dir=model_dir, tf_random_seed=0, save_summary_steps=None,
                                    save_checkpoints_steps=None, save_checkpoints_secs=None,
                                    log_step_count_steps=None, session_config=program_clock.session_config(tf))
    clock = program_clock.StepClock(args.warm_up, args.steps)
    estimator = tf.estimator.Estimator(model_fn, config=config)
    estimator.train(input_fn, steps=clock.total, hooks=[program_clock.estimator_hook(tf, clock)])
finally:
    shutil.rmtree(model_dir, ignore_errors=True)
program_clock.report(tf, clock.measurements())
