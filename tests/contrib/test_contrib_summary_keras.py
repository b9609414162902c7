"""tf.contrib.summary (scopecompat/_contrib/summary.py) and tf.contrib.keras's optimizers
(scopecompat/_contrib/keras.py). Events and models against TF 1.15.5 are the conformance families
cases/contrib_summary.json and contrib_keras.json; here: which objects they are."""

import warnings

import pytest
from tensorflow.python.ops import summary_ops_v2

import scopecompat as tf

# The LegacyNameWarning of each contrib name is tests/legacy/test_legacy_names.py's business.
pytestmark = pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")


@pytest.fixture(scope="module")
def contrib():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib


@pytest.mark.parametrize("name, in_summary_ops_v2", [
    ("scalar", "scalar"), ("create_file_writer", "create_file_writer"), ("all_summary_ops", "all_v2_summary_ops"),
    ("should_record_summaries", "_legacy_contrib_should_record_summaries"), ("graph", "graph_v1"),
    ("record_summaries_every_n_global_steps", "record_summaries_every_n_global_steps")])
def test_contrib_summary_is_tfs_summary_ops_v2(contrib, name, in_summary_ops_v2):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        value = getattr(contrib.summary, name)
    assert value is getattr(summary_ops_v2, in_summary_ops_v2), (
        "tf.contrib.summary.%s should be summary_ops_v2.%s" % (name, in_summary_ops_v2))


def test_contrib_keras_optimizers_are_kerass_first_ones_where_tf_keras_has_optimizer_v2(contrib):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        optimizers = contrib.keras.optimizers
        layers = contrib.keras.layers
    assert type(optimizers.SGD).__name__ == "type" and optimizers.SGD.__module__.endswith("optimizer_v1"), (
        "tf.contrib.keras.optimizers.SGD should be Keras's first SGD (optimizer_v1): %s" % optimizers.SGD.__module__)
    assert optimizers.SGD is not tf.keras.optimizers.SGD, "tf.keras.optimizers.SGD is OptimizerV2, not contrib's"
    assert optimizers.get is tf.keras.optimizers.get, "get should be tf.keras's, as in TF 1.15"
    assert layers is tf.keras.layers, "tf.contrib.keras.layers should be tf.keras.layers"
