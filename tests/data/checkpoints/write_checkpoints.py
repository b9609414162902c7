"""Write the small RNN checkpoints the old-checkpoint tests restore, with the TensorFlow that runs it.

Run it with each old TensorFlow (DEVELOPERS.md says how to install them); it writes
`tf-<version>/` next to this file:

    /work/oracles/tf-0.12.1/bin/python tests/data/checkpoints/write_checkpoints.py
    /work/oracles/tf-1.0.0/bin/python tests/data/checkpoints/write_checkpoints.py

Each folder holds the checkpoint (`model.ckpt*`, TF's default V2 format; TF 0.12 also writes the V1
format as `model-v1.ckpt`, which TF 0.12-era programs often still used) and `values.json`: every
variable's value as this TensorFlow read it back after saving, and the RNN outputs for a fixed input.
tests/legacy/test_checkpoints.py builds the same graph through scopecompat (`build` below, which runs on TF 0.12,
1.0 and through scopecompat alike), restores each checkpoint into it and compares.

Python 2.7 compatible on purpose (TF 0.12.1 runs on Python 2.7).
"""

from __future__ import print_function

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH, TIME_STEPS, INPUT_SIZE = 2, 3, 4


def rnn_cell_module(tf):
    """Where the cells live: tf.nn.rnn_cell in TF 0.12 and from TF 1.2 on, tf.contrib.rnn in TF 1.0/1.1."""
    contrib = getattr(tf, "contrib", None)
    if tf.__version__.startswith(("1.0.", "1.1.")):
        return contrib.rnn
    return tf.nn.rnn_cell


def build(tf):
    """One graph with every RNN cell kind whose variable names changed between TF 0.12, 1.0 and 1.2,
    plus a plain get_variable and a tf.Variable whose names never changed. Returns (input, outputs)."""
    cells = rnn_cell_module(tf)
    tf.set_random_seed(1234)
    inputs = tf.placeholder(tf.float32, [BATCH, TIME_STEPS, INPUT_SIZE], name="inputs")
    lengths = [TIME_STEPS] * BATCH
    outputs = {}

    def run(scope, cell):
        with tf.variable_scope(scope):
            outputs[scope], _ = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)

    run("lstm", cells.BasicLSTMCell(3))
    run("gru", cells.GRUCell(2))
    run("vanilla", cells.BasicRNNCell(2))
    run("peephole", cells.LSTMCell(3, use_peepholes=True, num_proj=2))
    run("stack", cells.MultiRNNCell([cells.BasicLSTMCell(2), cells.BasicLSTMCell(2)]))
    with tf.variable_scope("bi"):
        (forward, backward), _ = tf.nn.bidirectional_dynamic_rnn(
            cells.BasicLSTMCell(2), cells.GRUCell(2), inputs, sequence_length=lengths, dtype=tf.float32)
        outputs["bi_forward"], outputs["bi_backward"] = forward, backward
    outputs["rnn_default_scope"], _ = tf.nn.dynamic_rnn(cells.BasicLSTMCell(2), inputs, dtype=tf.float32)
    with tf.variable_scope("dense"):
        weights = tf.get_variable("w", [INPUT_SIZE, 2])
    outputs["dense"] = tf.matmul(tf.reshape(inputs, [-1, INPUT_SIZE]), weights)
    tf.Variable(7, name="global_step")
    return inputs, outputs


def fixed_input():
    import numpy as np

    return (np.arange(BATCH * TIME_STEPS * INPUT_SIZE, dtype=np.float32).reshape(
        BATCH, TIME_STEPS, INPUT_SIZE) / 10.0 - 1.0)


def main():
    import tensorflow as tf

    folder = os.path.join(HERE, "tf-" + tf.__version__)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    inputs, outputs = build(tf)
    init = getattr(tf, "global_variables_initializer", None) or tf.initialize_all_variables
    variables = tf.global_variables()
    with tf.Session() as sess:
        sess.run(init())
        prefixes = [("model.ckpt", tf.train.SaverDef.V2)]
        if tf.__version__.startswith("0."):
            prefixes.append(("model-v1.ckpt", tf.train.SaverDef.V1))
        for prefix, version in prefixes:
            tf.train.Saver(write_version=version).save(
                sess, os.path.join(folder, prefix), write_meta_graph=False)
        values = dict((v.op.name, sess.run(v).tolist()) for v in variables)
        ran = sess.run(outputs, {inputs: fixed_input()})
    # The `checkpoint` state file holds absolute paths of this machine; the tests name the prefix.
    os.remove(os.path.join(folder, "checkpoint"))
    record = {
        "tensorflow": tf.__version__,
        "python": sys.version.split()[0],
        "checkpoints": [prefix for prefix, _ in prefixes],
        "variables": values,
        "outputs": dict((name, value.tolist()) for name, value in ran.items()),
    }
    with open(os.path.join(folder, "values.json"), "w") as out:
        json.dump(record, out, indent=1, sort_keys=True)
    for name in sorted(values):
        print(name)
    print("wrote", folder)


if __name__ == "__main__":
    main()
