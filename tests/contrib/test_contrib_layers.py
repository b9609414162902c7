"""tf.contrib.layers.batch_norm served from tf-slim (scopecompat/_contrib/tf_slim.py).

Its behaviour against TF 1.15.5 is in the conformance cases (cases/contrib_batch_norm.json); these
tests check the way it is served: only the listed references change, and a missing tf-slim says how
to install it.
"""

import subprocess
import sys
import textwrap
import warnings

import pytest

import scopecompat as tf
from scopecompat._contrib import tf_slim
from scopecompat._legacy import names as legacy_names


def run_python(code):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env={"TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"}, timeout=300)


@pytest.fixture(scope="module")
def batch_norm():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.layers.batch_norm


def test_batch_norm_is_tf_slims_own_function(batch_norm):
    package = tf_slim.load()
    assert batch_norm is package.batch_norm, "contrib.layers.batch_norm is not tf-slim's batch_norm by identity"


@pytest.mark.parametrize("row", tf_slim.MOVED, ids=lambda row: "%s.%s" % row[:2])
def test_every_moved_reference_reaches_what_scopecompat_serves(row, batch_norm):
    module_name, global_name, attribute, now, reason = row
    assert reason.strip(), "a MOVED row needs its reason"
    seen = getattr(getattr(sys.modules[module_name], global_name), attribute)
    assert seen is getattr(now(), attribute, now()), (
        "%s.%s.%s is not what the row says it now is" % (module_name, global_name, attribute))


def test_the_tf_layers_batch_norm_class_is_the_one_scopecompat_tf_layers_serves(batch_norm):
    normalization = sys.modules["tf_slim.layers.layers"].normalization_layers
    assert normalization.BatchNormalization is tf.layers.BatchNormalization, (
        "tf-slim's 4-D path builds another BatchNormalization than scopecompat's tf.layers")


def test_tf_modules_are_left_alone():
    from tensorflow.python.framework import ops
    from tensorflow.python.ops import control_flow_ops

    tf_slim.load()
    assert "Tensor" not in vars(ops) or vars(ops)["Tensor"] is tf.Tensor, "TF's ops module was patched"
    assert not hasattr(control_flow_ops, "cond") or control_flow_ops.cond is tf.cond, (
        "TF's control_flow_ops module was patched")


def test_missing_tf_slim_names_the_package_and_the_pip_command():
    result = run_python("""
        import sys, warnings
        sys.modules["tf_slim"] = None  # as if tf-slim were not installed
        import scopecompat as tf
        warnings.simplefilter("ignore")
        try:
            tf.contrib.layers.batch_norm(tf.zeros([4, 3]))
        except ModuleNotFoundError as error:
            print("raised:", error)
    """)
    assert "raised:" in result.stdout, "no ModuleNotFoundError without tf-slim:\n" + result.stdout + result.stderr[-3000:]
    assert "tf-slim" in result.stdout and "pip install 'tf-slim==1.1.0'" in result.stdout, (
        "the error does not name the package and its pip command: " + result.stdout)


def test_is_training_placeholder_trains_then_infers_without_updating(batch_norm):
    # TF 1.15's values for this graph are in the conformance golden (contrib-batch-norm-2d-is-training-tensor);
    # here a real tf.placeholder is fed both ways in one session.
    graph = tf.Graph()
    with graph.as_default():
        x = tf.pow(tf.reshape(tf.range(12, dtype=tf.float32), [4, 3]), 1.5) / 10.0
        training = tf.placeholder(tf.bool, [])
        y = batch_norm(x, scale=True, is_training=training)
        updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
        moving_mean = [v for v in tf.global_variables() if v.op.name == "BatchNorm/moving_mean"][0]
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            session.run([y] + updates, {training: False})
            unchanged = session.run(moving_mean)
            session.run([y] + updates, {training: True})
            trained = session.run(moving_mean)
    assert len(updates) == 2, "the two moving-average updates are not in UPDATE_OPS: %s" % updates
    assert not unchanged.any(), "running the updates with is_training False moved the mean: %s" % unchanged
    assert trained.all(), "running the updates with is_training True did not move the mean: %s" % trained


# (embed_sequence is rebuilt: tf-slim lacks contrib's encoders; cases/contrib_layers_rest.json compares it.)
LAYERS_ROWS = [row for row in legacy_names.RENAMED
               if row.old.startswith("contrib.layers.") and not row.note.startswith("Rebuilt")]


@pytest.mark.parametrize("row", LAYERS_ROWS, ids=lambda row: row.old)
def test_every_contrib_layers_name_is_tf_slims_own(row):
    # tf-slim's functions equal TF 1.15 on cases/contrib_layers.json, where a rewrite did not.
    name = row.old.rsplit(".", 1)[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        served = getattr(tf.contrib.layers, name)
    assert served is getattr(tf_slim.load(), name), "tf.contrib.layers.%s is not tf-slim's by identity" % name
