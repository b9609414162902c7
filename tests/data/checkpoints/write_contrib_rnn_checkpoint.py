"""Write the checkpoint of tf.contrib.rnn's own cells that tests/contrib/test_contrib_rnn.py restores.

Run it with TF 1.15.5 (DEVELOPERS.md says how to install it); it writes `tf-<version>-contrib-rnn/` next
to this file:

    /work/oracles/tf-1.15.5/bin/python tests/data/checkpoints/write_contrib_rnn_checkpoint.py

The folder holds the checkpoint (`model.ckpt*`) and `values.json`: every variable's value as TF read it
back, and the outputs of each RNN for a fixed input. The test builds the same graph (`build` below, which
runs on TF 1.15 and through scopecompat alike), restores the checkpoint by TF 1.15's variable names and
compares.
"""

from __future__ import print_function

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH, TIME_STEPS, INPUT_SIZE = 2, 3, 4


def build(tf):
    """One graph with each contrib.rnn cell whose variables a checkpoint holds. Returns (input, outputs)."""
    rnn = tf.contrib.rnn
    inputs = tf.placeholder(tf.float32, [BATCH, TIME_STEPS, INPUT_SIZE], name="inputs")
    outputs = {}

    def run(scope, cell):
        with tf.variable_scope(scope):
            outputs[scope], _ = tf.nn.dynamic_rnn(cell, inputs, sequence_length=[3, 2], dtype=tf.float32)

    run("lstm_block", rnn.LSTMBlockCell(3))
    run("lstm_block_peephole", rnn.LSTMBlockCell(2, use_peephole=True, cell_clip=0.5))
    run("gru_block", rnn.GRUBlockCell(3))
    run("gru_block_v2", rnn.GRUBlockCellV2(2))
    run("layer_norm_lstm", rnn.LayerNormBasicLSTMCell(3, norm_gain=0.8, norm_shift=0.1))
    run("coupled", rnn.CoupledInputForgetGateLSTMCell(3, use_peepholes=True, num_proj=2))
    with tf.variable_scope("fused"):
        outputs["fused"], _ = rnn.LSTMBlockFusedCell(3)(tf.transpose(inputs, [1, 0, 2]), dtype=tf.float32)
    return inputs, outputs


def fixed_input():
    import numpy as np

    return np.sin(np.arange(BATCH * TIME_STEPS * INPUT_SIZE, dtype=np.float32)).reshape(
        BATCH, TIME_STEPS, INPUT_SIZE)


def main():
    import tensorflow as tf

    folder = os.path.join(HERE, "tf-%s-contrib-rnn" % tf.__version__)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    tf.set_random_seed(1234)
    inputs, outputs = build(tf)
    variables = tf.global_variables()
    with tf.Session() as sess:
        # Biases start at constants: give every variable random values, so that a restore shows.
        sess.run([v.assign(tf.random_uniform(v.shape, -1.0, 1.0, seed=i)) for i, v in enumerate(variables)])
        tf.train.Saver().save(sess, os.path.join(folder, "model.ckpt"), write_meta_graph=False)
        values = dict((v.op.name, sess.run(v).tolist()) for v in variables)
        ran = sess.run(outputs, {inputs: fixed_input()})
    # The `checkpoint` state file holds absolute paths of this machine; the test names the prefix.
    os.remove(os.path.join(folder, "checkpoint"))
    record = {
        "tensorflow": tf.__version__,
        "python": sys.version.split()[0],
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
