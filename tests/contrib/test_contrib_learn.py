"""tf.contrib.learn's rebuilt pieces (scopecompat/_contrib/learn.py). Their behaviour against TF 1.15.5 is the
conformance family cases/contrib_learn.json; here: files written by TF 1.15's own VocabularyProcessor.save."""

import json
import os
import shutil
import warnings

import pytest

import scopecompat as tf
from conftest import REPO

WRITTEN_BY = os.path.join(REPO, "tests", "data", "vocabulary", "tf-1.15.5")


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
