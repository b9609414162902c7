"""tf.contrib.seq2seq, rebuilt by scopecompat (scopecompat/_contrib/seq2seq/).

What it builds and computes against TF 1.15.5 (and 1.4.1) is in the conformance cases
(cases/contrib_seq2seq.json: variable names and shapes, seeded outputs and losses, TF's errors); these
tests check how it is served: the namespace's objects, the spellings TF1 code imports it with, and what
scopecompat adds on bad input (the warning naming maximum_iterations).
"""

import json
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest

import scopecompat as tf
from scopecompat._contrib import seq2seq
from scopecompat._contrib.seq2seq import decoder as decoder_module
from scopecompat._legacy import names as legacy_names
from conftest import REPO, launch, write

# TF 1.15's tf.contrib.seq2seq names this module serves (beam search is served by beam_search_decoder.py).
NAMES = ["sequence_loss", "dynamic_decode", "Decoder", "BasicDecoder", "BasicDecoderOutput", "Helper",
         "TrainingHelper", "GreedyEmbeddingHelper", "SampleEmbeddingHelper", "ScheduledEmbeddingTrainingHelper",
         "ScheduledOutputTrainingHelper", "InferenceHelper", "CustomHelper", "AttentionMechanism",
         "BahdanauAttention", "LuongAttention", "BahdanauMonotonicAttention", "LuongMonotonicAttention",
         "AttentionWrapper", "AttentionWrapperState", "hardmax", "safe_cumprod", "monotonic_attention"]


@pytest.fixture(scope="module")
def s2s():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.seq2seq


def test_contrib_seq2seq_is_scopecompats_package(s2s):
    assert s2s is sys.modules["scopecompat._contrib.seq2seq"], "tf.contrib.seq2seq is not scopecompat's package"
    assert "contrib.seq2seq" not in {row.old for row in legacy_names.NOT_PROVIDED}, (
        "contrib.seq2seq is still a not-provided row of the legacy table")


@pytest.mark.parametrize("name", NAMES)
def test_every_tf_1_15_name_is_served_by_identity(s2s, name):
    assert getattr(s2s, name) is getattr(seq2seq, name), "tf.contrib.seq2seq.%s is not the package's object" % name


def test_attention_wrapper_is_a_tf1_rnn_cell_of_scopecompat(s2s):
    assert issubclass(s2s.AttentionWrapper, tf.nn.rnn_cell.RNNCell), (
        "AttentionWrapper is not a tf.nn.rnn_cell.RNNCell of the TF1 cells scopecompat serves")


def test_dynamic_decode_refuses_what_is_not_a_decoder(s2s, graph):
    with pytest.raises(TypeError, match="^Expected decoder to be type Decoder, but saw: "):
        s2s.dynamic_decode(tf.nn.rnn_cell.BasicLSTMCell(3))


def _greedy_decoder(s2s, end_token):
    """A small greedy decoder with seeded weights, ready for dynamic_decode."""
    tf.set_random_seed(1)
    embedding = tf.constant(np.random.RandomState(0).uniform(-1, 1, [5, 3]).astype(np.float32))
    with tf.variable_scope("model", initializer=tf.random_uniform_initializer(-1, 1, seed=2)):
        cell = tf.nn.rnn_cell.BasicRNNCell(5)
        helper = s2s.GreedyEmbeddingHelper(embedding, tf.fill([4], 0), end_token)
        return s2s.BasicDecoder(cell, helper, cell.zero_state(4, tf.float32))


def _decoded_ids(s2s, decoder, **kwargs):
    with tf.variable_scope("model", reuse=tf.AUTO_REUSE):
        outputs, _, lengths = s2s.dynamic_decode(decoder, **kwargs)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        return session.run([outputs.sample_id, lengths])


def test_inference_decode_without_maximum_iterations_warns_naming_it(s2s, graph):
    decoder = _greedy_decoder(s2s, end_token=1)
    with pytest.warns(decoder_module.UnboundedDecodeWarning, match="Pass maximum_iterations") as caught:
        s2s.dynamic_decode(decoder)
    assert caught[0].filename == __file__, (
        "the warning does not point at the dynamic_decode call: %s" % caught[0].filename)


