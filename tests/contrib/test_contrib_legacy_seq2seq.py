"""tf.contrib.legacy_seq2seq and contrib.rnn's Embedding/InputProjection/OutputProjection wrappers
(scopecompat/_contrib/legacy_seq2seq.py, core_rnn_cell.py).

Their behaviour against TF 1.15.5 and 1.4.1 (variable names and shapes, seeded outputs and losses,
errors) is the conformance family cases/contrib_legacy_seq2seq.json; these tests check how they are
served: through the facade, under the launcher's TF1 import spellings, and as TF1 RNN cells.
"""

import warnings

import pytest

import scopecompat as tf
from conftest import launch, write
from scopecompat._contrib import core_rnn_cell, legacy_seq2seq
from scopecompat._legacy import names as legacy_names

# Every public function of TF 1.15's tf.contrib.legacy_seq2seq.
TF_1_15_FUNCTIONS = (
    "attention_decoder", "basic_rnn_seq2seq", "embedding_attention_decoder", "embedding_attention_seq2seq",
    "embedding_rnn_decoder", "embedding_rnn_seq2seq", "embedding_tied_rnn_seq2seq", "model_with_buckets",
    "one2many_rnn_seq2seq", "rnn_decoder", "sequence_loss", "sequence_loss_by_example", "tied_rnn_seq2seq",
)
WRAPPERS = ("EmbeddingWrapper", "InputProjectionWrapper", "OutputProjectionWrapper")


def contrib(path):
    """tf.contrib.<path> through the facade, without its LegacyNameWarning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        value = tf.contrib
        for part in path.split("."):
            value = getattr(value, part)
        return value


def test_legacy_seq2seq_is_the_rebuilt_module_with_every_tf_1_15_function():
    module = contrib("legacy_seq2seq")
    assert module is legacy_seq2seq, "tf.contrib.legacy_seq2seq is not scopecompat._contrib.legacy_seq2seq"
    missing = [name for name in TF_1_15_FUNCTIONS if not callable(getattr(module, name, None))]
    assert not missing, "tf.contrib.legacy_seq2seq lacks TF 1.15's %s" % missing
    assert sorted(legacy_seq2seq.__all__) == sorted(TF_1_15_FUNCTIONS), (
        "legacy_seq2seq.__all__ is not TF 1.15's list of functions")


@pytest.mark.parametrize("name", WRAPPERS)
def test_wrapper_is_a_rebuilt_tf1_rnn_cell(name):
    row = legacy_names.BY_OLD_NAME.get("contrib.rnn." + name)
    assert row is not None and row.kind == legacy_names.REBUILT, "contrib.rnn.%s is not a REBUILT row" % name
    assert "contrib.rnn." + name not in legacy_names.NOT_PROVIDED_BY_OLD_NAME, (
        "contrib.rnn.%s is still listed as not provided" % name)
    served = contrib("rnn." + name)
    assert served is getattr(core_rnn_cell, name), "tf.contrib.rnn.%s is not core_rnn_cell's class" % name
    assert issubclass(served, tf.nn.rnn_cell.RNNCell), (
        "tf.contrib.rnn.%s is not a tf.nn.rnn_cell.RNNCell (legacy_seq2seq's one2many checks for one)" % name)


def test_the_launcher_serves_legacy_seq2seq_under_tf1_import_spellings(tmp_path):
    write(tmp_path / "model.py", """
        import tensorflow as tf
        from tensorflow.contrib import legacy_seq2seq
        import tensorflow.contrib.legacy_seq2seq as seq2seq
        from tensorflow.contrib.rnn import OutputProjectionWrapper

        logits = tf.constant([[2.0, 0.0], [0.0, 2.0]])
        loss = seq2seq.sequence_loss([logits], [tf.constant([0, 0])], [tf.constant([1.0, 1.0])])
        # With weights 1, the loss is the mean cross-entropy.
        mean = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 0], logits=logits))
        with tf.Session() as sess:
            print(legacy_seq2seq is seq2seq, sess.run(loss) == sess.run(mean), sess.run(loss) > 0)
        print(OutputProjectionWrapper.__name__)
    """)
    result = launch(["model.py"], cwd=tmp_path)
    assert result.returncode == 0, "the TF1 program failed under the launcher:\n%s" % result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines[-2:] == ["True True True", "OutputProjectionWrapper"], (
        "the TF1 program's legacy_seq2seq imports or its loss differ: %s" % lines)
