"""Train a small attention seq2seq model with tf.contrib.seq2seq and save it, with the TensorFlow that runs it.

    /work/oracles/tf-1.15.5/bin/python tests/data/checkpoints/write_seq2seq_checkpoint.py

writes `seq2seq-tf-<version>/` next to this file: the checkpoint (`model.ckpt*`) and `values.json`, what
this TensorFlow computed from the saved weights (the training loss on the fixed batch and the greedy
decode's ids and lengths). tests/contrib/test_contrib_seq2seq.py builds the same graph through scopecompat
(`build` below runs on TF 1.15 and through scopecompat alike), restores the checkpoint and compares.

    PYTHON write_seq2seq_checkpoint.py --restore FOLDER

restores FOLDER's checkpoint into this TensorFlow's graph and prints its values.json-style record (the
other direction: a checkpoint scopecompat saved, read back by TF 1.15).

Python 3.7 compatible on purpose (TF 1.15.5 runs on Python 3.7).
"""

from __future__ import print_function

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VOCABULARY, START, END = 7, 0, 1  # ids 2..6 are the symbols; the task: reverse the source
BATCH, SOURCE_LENGTH, UNITS = 4, 5, 8
TRAINING_STEPS = 40


def fixed_batch():
    """Sources of symbols, their reversals (+ END) as targets, decoder inputs START + reversal."""
    import numpy as np

    symbols = np.random.RandomState(0).randint(2, VOCABULARY, [BATCH, SOURCE_LENGTH]).astype(np.int32)
    targets = np.concatenate([symbols[:, ::-1], np.full([BATCH, 1], END, np.int32)], 1)
    decoder_inputs = np.concatenate([np.full([BATCH, 1], START, np.int32), symbols[:, ::-1]], 1)
    return symbols, decoder_inputs, targets


def build(tf):
    """The model: embedding, LSTM encoder, Bahdanau AttentionWrapper decoder trained with sequence_loss,
    and a greedy decoder sharing its variables. Returns a dict of the tensors and the train op."""
    s2s = tf.contrib.seq2seq
    tf.set_random_seed(1234)
    sources, decoder_inputs, targets = [tf.constant(array) for array in fixed_batch()]
    with tf.variable_scope("model", initializer=tf.random_uniform_initializer(-0.3, 0.3, seed=5)):
        embedding = tf.get_variable("embedding", [VOCABULARY, UNITS])
        encoder_outputs, encoder_state = tf.nn.dynamic_rnn(
            tf.nn.rnn_cell.LSTMCell(UNITS), tf.nn.embedding_lookup(embedding, sources), dtype=tf.float32,
            scope="encoder")
        mechanism = s2s.BahdanauAttention(UNITS, encoder_outputs, normalize=True)
        cell = s2s.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(UNITS), mechanism, attention_layer_size=UNITS)
        initial_state = cell.zero_state(BATCH, tf.float32).clone(cell_state=encoder_state)
        projection = tf.layers.Dense(VOCABULARY, name="output_projection")
        lengths = tf.fill([BATCH], SOURCE_LENGTH + 1)
        training = s2s.BasicDecoder(cell, s2s.TrainingHelper(tf.nn.embedding_lookup(embedding, decoder_inputs),
                                                             lengths), initial_state, output_layer=projection)
        outputs, _, _ = s2s.dynamic_decode(training, scope="decode")
        loss = s2s.sequence_loss(outputs.rnn_output, targets, tf.ones([BATCH, SOURCE_LENGTH + 1]))
        greedy = s2s.BasicDecoder(cell, s2s.GreedyEmbeddingHelper(embedding, tf.fill([BATCH], START), END),
                                  initial_state, output_layer=projection)
        decoded, _, decoded_lengths = s2s.dynamic_decode(greedy, maximum_iterations=2 * SOURCE_LENGTH,
                                                         scope="decode")
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    return {"loss": loss, "ids": decoded.sample_id, "lengths": decoded_lengths, "train": train}


def computed(tf, sess, model):
    """What the restored (or just trained) weights compute, as plain lists."""
    loss, ids, lengths = sess.run([model["loss"], model["ids"], model["lengths"]])
    return {"loss": float(loss), "ids": ids.tolist(), "lengths": lengths.tolist(),
            "variables": sorted([v.op.name, v.get_shape().as_list()] for v in tf.global_variables())}


def main(argv):
    import tensorflow as tf

    model = build(tf)
    if argv[:1] == ["--restore"]:
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, os.path.join(argv[1], "model.ckpt"))
            print(json.dumps(computed(tf, sess, model), sort_keys=True))
        return
    folder = os.path.join(HERE, "seq2seq-tf-" + tf.__version__)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(TRAINING_STEPS):
            sess.run(model["train"])
        tf.train.Saver().save(sess, os.path.join(folder, "model.ckpt"), write_meta_graph=False)
        record = computed(tf, sess, model)
    # The `checkpoint` state file holds absolute paths of this machine; the tests name the prefix.
    os.remove(os.path.join(folder, "checkpoint"))
    record.update({"tensorflow": tf.__version__, "python": sys.version.split()[0]})
    with open(os.path.join(folder, "values.json"), "w") as out:
        json.dump(record, out, indent=1, sort_keys=True)
        out.write("\n")
    print("wrote", folder, "loss", record["loss"], "ids", record["ids"])


if __name__ == "__main__":
    main(sys.argv[1:])