def test_the_warning_leaves_a_decode_that_ends_as_it_was(s2s):
    # An inference decode that ends (every entry's first sample is an end): warned about, same result as bounded.
    results = []
    for kwargs in ({}, {"maximum_iterations": 50}):
        with tf.Graph().as_default(), warnings.catch_warnings():
            warnings.simplefilter("ignore", decoder_module.UnboundedDecodeWarning)
            tf.set_random_seed(1)
            with tf.variable_scope("model", initializer=tf.random_uniform_initializer(-1, 1, seed=2)):
                cell = tf.nn.rnn_cell.BasicRNNCell(3)
                helper = s2s.InferenceHelper(
                    sample_fn=lambda outputs: outputs, sample_shape=[3], sample_dtype=tf.float32,
                    start_inputs=tf.ones([2, 3]), end_fn=lambda samples: tf.reduce_sum(samples, 1) > -10.0)
                decoder = s2s.BasicDecoder(cell, helper, cell.zero_state(2, tf.float32))
                # the cell's kernel is made in here (model/decoder/...), from the scope's seeded initializer: the
                # graph seed alone would give each graph its own draw (TF 1.x's op seeds: the op count differs)
                ids, lengths = _decoded_ids(s2s, decoder, **kwargs)
            results.append((ids.tolist(), lengths.tolist()))
    assert results[0] == results[1], "the unbounded decode differs from the bounded one: %s" % results


@pytest.mark.parametrize("bounded", [True, False])
def test_no_warning_for_a_bounded_or_training_decode(s2s, graph, bounded):
    with warnings.catch_warnings():
        warnings.simplefilter("error", decoder_module.UnboundedDecodeWarning)
        if bounded:
            s2s.dynamic_decode(_greedy_decoder(s2s, end_token=1), maximum_iterations=3)
        else:
            cell = tf.nn.rnn_cell.BasicRNNCell(2)
            helper = s2s.TrainingHelper(tf.zeros([2, 3, 2]), [3, 1])
            s2s.dynamic_decode(s2s.BasicDecoder(cell, helper, cell.zero_state(2, tf.float32)))


def test_tf1_spellings_of_seq2seq_under_the_launcher(tmp_path):
    write(tmp_path / "translate.py", """\
        import tensorflow as tf
        from tensorflow.contrib import seq2seq
        import tensorflow.contrib.seq2seq as s2s
        from tensorflow.contrib.seq2seq import BasicDecoder, sequence_loss
        import tensorflow.contrib.seq2seq
        import scopecompat._contrib.seq2seq as ours
        checks = {
            "from tensorflow.contrib import seq2seq": seq2seq is ours,
            "import tensorflow.contrib.seq2seq as s2s": s2s is ours,
            "from tensorflow.contrib.seq2seq import BasicDecoder": BasicDecoder is ours.BasicDecoder,
            "from tensorflow.contrib.seq2seq import sequence_loss": sequence_loss is ours.sequence_loss,
            "tf.contrib.seq2seq": tf.contrib.seq2seq is ours,
        }
        for spelling, ok in checks.items():
            print(spelling, ok)
        """)
    result = launch(["translate.py"], cwd=tmp_path)
    assert result.returncode == 0, "the seq2seq script failed under the launcher:\n" + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 5 and all(line.endswith(" True") for line in lines), (
        "a TF1 spelling of seq2seq does not give scopecompat's package:\n" + result.stdout)


# -- checkpoints both ways: tests/data/checkpoints/write_seq2seq_checkpoint.py (trained and saved by TF 1.15.5) --

CHECKPOINTS = os.path.join(REPO, "tests", "data", "checkpoints")
sys.path.insert(0, CHECKPOINTS)
import write_seq2seq_checkpoint  # noqa: E402  (the model the checkpoint holds, buildable through scopecompat)

