"""Goldens for tests/estimator/test_estimator_oracle.py, from real TF 1.15.5's tf.estimator.

One seeded canned estimator (a DNNClassifier on a fixed in-memory table, no shuffling), the other canned
estimators and one custom model_fn, all seeded by RunConfig(tf_random_seed=1) only; `run` (below) trains,
evaluates and predicts, and runs alike on TF 1.15.5 and through scopecompat.

    /work/oracles/tf-1.15.5/bin/python tests/data/estimator/record_estimator.py

writes, next to this file:
- `tf-1.15.5/model_dir/`: the DNNClassifier's model_dir as TF 1.15.5 wrote it (scopecompat must continue it);
- `tf-1.15.5.json`: what TF 1.15.5 saw: variable names and shapes, evaluate() keys, predictions, and what it
  read from `through-scopecompat/model_dir/` (written by `python record_estimator.py --scopecompat` through
  scopecompat; rerun the oracle after rewriting it).

Python 3.7 compatible on purpose (TF 1.15.5 runs on Python 3.7).
"""

from __future__ import print_function

import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TF1_DIR = os.path.join(HERE, "tf-1.15.5", "model_dir")
SCOPECOMPAT_DIR = os.path.join(HERE, "through-scopecompat", "model_dir")
GOLDEN = os.path.join(HERE, "tf-1.15.5.json")


def data(np):
    x = (np.arange(24, dtype=np.float32).reshape(8, 3) % 5) / 4.0
    y = (x.sum(axis=1) > 1.2).astype(np.int32)
    return x, y


def dnn(tf, model_dir):
    columns = [tf.feature_column.numeric_column("x", shape=[3])]
    return tf.estimator.DNNClassifier([4], columns, model_dir=model_dir,
                                      config=tf.estimator.RunConfig(tf_random_seed=1))


def custom(tf, model_dir):
    def model_fn(features, labels, mode, params):
        hidden = tf.layers.dense(features["x"], 4, activation=tf.nn.relu, name="hidden")
        logits = tf.layers.dense(hidden, 2, name="logits")
        classes = tf.argmax(logits, 1)
        if mode == tf.estimator.ModeKeys.PREDICT:
            return tf.estimator.EstimatorSpec(mode, predictions={"class": classes})
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        train_op = tf.train.AdamOptimizer(params["learning_rate"]).minimize(
            loss, global_step=tf.train.get_global_step())
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                          eval_metric_ops={"accuracy": tf.metrics.accuracy(labels, classes)})

    return tf.estimator.Estimator(model_fn, model_dir=model_dir, params={"learning_rate": 0.1},
                                  config=tf.estimator.RunConfig(tf_random_seed=1))


def canned(tf, model_dir):
    """The other canned estimators of tf.estimator, each on the same column (name -> estimator)."""
    columns = [tf.feature_column.numeric_column("x", shape=[3])]
    config = tf.estimator.RunConfig(tf_random_seed=1)
    e = tf.estimator
    return {
        "LinearClassifier": e.LinearClassifier(columns, model_dir=model_dir + "_lc", config=config),
        "LinearRegressor": e.LinearRegressor(columns, model_dir=model_dir + "_lr", config=config),
        "DNNRegressor": e.DNNRegressor([4], columns, model_dir=model_dir + "_dr", config=config),
        "DNNLinearCombinedClassifier": e.DNNLinearCombinedClassifier(
            model_dir=model_dir + "_dlc", linear_feature_columns=columns, dnn_feature_columns=columns,
            dnn_hidden_units=[4], config=config),
        "DNNLinearCombinedRegressor": e.DNNLinearCombinedRegressor(
            model_dir=model_dir + "_dlr", linear_feature_columns=columns, dnn_feature_columns=columns,
            dnn_hidden_units=[4], config=config),
        "BaselineClassifier": e.BaselineClassifier(model_dir=model_dir + "_bc", config=config),
    }


