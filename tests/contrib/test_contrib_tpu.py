"""tf.contrib.tpu on CPU and tf.contrib.cluster_resolver (scopecompat/_contrib/tpu.py, the legacy table's rows).
Training, evaluation, prediction and export against TF 1.15.5 are the conformance family cases/contrib_tpu.json
and the corpus program 24_tpu_estimator_bert_cpu; here: the objects are TF's own, and a TPU-only run on a
machine without a TPU fails as TF 1.15 did, says what runs instead, and leaves model_dir as it was."""

import os
import warnings

import pytest
import tensorflow

import scopecompat as tf

# The LegacyNameWarning of each contrib name is tests/legacy/test_legacy_names.py's business.
pytestmark = pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")


@pytest.fixture(scope="module")
def contrib_tpu():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.tpu


@pytest.mark.parametrize("name", ["TPUEstimator", "TPUEstimatorSpec", "RunConfig", "TPUConfig", "InputPipelineConfig"])
def test_the_estimator_pieces_are_tf_estimator_tpus_own_objects(contrib_tpu, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        estimator_tpu = tf.estimator.tpu
    assert getattr(contrib_tpu, name) is getattr(estimator_tpu, name), (
        "tf.contrib.tpu.%s should be tf.estimator.tpu's object, as in TF 1.15" % name)


def test_export_estimator_savedmodel_is_tpu_estimators_own_function(contrib_tpu):
    function = contrib_tpu.export_estimator_savedmodel
    assert function.__module__ == "tensorflow_estimator.python.estimator.tpu.tpu_estimator", (
        "export_estimator_savedmodel should be tensorflow-estimator's function, not %s" % function.__module__)


def test_the_tpu_functions_are_tf_tpus(contrib_tpu):
    assert contrib_tpu.CrossShardOptimizer is tensorflow.compat.v1.tpu.CrossShardOptimizer, (
        "tf.contrib.tpu.CrossShardOptimizer should be tf.tpu's")
    assert contrib_tpu.bfloat16_scope is tensorflow.compat.v1.tpu.bfloat16_scope, "bfloat16_scope should be tf.tpu's"


def test_cluster_resolvers_are_tf_distributes():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        resolvers = tf.contrib.cluster_resolver
    assert resolvers.TPUClusterResolver is tensorflow.distribute.cluster_resolver.TPUClusterResolver, (
        "TPUClusterResolver should be tf.distribute.cluster_resolver's")
    assert resolvers.UnionClusterResolver is tensorflow.distribute.cluster_resolver.UnionResolver, (
        "UnionClusterResolver should be tf.distribute.cluster_resolver.UnionResolver")


def _model_fn(features, labels, mode, params):
    logits = tf.layers.dense(features, 2)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, tf.train.get_global_step())
    return tf.contrib.tpu.TPUEstimatorSpec(mode, loss=loss, train_op=train_op)


def _input_fn(params):
    return tf.data.Dataset.from_tensors((tf.ones([3]), 1)).repeat().batch(params["batch_size"], drop_remainder=True)


def _listing(folder):
    return sorted((name, os.path.getmtime(os.path.join(folder, name))) for name in os.listdir(folder))


@pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")
def test_use_tpu_without_a_tpu_raises_tf_1_15s_error_says_what_runs_instead_and_leaves_model_dir(tmp_path):
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    (model_dir / "notes.txt").write_text("kept")
    before = _listing(str(model_dir))
    config = tf.contrib.tpu.RunConfig(model_dir=str(model_dir), tpu_config=tf.contrib.tpu.TPUConfig(iterations_per_loop=2))
    estimator = tf.contrib.tpu.TPUEstimator(model_fn=_model_fn, config=config, use_tpu=True, train_batch_size=8)
    with pytest.raises(RuntimeError) as raised:
        estimator.train(_input_fn, max_steps=2)
    lines = str(raised.value).splitlines()
    assert lines[0].startswith("Cannot find any TPU cores in the system. Please double check Tensorflow master "
                               "address and TPU worker(s)."), "the first line should be TF 1.15's: %s" % lines[0]
    assert "use_tpu=False" in lines[-1] and "CPU" in lines[-1], (
        "the error should end saying what runs instead: %s" % lines[-1])
    assert _listing(str(model_dir)) == before, "a refused TPU run should leave model_dir as it was"


@pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")
def test_use_tpu_false_trains_on_cpu_and_writes_its_checkpoint(tmp_path):
    config = tf.contrib.tpu.RunConfig(model_dir=str(tmp_path), tf_random_seed=1)
    estimator = tf.contrib.tpu.TPUEstimator(model_fn=_model_fn, config=config, use_tpu=False, train_batch_size=4)
    estimator.train(_input_fn, max_steps=3)
    assert estimator.get_variable_value("global_step") == 3, "training on CPU should take the 3 steps asked for"
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-3"), "the last checkpoint should be step 3"