TF1_PYTHON = os.environ.get("SCOPECOMPAT_TF1_PYTHON")


def _recorded():
    with open(os.path.join(CHECKPOINTS, "seq2seq-tf-1.15.5", "values.json")) as source:
        return json.load(source)


def test_a_model_trained_by_tf_1_15_restores_and_decodes_the_same_ids(s2s, graph):
    recorded = _recorded()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        model = write_seq2seq_checkpoint.build(tf)
    with tf.Session() as sess:
        tf.train.Saver().restore(sess, os.path.join(CHECKPOINTS, "seq2seq-tf-1.15.5", "model.ckpt"))
        ours = write_seq2seq_checkpoint.computed(tf, sess, model)
    assert ours["variables"] == recorded["variables"], "the variables' names or shapes differ from TF 1.15.5's"
    assert ours["ids"] == recorded["ids"] and ours["lengths"] == recorded["lengths"], (
        "the greedy decode of TF 1.15.5's trained model differs: %s vs %s" % (ours, recorded))
    assert ours["loss"] == pytest.approx(recorded["loss"], rel=1e-4), "the training loss differs from TF 1.15.5's"


@pytest.mark.skipif(not TF1_PYTHON, reason="set SCOPECOMPAT_TF1_PYTHON to a TF 1.15.5 interpreter to run live")
def test_a_model_trained_through_scopecompat_restores_in_tf_1_15(s2s, graph, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        model = write_seq2seq_checkpoint.build(tf)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            sess.run(model["train"])
        tf.train.Saver().save(sess, str(tmp_path / "model.ckpt"), write_meta_graph=False)
        ours = write_seq2seq_checkpoint.computed(tf, sess, model)
    script = os.path.join(CHECKPOINTS, "write_seq2seq_checkpoint.py")
    # TF 2.x sets TF2_BEHAVIOR=1 in this process's environment; TF 1.15 would read it and run eagerly.
    environ = {k: v for k, v in os.environ.items() if k != "TF2_BEHAVIOR"}
    result = subprocess.run([TF1_PYTHON, script, "--restore", str(tmp_path)], capture_output=True, text=True,
                            env=dict(environ, TF_CPP_MIN_LOG_LEVEL="3"), timeout=600)
    assert result.returncode == 0, "TF 1.15 could not restore scopecompat's checkpoint:\n" + result.stderr[-3000:]
    theirs = json.loads(result.stdout.strip().splitlines()[-1])
    assert theirs["variables"] == ours["variables"], "TF 1.15's graph has other variables than the checkpoint"
    assert theirs["ids"] == ours["ids"], "TF 1.15 decodes other ids from scopecompat's checkpoint"
    assert theirs["loss"] == pytest.approx(ours["loss"], rel=1e-4), "TF 1.15 computes another loss"


@pytest.mark.parametrize("where", ["zero_state", "initial_cell_state"])
def test_a_batch_size_mismatch_keeps_tfs_error_and_says_what_to_pass(s2s, graph, where):
    memory = tf.zeros([2, 5, 6])
    mechanism = s2s.BahdanauAttention(4, memory)
    with pytest.raises(tf.errors.InvalidArgumentError) as raised:
        if where == "zero_state":
            s2s.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(5), mechanism).zero_state(3, tf.float32)
        else:
            state = tf.nn.rnn_cell.BasicLSTMCell(5).zero_state(3, tf.float32)
            s2s.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(5), mechanism, initial_cell_state=state)
    lines = str(raised.value).splitlines()
    assert lines[0].startswith("When c") and "Non-matching batch sizes between the memory" in lines[0], (
        "the first line is not TF 1.15's message: %s" % lines[0])
    assert lines[-1].startswith("scopecompat: the attention memory has batch size 2 and the state 3."), (
        "the last line does not name the two batch sizes: %s" % lines[-1])
    assert "tile_batch(..., multiple=beam_width)" in lines[-1], "the hint does not say how to tile for beam search"
