"""tf.contrib.lookup (scopecompat/_contrib/lookup.py). Values and op names against TF 1.15.5 are the
conformance family cases/contrib_lookup.json; here: what the rebuilt HashTable keeps of contrib's signature,
where TF 2.x's lookup_ops.HashTable would silently read it otherwise."""

import warnings

import pytest
from tensorflow.python.ops import lookup_ops

import scopecompat as tf

# The LegacyNameWarning of each contrib name is tests/legacy/test_legacy_names.py's business.
pytestmark = pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")


@pytest.fixture(scope="module")
def contrib_lookup():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.lookup


def test_a_third_positional_argument_is_the_shared_name_as_in_contrib(contrib_lookup, graph):
    table = contrib_lookup.HashTable(contrib_lookup.KeyValueTensorInitializer(["a"], [1]), -1, "shared_vocab")
    handle = graph.get_operation_by_name(table.resource_handle.op.name)
    assert handle.get_attr("shared_name") == b"shared_vocab", "the third argument should be shared_name"
    assert table.name == "hash_table", "the table keeps contrib's default name: %s" % table.name
    tf_2s = lookup_ops.HashTable(contrib_lookup.KeyValueTensorInitializer(["a"], [1]), -1, "shared_vocab")
    assert tf_2s.name != "hash_table", "TF 2.x's lookup_ops.HashTable reads it as the name (why contrib's is rebuilt)"


def test_without_a_shared_name_the_table_shares_none_as_in_tf_1_15(contrib_lookup, graph):
    table = contrib_lookup.HashTable(contrib_lookup.KeyValueTensorInitializer(["a"], [1]), -1)
    handle = graph.get_operation_by_name(table.resource_handle.op.name)
    assert handle.get_attr("shared_name") == b"", "TF 1.15's contrib HashTable shared nothing unless asked"


def test_the_re_exported_classes_are_lookup_ops_own(contrib_lookup):
    assert contrib_lookup.IdTableWithHashBuckets is lookup_ops.IdTableWithHashBuckets, "should be lookup_ops'"
    assert contrib_lookup.MutableDenseHashTable is lookup_ops.DenseHashTable, "should be lookup_ops.DenseHashTable"


def test_a_mapping_of_none_raises_contribs_error(contrib_lookup, graph):
    with pytest.raises(ValueError, match="mapping must be specified"):
        contrib_lookup.index_table_from_tensor(None)
