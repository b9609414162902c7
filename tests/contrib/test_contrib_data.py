"""tf.contrib.data (scopecompat/_contrib/data.py and the legacy table's renames). Elements and shapes against
TF 1.15.5 are the conformance family cases/contrib_data.json; here: the renames are tf.data.experimental's own
functions, and the three rebuilt transformations build the dataset ops TF 1.15's one-liners built."""

import warnings

import pytest
import tensorflow

import scopecompat as tf

# The LegacyNameWarning of each contrib name is tests/legacy/test_legacy_names.py's business.
pytestmark = pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")


@pytest.fixture(scope="module")
def contrib_data():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.data


@pytest.mark.parametrize("name", ["map_and_batch", "parallel_interleave", "group_by_window", "shuffle_and_repeat",
                                  "bucket_by_sequence_length", "AUTOTUNE"])
def test_the_renames_are_tf_data_experimentals_own(contrib_data, name):
    assert getattr(contrib_data, name) is getattr(tensorflow.compat.v1.data.experimental, name), (
        "tf.contrib.data.%s should be tf.data.experimental's" % name)


def _dataset_ops(build):
    with tf.Graph().as_default() as graph:
        build()
    return [op.type for op in graph.get_operations() if "Dataset" in op.type]


@pytest.mark.parametrize("rebuilt, as_tf_1_15_wrote_it", [
    (lambda d: d.apply(tf.contrib.data.batch_and_drop_remainder(3)), lambda d: d.batch(3, drop_remainder=True)),
    (lambda d: d.map(lambda x: tf.fill([x], x)).apply(tf.contrib.data.padded_batch_and_drop_remainder(2, [None])),
     lambda d: d.map(lambda x: tf.fill([x], x)).padded_batch(2, [None], drop_remainder=True)),
    (lambda d: d.apply(tf.contrib.data.sloppy_interleave(lambda x: tf.data.Dataset.range(x), cycle_length=2)),
     lambda d: d.apply(tf.data.experimental.parallel_interleave(lambda x: tf.data.Dataset.range(x), 2, sloppy=True))),
], ids=["batch_and_drop_remainder", "padded_batch_and_drop_remainder", "sloppy_interleave"])
@pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")
def test_rebuilt_transformations_build_the_ops_of_tf_1_15s_one_liners(rebuilt, as_tf_1_15_wrote_it):
    ours = _dataset_ops(lambda: rebuilt(tf.data.Dataset.range(1, 6)))
    theirs = _dataset_ops(lambda: as_tf_1_15_wrote_it(tf.data.Dataset.range(1, 6)))
    assert ours == theirs and len(ours) >= 2, "dataset ops differ: %s vs %s" % (ours, theirs)


@pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")
def test_batch_and_drop_remainder_gives_a_static_batch_dimension():
    dataset = tf.data.Dataset.range(7).apply(tf.contrib.data.batch_and_drop_remainder(3))
    assert dataset.output_shapes.as_list() == [3], "the batch dimension should be static, as TF 1.15's docstring says"
