"""tf.contrib.learn's rebuilt pieces (scopecompat/_contrib/learn.py). Their behaviour against TF 1.15.5 is the
conformance family cases/contrib_learn.json; here: files written by TF 1.15's own VocabularyProcessor.save."""

import json
import os
import shutil
import subprocess
import warnings

import pytest

import scopecompat as tf
from conftest import REPO

WRITTEN_BY = os.path.join(REPO, "tests", "data", "vocabulary", "tf-1.15.5")
RECORDER = os.path.join(REPO, "tests", "data", "vocabulary", "write_vocabulary.py")
TF1_PYTHON = os.environ.get("SCOPECOMPAT_TF1_PYTHON")


@pytest.fixture(scope="module")
def preprocessing():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.learn.preprocessing


def test_a_vocabulary_saved_by_tf_1_15_restores_with_its_ids(preprocessing, tmp_path):
    with open(os.path.join(WRITTEN_BY, "values.json")) as f:
        expected = json.load(f)
    copy = tmp_path / "vocabulary"  # restore reads through tf.gfile, as TF's did
    shutil.copy(os.path.join(WRITTEN_BY, "vocabulary"), copy)
    processor = preprocessing.VocabularyProcessor.restore(str(copy))
    assert isinstance(processor, preprocessing.VocabularyProcessor), (
        "restore of TF 1.15's file gave a %s" % type(processor).__name__)
    ids = [row.tolist() for row in processor.transform(expected["documents"])]
    assert ids == expected["ids"], "word ids differ from TF 1.15's for its own saved vocabulary"
    assert list(processor.reverse(ids)) == expected["reverse"], "reverse differs from TF 1.15's"
    assert len(processor.vocabulary_) == expected["vocabulary_size"], "vocabulary size differs from TF 1.15's"


def test_a_restored_tf_1_15_vocabulary_keeps_fitting_with_tf_1_15s_tokenizer(preprocessing, tmp_path):
    copy = tmp_path / "vocabulary"
    shutil.copy(os.path.join(WRITTEN_BY, "vocabulary"), copy)
    processor = preprocessing.VocabularyProcessor.restore(str(copy))
    assert processor._tokenizer is preprocessing.tokenizer, (
        "TF 1.15's pickled tokenizer should restore as scopecompat's tokenizer, not fail or stay TF's")


def _fitted_as_the_recorder_fits(preprocessing):
    """The processor write_vocabulary.py fits and saves with TF 1.15.5."""
    with open(os.path.join(WRITTEN_BY, "values.json")) as f:
        documents = json.load(f)["documents"]
    processor = preprocessing.VocabularyProcessor(5, min_frequency=0)
    processor.fit(documents[:3])
    return processor


def test_save_writes_the_bytes_tf_1_15s_save_wrote(preprocessing, tmp_path):
    """TF 1.15's restore unpickles by module path: our save names TF 1.15's classes and tokenizer, and for
    the same processor writes exactly the file TF 1.15.5's own save wrote."""
    _fitted_as_the_recorder_fits(preprocessing).save(str(tmp_path / "vocabulary"))
    with open(os.path.join(WRITTEN_BY, "vocabulary"), "rb") as theirs:
        assert (tmp_path / "vocabulary").read_bytes() == theirs.read(), (
            "scopecompat's save should write TF 1.15.5's pickle byte for byte (its module paths, protocol 3)")


def test_a_vocabulary_saved_here_restores_here(preprocessing, tmp_path):
    processor = _fitted_as_the_recorder_fits(preprocessing)
    processor.save(str(tmp_path / "vocabulary"))
    restored = preprocessing.VocabularyProcessor.restore(str(tmp_path / "vocabulary"))
    documents = ["pizza like NASA", "unknown"]
    assert [r.tolist() for r in restored.transform(documents)] == [
        r.tolist() for r in processor.transform(documents)], "a save/restore round trip here changed the ids"
    assert restored._tokenizer is preprocessing.tokenizer, "the saved tokenizer should restore as ours"


@pytest.mark.skipif(not TF1_PYTHON, reason="set SCOPECOMPAT_TF1_PYTHON to a TF 1.15.5 interpreter to run live")
def test_a_vocabulary_saved_here_restores_in_tf_1_15(preprocessing, tmp_path):
    processor = _fitted_as_the_recorder_fits(preprocessing)
    processor.vocabulary_.trim(0)  # other ids than the recorded file's, so that TF must read ours
    processor.save(str(tmp_path / "vocabulary"))
    environ = {k: v for k, v in os.environ.items() if k != "TF2_BEHAVIOR"}  # TF 1.15 would run eagerly
    result = subprocess.run([TF1_PYTHON, RECORDER, "--read", str(tmp_path / "vocabulary")], capture_output=True,
                            text=True, env=dict(environ, TF_CPP_MIN_LOG_LEVEL="3"), timeout=600)
    assert result.returncode == 0, "TF 1.15.5 could not restore scopecompat's file:\n" + result.stderr[-3000:]
    theirs = json.loads(result.stdout.strip().splitlines()[-1])
    ids = [row.tolist() for row in processor.transform(theirs["documents"])]
    assert theirs["type"].startswith("tensorflow.contrib.learn"), "TF 1.15 should restore its own class"
    assert theirs["ids"] == ids, "TF 1.15.5 reads other word ids from scopecompat's file"
    assert theirs["vocabulary_size"] == len(processor.vocabulary_), "TF 1.15.5 reads another vocabulary size"


@pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")
def test_an_estimator_trains_with_a_contrib_run_config(tmp_path):
    """The classic script passes tf.contrib.learn.RunConfig to tf.estimator.Estimator: it trains and saves
    its checkpoints where and as often as the config says (newer Estimators also read the config's
    checkpoint_save_graph_def, which TF 1.15's contrib RunConfig lacked)."""
    def model_fn(features, labels, mode):
        w = tf.get_variable("w", [1], initializer=tf.zeros_initializer())
        loss = tf.reduce_mean(tf.square(features * w - labels))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=tf.train.get_global_step())
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train)

    def input_fn():
        return tf.data.Dataset.from_tensors(([1.0, 2.0], [2.0, 4.0])).repeat()

    def checkpointed_steps(config_class, model_dir):
        config = config_class(model_dir=model_dir, save_checkpoints_steps=2, keep_checkpoint_max=10, tf_random_seed=3)
        estimator = tf.estimator.Estimator(model_fn, config=config)
        estimator.train(input_fn, steps=4)
        assert estimator.model_dir == model_dir, "the Estimator should use the config's model_dir"
        return sorted(int(path.split("-")[-1])
                      for path in tf.train.get_checkpoint_state(model_dir).all_model_checkpoint_paths)

    steps = checkpointed_steps(tf.contrib.learn.RunConfig, str(tmp_path / "contrib"))
    core_steps = checkpointed_steps(tf.estimator.RunConfig, str(tmp_path / "core"))
    assert steps == core_steps and steps[-1] == 4, (
        "checkpoints every 2 of 4 steps, as with tf.estimator.RunConfig: %s, %s" % (steps, core_steps))
