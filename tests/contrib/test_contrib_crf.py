"""tf.contrib.crf (scopecompat/_contrib/crf.py).

Its values against TF 1.15.5 are the conformance family cases/contrib_crf.json; these tests check that
TF1 programs import it under `scopecompat run`, and that the graph's Viterbi (crf_decode) and the numpy
one (viterbi_decode) agree on inputs no case has.
"""

import importlib
import warnings

import numpy as np

import scopecompat as tf
from conftest import launch, write


def _crf():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.crf


def test_contrib_crf_is_scopecompats_module():
    assert _crf() is importlib.import_module("scopecompat._contrib.crf"), "tf.contrib.crf is not the rebuilt module"


def test_crf_decode_and_viterbi_decode_agree(graph):
    crf = _crf()
    rng = np.random.RandomState(0)
    scores = rng.randn(6, 7, 5).astype(np.float32)
    transitions = rng.randn(5, 5).astype(np.float32)
    lengths = np.array([7, 1, 3, 5, 2, 7], dtype=np.int32)
    tags, best = crf.crf_decode(tf.constant(scores), tf.constant(transitions), tf.constant(lengths))
    with tf.Session() as session:
        tags, best = session.run([tags, best])
    for i, length in enumerate(lengths):
        viterbi, score = crf.viterbi_decode(scores[i, :length], transitions)
        assert list(tags[i, :length]) == list(viterbi), "crf_decode and viterbi_decode differ on sequence %d" % i
        assert abs(best[i] - score) < 1e-5, "the best scores differ on sequence %d" % i


def test_tf1_programs_import_crf_under_scopecompat_run(tmp_path):
    write(tmp_path / "main.py", """\
        import tensorflow as tf
        from tensorflow.contrib import crf
        from tensorflow.contrib.crf import crf_log_likelihood
        print("same:", crf is tf.contrib.crf and crf_log_likelihood is crf.crf_log_likelihood)
        ll, transitions = crf_log_likelihood(tf.ones([2, 3, 4]), tf.zeros([2, 3], tf.int32), tf.constant([3, 2]))
        print("names:", [v.name for v in tf.global_variables()])
        """)
    result = launch(["main.py"], cwd=tmp_path)
    assert result.returncode == 0, "the program failed:\n" + result.stderr[-3000:]
    assert "same: True" in result.stdout, "`from tensorflow.contrib import crf` is another module: " + result.stdout
    assert "names: ['transitions:0']" in result.stdout, "crf_log_likelihood's variable is not TF 1.15's: " + result.stdout
