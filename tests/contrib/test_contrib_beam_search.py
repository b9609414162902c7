"""tf.contrib.seq2seq's beam search (scopecompat/_contrib/seq2seq/beam_search_decoder.py).

Its results against TF 1.15.5 (predicted ids, parent ids, scores, lengths, gather_tree, tile_batch) are
the conformance family cases/contrib_beam_search.json; these tests check how it is served, what a
user who forgot tile_batch is told, and that models trained and saved by TF 1.15.5 restore and decode
the same ids.
"""

import json
import os
import sys
import warnings

import pytest

import scopecompat as tf
from conftest import REPO
from scopecompat._contrib.seq2seq import beam_search_decoder
from scopecompat._contrib.seq2seq.decoder import UnboundedDecodeWarning

DATA = os.path.join(REPO, "tests", "data", "checkpoints")
sys.path.insert(0, DATA)
import write_beam_search_checkpoint  # noqa: E402  (the models TF 1.15.5 trained, buildable through scopecompat)

BEAM_SEARCH_NAMES = ("BeamSearchDecoder", "BeamSearchDecoderOutput", "BeamSearchDecoderState",
                     "FinalBeamSearchDecoderOutput", "tile_batch", "gather_tree")


def seq2seq():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.seq2seq


@pytest.mark.parametrize("name", BEAM_SEARCH_NAMES)
def test_beam_search_name_is_served_by_tf_contrib_seq2seq(name):
    assert getattr(seq2seq(), name, None) is getattr(beam_search_decoder, name), (
        "tf.contrib.seq2seq.%s is not beam_search_decoder's object" % name)


def test_gather_tree_needs_no_op_library(graph):
    # TF 1.15's GatherTree was a C++ op of contrib; TF 2.x core has none, so it is built from TF ops.
    seq2seq().gather_tree([[[1]], [[2]]], [[[0]], [[0]]], [2], 0)
    assert "GatherTree" not in {op.type for op in graph.get_operations()}, "gather_tree used a GatherTree op"


@pytest.mark.parametrize("parents, where", [
    ([[[0, 0]], [[-1, 1]]], "-1 at (batch, time, beam) == (0, 0, 0)"),
    ([[[0, 0], [0, 0]], [[0, 1], [1, 7]]], "7 at (batch, time, beam) == (1, 0, 1)"),
])
def test_gather_tree_with_a_parent_outside_the_beam_fails_with_tfs_message(graph, parents, where):
    """TF 1.15.5's GatherTree kernel: InvalidArgumentError "Saw invalid parent id -1 at (batch, time, beam) ==
    (0, 0, 0)" for these parent ids (the texts are what TF 1.15.5 printed); TF 2.x's session puts it in an assertion."""
    batch = len(parents[0])
    steps = [[[1, 2]] * batch, [[3, 4]] * batch]
    beams = seq2seq().gather_tree(steps, parents, [2] * batch, 0)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as raised:
            sess.run(beams)
    assert "Saw invalid parent id " + where in str(raised.value), "not TF 1.15's message: %s" % raised.value


def golden_error(case_id):
    with open(os.path.join(REPO, "scopecompat", "_conformance", "golden", "tf-1.15.5.json")) as golden:
        return json.load(golden)["cases"][case_id]["error"]


def test_a_state_not_tiled_gets_tfs_reshape_error_then_the_tile_batch_fix(graph):
    s = seq2seq()
    embedding = tf.get_variable("embedding", [6, 3])
    with pytest.raises(ValueError) as raised:
        s.BeamSearchDecoder(tf.nn.rnn_cell.GRUCell(4), embedding, tf.constant([1, 1]), 2, tf.zeros([2, 4]),
                            beam_width=3)
    first_line, _, hint = str(raised.value).partition("\n")
    # TF 1.15's message, up to where TF 2.x words the node differently (deviations.py says so).
    recorded = golden_error("beam-search-decoder-state-not-tiled")["message"]
    assert first_line.startswith(recorded.split(" for '")[0] + " for '"), (
        "the first line is not TF's reshape error: %r (TF 1.15: %r)" % (first_line, recorded))
    assert "tile_batch(encoder_state, multiplier=beam_width)" in hint, "the error does not name the fix: %r" % hint
    tiled = s.tile_batch(tf.zeros([2, 4]), 3)
    s.BeamSearchDecoder(tf.nn.rnn_cell.GRUCell(4), embedding, tf.constant([1, 1]), 2, tiled, beam_width=3)


def test_beam_search_without_maximum_iterations_warns_that_it_may_not_end(graph):
    s = seq2seq()
    cell = tf.nn.rnn_cell.GRUCell(4)
    decoder = s.BeamSearchDecoder(cell, tf.get_variable("embedding", [6, 3]), tf.constant([1, 1]), 2,
                                  cell.zero_state(6, tf.float32), beam_width=3,
                                  output_layer=tf.layers.Dense(6))
    with pytest.warns(UnboundedDecodeWarning, match="maximum_iterations"):
        s.dynamic_decode(decoder)


@pytest.mark.parametrize("mode", ["greedy", "beam"])
def test_models_trained_by_tf_1_15_restore_and_decode_the_same_ids(mode):
    folder = os.path.join(DATA, "beam-search-tf-1.15.5")
    with open(os.path.join(folder, "values.json")) as recorded:
        expected = json.load(recorded)["decoded"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        decoded = write_beam_search_checkpoint.decode(tf, mode, os.path.join(folder, "model.ckpt"))
    for name, ids in decoded.items():
        assert ids.tolist() == expected[name], (
            "the %s decode of TF 1.15.5's trained model differs: %s, TF 1.15.5: %s" % (name, ids.tolist(), expected[name]))
