"""A TF 1.x Estimator script in the style of the 2018 guides: a custom model_fn (tf.layers, a tf.train
optimizer, tf.metrics) fed by tf.estimator.inputs.numpy_input_fn, run with train_and_evaluate, then
predict; it prints the model_dir's variables and the evaluation's metric names."""
from __future__ import print_function

import tempfile

import numpy as np
import tensorflow as tf


def model_fn(features, labels, mode, params):
    net = tf.layers.dense(features["x"], params["hidden"], activation=tf.nn.relu, name="hidden")
    logits = tf.layers.dense(net, 2, name="logits")
    classes = tf.argmax(logits, axis=1)
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions={"class": classes})
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    metrics = {"accuracy": tf.metrics.accuracy(labels, classes)}
    if mode == tf.estimator.ModeKeys.EVAL:
        return tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops=metrics)
    optimizer = tf.train.MomentumOptimizer(0.05, momentum=0.9)
    train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


rng = np.random.RandomState(0)
x = rng.rand(64, 5).astype(np.float32)
y = (x[:, 0] + x[:, 1] > 1.0).astype(np.int32)

estimator = tf.estimator.Estimator(model_fn, model_dir=tempfile.mkdtemp(), params={"hidden": 6},
                                   config=tf.estimator.RunConfig(tf_random_seed=1, save_summary_steps=5))
train_input = tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=16, num_epochs=None, shuffle=True)
eval_input = tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=16, num_epochs=1, shuffle=False)
metrics, _ = tf.estimator.train_and_evaluate(
    estimator, tf.estimator.TrainSpec(train_input, max_steps=8), tf.estimator.EvalSpec(eval_input, steps=None))
predictions = list(estimator.predict(tf.estimator.inputs.numpy_input_fn({"x": x[:4]}, shuffle=False)))

for name in estimator.get_variable_names():
    print("variable:", name, list(estimator.get_variable_value(name).shape))
print("variable: metrics", sorted(metrics))
print("variable: global_step", metrics["global_step"], "predictions", len(predictions))