def column_variants(tf, np, scratch):
    """DNNClassifiers seeded by tf_random_seed=1 with an indicator column, an embedding column (of a vocabulary
    list, beside the numeric column) or dropout, each trained 1 step: its predicted probabilities."""
    x, y = data(np)
    letters = np.array([["a"], ["b"], ["c"], ["a"], ["b"], ["c"], ["a"], ["b"]])
    numpy_input_fn = tf.estimator.inputs.numpy_input_fn
    train = numpy_input_fn({"x": x, "c": letters}, y, batch_size=4, num_epochs=None, shuffle=False)
    predict = numpy_input_fn({"x": x, "c": letters}, None, batch_size=8, num_epochs=1, shuffle=False)
    letter = tf.feature_column.categorical_column_with_vocabulary_list("c", ["a", "b", "c"])
    number = tf.feature_column.numeric_column("x", shape=[3])
    variants = {
        "indicator_column": dict(feature_columns=[number, tf.feature_column.indicator_column(letter)]),
        "embedding_column": dict(feature_columns=[number, tf.feature_column.embedding_column(letter, 2)]),
        "dropout": dict(feature_columns=[number], dropout=0.5),
    }
    found = {}
    for name, arguments in sorted(variants.items()):
        estimator = tf.estimator.DNNClassifier([4], model_dir=os.path.join(scratch, name),
                                               config=tf.estimator.RunConfig(tf_random_seed=1), **arguments)
        estimator.train(train, steps=1)
        found[name] = [predicted(np, p)["probabilities"] for p in estimator.predict(predict)]
    return found


def trained_names(tf, np, estimator):
    """Variable names and shapes, evaluate() keys and predictions of `estimator` trained one step."""
    train, evaluate, predict = inputs(tf, np)
    estimator.train(train, steps=1)
    return {
        "variables": {name: list(estimator.get_variable_value(name).shape) for name in estimator.get_variable_names()},
        "evaluate_keys": sorted(estimator.evaluate(evaluate)),
        "predictions": [predicted(np, p) for p in estimator.predict(predict)],
    }


def predicted(np, prediction):
    """What a canned estimator predicts for one row: a classifier's probabilities and class, a regressor's value."""
    return {key: np.asarray(value).tolist() for key, value in sorted(prediction.items())
            if key in ("probabilities", "class", "predictions")}


def signatures(tf, estimator, export_base):
    """The signature names of the SavedModel estimator.export_saved_model writes for raw float features."""
    with tf.Graph().as_default():
        features = {"x": tf.placeholder(tf.float32, [None, 3], name="x")}
    receiver = tf.estimator.export.build_raw_serving_input_receiver_fn(features)
    export_dir = estimator.export_saved_model(export_base, receiver)
    with tf.Graph().as_default(), tf.Session() as session:
        meta_graph = tf.saved_model.loader.load(session, [tf.saved_model.tag_constants.SERVING], export_dir)
    return sorted(meta_graph.signature_def)


def inputs(tf, np):
    x, y = data(np)
    numpy_input_fn = tf.estimator.inputs.numpy_input_fn
    train = numpy_input_fn({"x": x}, y, batch_size=4, num_epochs=None, shuffle=False)
    evaluate = numpy_input_fn({"x": x}, y, batch_size=4, num_epochs=1, shuffle=False)
    predict = numpy_input_fn({"x": x}, None, batch_size=8, num_epochs=1, shuffle=False)
    return train, evaluate, predict


def observe(tf, np, estimator, steps):
    """Trains `steps` steps (0: none) and reports what the model_dir and the estimator say."""
    train, evaluate, predict = inputs(tf, np)
    if steps:
        estimator.train(train, steps=steps)
    metrics = estimator.evaluate(evaluate)
    names = estimator.get_variable_names()
    predictions = [predicted(np, p) for p in estimator.predict(predict)]
    return {
        "variables": {name: list(estimator.get_variable_value(name).shape) for name in names},
        "evaluate_keys": sorted(metrics),
        "global_step": int(metrics["global_step"]),
        "predictions": predictions,
    }


def from_pandas(tf, np, model_dir):
    """The DNNClassifier fed by inputs.pandas_input_fn from a DataFrame of the same table: trained 3 steps,
    evaluated, and predicting the table (pandas is optional: None without it)."""
    try:
        import pandas
    except ImportError:
        return None
    x, y = data(np)
    frame = pandas.DataFrame({"a": x[:, 0], "b": x[:, 1], "c": x[:, 2]})
    labels = pandas.Series(y)
    pandas_input_fn = tf.estimator.inputs.pandas_input_fn
    columns = [tf.feature_column.numeric_column(name) for name in ("a", "b", "c")]
    estimator = tf.estimator.DNNClassifier([4], columns, model_dir=model_dir,
                                           config=tf.estimator.RunConfig(tf_random_seed=1))
    estimator.train(pandas_input_fn(frame, labels, batch_size=4, num_epochs=None, shuffle=False), steps=3)
    metrics = estimator.evaluate(pandas_input_fn(frame, labels, batch_size=4, num_epochs=1, shuffle=False))
    predict = pandas_input_fn(frame, batch_size=8, num_epochs=1, shuffle=False)
    return {
        "variables": {name: list(estimator.get_variable_value(name).shape) for name in estimator.get_variable_names()},
        "evaluate_keys": sorted(metrics),
        "predictions": [predicted(np, p) for p in estimator.predict(predict)],
    }


