"""Train two small seq2seq models with real TF 1.15.5, save them, and record what they decode.

    /work/oracles/tf-1.15.5/bin/python tests/data/checkpoints/write_beam_search_checkpoint.py

writes `beam-search-tf-<version>/` next to this file: the checkpoint (`model.ckpt*`) and `values.json` (the
ids the trained models decode for fixed inputs). The models, both trained on a toy task (reverse a
sequence of symbols):
- "translator": an embedding GRU encoder, an AttentionWrapper (BahdanauAttention) GRU decoder trained with
  TrainingHelper and BasicDecoder, decoded greedily (GreedyEmbeddingHelper) and by BeamSearchDecoder over
  tile_batch'ed memory;
- "legacy": legacy_seq2seq.embedding_attention_seq2seq under model_with_buckets, decoded with
  feed_previous=True.
tests/contrib/test_contrib_beam_search.py builds the same graph through scopecompat (`build` below),
restores the checkpoint and checks that it decodes the same ids. TF 1.15's training is not bit-for-bit
reproducible (multithreaded float sums), so a rerun writes another checkpoint, with the ids that one decodes.
Python 3.7 compatible (TF 1.15.5's).
"""

from __future__ import print_function

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
VOCAB, GO, END, UNITS, EMBED, BEAM, LENGTH, BATCH = 8, 1, 2, 16, 8, 3, 4, 4
BUCKETS = [(3, 4), (4, 5)]


def batch(step):
    """Fixed sequences of symbols 3..VOCAB-1 and their reversal (the target), GO-prefixed and END-closed."""
    import numpy as np

    rng = np.random.RandomState(step)
    source = rng.randint(3, VOCAB, size=(BATCH, LENGTH)).astype(np.int32)
    target = source[:, ::-1]
    decoder_in = np.concatenate([np.full((BATCH, 1), GO, np.int32), target], 1)
    decoder_out = np.concatenate([target, np.full((BATCH, 1), END, np.int32)], 1)
    return source, decoder_in, decoder_out


def build(tf, mode):
    """Both models in a fresh default graph: mode "train" returns (placeholders, train_ops); "greedy" and
    "beam" (inference graphs, as TF 1.x NMT code built them) return (placeholders, decoded ids by name)."""
    tf.set_random_seed(42)
    s, legacy = tf.contrib.seq2seq, tf.contrib.legacy_seq2seq
    source = tf.placeholder(tf.int32, [BATCH, LENGTH], name="source")
    decoder_in = tf.placeholder(tf.int32, [BATCH, LENGTH + 1], name="decoder_in")
    decoder_out = tf.placeholder(tf.int32, [BATCH, LENGTH + 1], name="decoder_out")
    placeholders = (source, decoder_in, decoder_out)
    init = tf.random_uniform_initializer(-0.3, 0.3, seed=7)
    decoded = {}

    with tf.variable_scope("translator", initializer=init):
        embedding = tf.get_variable("embedding", [VOCAB, EMBED])
        memory, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(UNITS), tf.nn.embedding_lookup(embedding, source),
                                      dtype=tf.float32, scope="encoder")
        projection = tf.layers.Dense(VOCAB, name="projection")
        batch_size = BATCH
        if mode == "beam":
            memory, batch_size = s.tile_batch(memory, BEAM), BATCH * BEAM
        with tf.variable_scope("decode"):
            mechanism = s.BahdanauAttention(UNITS, memory)
            cell = s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(UNITS), mechanism, attention_layer_size=UNITS)
            state = cell.zero_state(batch_size, tf.float32)
            if mode == "train":
                helper = s.TrainingHelper(tf.nn.embedding_lookup(embedding, decoder_in), [LENGTH + 1] * BATCH)
                train_out, _, _ = s.dynamic_decode(s.BasicDecoder(cell, helper, state, output_layer=projection))
                translator_loss = s.sequence_loss(train_out.rnn_output, decoder_out, tf.ones([BATCH, LENGTH + 1]))
            elif mode == "greedy":
                greedy = s.GreedyEmbeddingHelper(embedding, tf.fill([BATCH], GO), END)
                greedy_out, _, _ = s.dynamic_decode(s.BasicDecoder(cell, greedy, state, output_layer=projection),
                                                    maximum_iterations=LENGTH + 2)
                decoded["greedy"] = greedy_out.sample_id
            else:
                beam = s.BeamSearchDecoder(cell, embedding, tf.fill([BATCH], GO), END, state, BEAM,
                                           output_layer=projection, length_penalty_weight=0.5)
                beam_out, _, _ = s.dynamic_decode(beam, maximum_iterations=LENGTH + 2)
                decoded["beam"] = beam_out.predicted_ids

    with tf.variable_scope("legacy", initializer=init):
        encoder_inputs = tf.unstack(source, axis=1)
        decoder_inputs = tf.unstack(decoder_in, axis=1)
        targets = tf.unstack(decoder_out, axis=1)
        weights = [tf.ones([BATCH])] * (LENGTH + 1)
        feed_previous = mode != "train"

        def model(x, y):
            return legacy.embedding_attention_seq2seq(x, y, tf.nn.rnn_cell.GRUCell(UNITS), VOCAB, VOCAB, EMBED,
                                                      feed_previous=feed_previous)

        outputs, losses = legacy.model_with_buckets(encoder_inputs, decoder_inputs, targets, weights,
                                                    BUCKETS if mode == "train" else BUCKETS[-1:], model)
        decoded["legacy"] = tf.stack([tf.argmax(o, 1) for o in outputs[-1]], 1)

    if mode != "train":
        return placeholders, decoded
    optimizer = tf.train.AdamOptimizer(0.05)
    return placeholders, [optimizer.minimize(translator_loss), optimizer.minimize(losses[-1])]


def decode(tf, mode, checkpoint):
    """The ids the models decode in a fresh `mode` graph restored from `checkpoint`, for batch(1000)."""
    with tf.Graph().as_default():
        placeholders, decoded = build(tf, mode)
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, checkpoint)
            return sess.run(decoded, dict(zip(placeholders, batch(1000))))


def main():
    import tensorflow as tf

    folder = os.path.join(HERE, "beam-search-tf-" + tf.__version__)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    checkpoint = os.path.join(folder, "model.ckpt")
    with tf.Graph().as_default():
        placeholders, train_ops = build(tf, "train")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(150):
                sess.run(train_ops, dict(zip(placeholders, batch(step))))
            tf.train.Saver(tf.trainable_variables()).save(sess, checkpoint, write_meta_graph=False)
    ids = dict(decode(tf, "greedy", checkpoint), beam=decode(tf, "beam", checkpoint)["beam"])
    # The `checkpoint` state file holds absolute paths of this machine; the tests name the prefix.
    os.remove(os.path.join(folder, "checkpoint"))
    record = {"tensorflow": tf.__version__, "decoded": dict((name, value.tolist()) for name, value in ids.items()),
              "source": batch(1000)[0].tolist()}
    with open(os.path.join(folder, "values.json"), "w") as out:
        json.dump(record, out, indent=1, sort_keys=True)
    print(json.dumps(record["decoded"]))
    print("wrote", folder)


if __name__ == "__main__":
    main()
