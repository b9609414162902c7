"""The premade-Estimator walkthrough of TF 1.x's guide, offline: a DNNClassifier over four numeric
feature columns of an in-memory iris-style table (three classes), trained, evaluated and asked for
predictions with input_fns built on tf.data; it prints the model_dir's variables and the metric names."""
from __future__ import print_function

import tempfile

import numpy as np
import tensorflow as tf

COLUMNS = ["SepalLength", "SepalWidth", "PetalLength", "PetalWidth"]
rng = np.random.RandomState(1)
species = rng.randint(0, 3, size=90)
table = {name: (rng.rand(90) + species * (index + 1) * 0.5).astype(np.float32)
         for index, name in enumerate(COLUMNS)}


def train_input_fn(features, labels, batch_size):
    dataset = tf.data.Dataset.from_tensor_slices((dict(features), labels))
    return dataset.shuffle(100, seed=1).repeat().batch(batch_size)


def eval_input_fn(features, labels, batch_size):
    inputs = dict(features) if labels is None else (dict(features), labels)
    return tf.data.Dataset.from_tensor_slices(inputs).batch(batch_size)


feature_columns = [tf.feature_column.numeric_column(key=name) for name in COLUMNS]
classifier = tf.estimator.DNNClassifier(feature_columns=feature_columns, hidden_units=[10, 10], n_classes=3,
                                        model_dir=tempfile.mkdtemp())
classifier.train(input_fn=lambda: train_input_fn(table, species, 30), steps=10)
metrics = classifier.evaluate(input_fn=lambda: eval_input_fn(table, species, 30))
predictions = list(classifier.predict(input_fn=lambda: eval_input_fn(table, None, 30)))

for name in classifier.get_variable_names():
    print("variable:", name, list(classifier.get_variable_value(name).shape))
print("variable: metrics", sorted(metrics))
print("variable: global_step", metrics["global_step"], "predictions", len(predictions),
      sorted(predictions[0]))