def run(tf, np, scratch):
    """What the tests compare: each estimator trained 3 steps in a fresh model_dir."""
    estimator = dnn(tf, os.path.join(scratch, "dnn"))
    return {
        "pandas": from_pandas(tf, np, os.path.join(scratch, "pandas")),
        "dnn": observe(tf, np, estimator, 3),
        "dnn_signatures": signatures(tf, estimator, os.path.join(scratch, "export")),
        "custom": observe(tf, np, custom(tf, os.path.join(scratch, "custom")), 3),
        "canned": {name: trained_names(tf, np, each)
                   for name, each in sorted(canned(tf, os.path.join(scratch, "canned")).items())},
        "column_variants": column_variants(tf, np, os.path.join(scratch, "variants")),
    }


def continue_training(tf, np, model_dir, scratch):
    """The DNNClassifier of `model_dir` (copied), trained 2 more steps."""
    if not os.path.isdir(scratch):
        os.makedirs(scratch)
    copy = tempfile.mkdtemp(dir=scratch)
    os.rmdir(copy)
    shutil.copytree(model_dir, copy)
    return observe(tf, np, dnn(tf, copy), 2)


def errors(tf, np, scratch):
    """Bad input: each case's error type and first line of its message."""
    train = inputs(tf, np)[0]
    x, y = data(np)

    def returns_a_dict(features, labels, mode):
        return {"loss": tf.reduce_sum(features["x"])}

    def omits_loss(features, labels, mode):
        return tf.estimator.EstimatorSpec(mode, predictions={"x": features["x"]})

    def a_list_of_three():
        return [tf.constant(x), tf.constant(y), tf.constant(y)]

    def another_graph(model_dir):
        return custom(tf, model_dir).train(train, steps=1)

    cases = {
        "model_fn_returns_a_dict": lambda d: tf.estimator.Estimator(returns_a_dict, d).train(train, steps=1),
        "train_spec_without_loss": lambda d: tf.estimator.Estimator(omits_loss, d).train(train, steps=1),
        "input_fn_returns_a_list": lambda d: custom(tf, d).train(a_list_of_three, steps=1),
        "model_dir_of_another_graph": another_graph,
    }
    seen = {}
    for name, case in sorted(cases.items()):
        model_dir = os.path.join(scratch, "error_" + name)
        if name == "model_dir_of_another_graph":
            shutil.copytree(TF1_DIR, model_dir)
        try:
            case(model_dir)
        except Exception as error:  # noqa: B902 - what was raised is what is recorded
            seen[name] = {"type": type(error).__name__, "first_line": str(error).splitlines()[0]}
        else:
            seen[name] = None
    return seen


def write_model_dir(tf, np, model_dir):
    """The DNNClassifier trained 3 steps in `model_dir`; only its checkpoints are kept (no event files)."""
    shutil.rmtree(model_dir, ignore_errors=True)
    dnn(tf, model_dir).train(inputs(tf, np)[0], steps=3)
    for name in os.listdir(model_dir):
        if name.startswith("events.") or name == "graph.pbtxt":
            os.remove(os.path.join(model_dir, name))


def main():
    import numpy as np

    scratch = tempfile.mkdtemp()
    if "--scopecompat" in sys.argv:
        import scopecompat as tf

        write_model_dir(tf, np, SCOPECOMPAT_DIR)
        return
    import tensorflow as tf

    tf.logging.set_verbosity(tf.logging.ERROR)
    write_model_dir(tf, np, TF1_DIR)
    golden = {
        "tensorflow": tf.__version__,
        "fresh": run(tf, np, scratch),
        "tf1_model_dir_continued": continue_training(tf, np, TF1_DIR, scratch),
        "scopecompat_model_dir_continued": continue_training(tf, np, SCOPECOMPAT_DIR, scratch),
        "errors": errors(tf, np, scratch),
    }
    with open(GOLDEN, "w") as file:
        json.dump(golden, file, indent=1, sort_keys=True)
        file.write("\n")
    shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
