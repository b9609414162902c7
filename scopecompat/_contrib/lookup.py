"""tf.contrib.lookup: TF's own lookup_ops where TF 1.15's contrib re-exported them, and contrib's own pieces
rebuilt on them.

TF 1.15's contrib/lookup/lookup_ops.py re-exported most of tensorflow/python/ops/lookup_ops.py (the
initializers, hasher specs, IdTableWithHashBuckets, MutableHashTable, index_table_from_file, ...), which TF
2.x still has, most of them without a tf.compat.v1 name (`FROM_LOOKUP_OPS`, served from there: the same
classes). Its own code was a HashTable class and functions whose first argument is `mapping` where
tf.compat.v1's take `vocabulary_list`; those are rebuilt below as TF 1.15 wrote them. TF 2.x's
lookup_ops.HashTable is not contrib's: its third positional argument is `name` where contrib's was
`shared_name`, and it gives every table a random shared name where contrib's shared none.

The legacy table's "contrib.lookup.*" rows point here; conformance family cases/contrib_lookup.json compares
with TF 1.15.5. Imported on first use of one of these names, never at `import scopecompat`.
"""

from tensorflow.python.framework import ops
from tensorflow.python.ops import gen_lookup_ops
from tensorflow.python.ops import lookup_ops

from scopecompat._facade.bootstrap import tf_v1 as tf

# contrib.lookup's name -> lookup_ops' (the same object in TF 1.15).
FROM_LOOKUP_OPS = {name: name for name in (
    "FastHashSpec", "HasherSpec", "IdTableWithHashBuckets", "InitializableLookupTableBase", "KeyValueTensorInitializer",
    "LookupInterface", "MutableHashTable", "StrongHashSpec", "TableInitializerBase", "TextFileIdTableInitializer",
    "TextFileIndex", "TextFileInitializer", "TextFileStringTableInitializer", "index_table_from_file",
    "index_to_string_table_from_file")}
FROM_LOOKUP_OPS["MutableDenseHashTable"] = "DenseHashTable"


def __getattr__(name):
    if name in FROM_LOOKUP_OPS:
        return getattr(lookup_ops, FROM_LOOKUP_OPS[name])
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


class HashTable(lookup_ops.InitializableLookupTableBaseV1):
    """TF 1.15's tf.contrib.lookup.HashTable: an immutable table, filled by its initializer when `init` runs
    (tf.tables_initializer() runs it too); `shared_name` as TF 1.15 (none unless given)."""

    def __init__(self, initializer, default_value, shared_name=None, name=None):
        self._initializer = initializer
        self._default_value = default_value
        self._shared_name = shared_name
        self._name = name or "hash_table"
        self._table_name = None
        super(HashTable, self).__init__(default_value, initializer)
        self._value_shape = self._default_value.get_shape()

    def _create_resource(self):
        table_ref = gen_lookup_ops.hash_table_v2(
            shared_name=self._shared_name, key_dtype=self._initializer.key_dtype,
            value_dtype=self._initializer.value_dtype, name=self._name)
        self._table_name = table_ref.op.name.split("/")[-1]
        return table_ref

    @property
    def init(self):
        return self.initializer

    @property
    def name(self):
        return self._table_name

    def export(self, name=None):
        """The table's keys and values, two tensors."""
        with ops.name_scope(name, "%s_Export" % self.name, [self.resource_handle]) as name:
            keys, values = gen_lookup_ops.lookup_table_export_v2(
                self.resource_handle, self._key_dtype, self._value_dtype, name=name)
        values.set_shape(keys.get_shape().concatenate(self._value_shape))
        return keys, values


def index_table_from_tensor(mapping, num_oov_buckets=0, default_value=-1, hasher_spec=lookup_ops.FastHashSpec,
                            dtype=tf.string, name=None):
    """TF 1.15's contrib version: lookup_ops.index_table_from_tensor with `mapping` as vocabulary_list."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    return lookup_ops.index_table_from_tensor(
        vocabulary_list=mapping, num_oov_buckets=num_oov_buckets, default_value=default_value,
        hasher_spec=hasher_spec, dtype=dtype, name=name)


def index_to_string_table_from_tensor(mapping, default_value="UNK", name=None):
    """TF 1.15's contrib version: lookup_ops.index_to_string_table_from_tensor with `mapping`."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    return lookup_ops.index_to_string_table_from_tensor(vocabulary_list=mapping, default_value=default_value,
                                                        name=name)


def string_to_index_table_from_file(vocabulary_file=None, num_oov_buckets=0, vocab_size=None, default_value=-1,
                                    hasher_spec=lookup_ops.FastHashSpec, name=None):
    """TF 1.15's deprecated name of index_table_from_file for string keys."""
    return lookup_ops.index_table_from_file(vocabulary_file, num_oov_buckets, vocab_size, default_value,
                                            hasher_spec, key_dtype=tf.string, name=name)


def string_to_index_table_from_tensor(mapping, num_oov_buckets=0, default_value=-1,
                                      hasher_spec=lookup_ops.FastHashSpec, name=None):
    """TF 1.15's deprecated name of index_table_from_tensor for a string mapping."""
    with ops.name_scope(name, "string_to_index") as scope:
        mapping = ops.convert_to_tensor(mapping)
    if tf.string != mapping.dtype.base_dtype:
        raise ValueError("string_to_index_table_from_tensor requires string.")
    return index_table_from_tensor(mapping, num_oov_buckets, default_value, hasher_spec, name=scope)


def string_to_index(tensor, mapping, default_value=-1, name=None):
    """TF 1.15's deprecated one-call lookup: index_table_from_tensor(mapping).lookup(tensor)."""
    table = index_table_from_tensor(mapping=mapping, default_value=default_value, name=name)
    return table.lookup(tensor)


def index_to_string(tensor, mapping, default_value="UNK", name=None):
    """TF 1.15's deprecated one-call lookup: index_to_string_table_from_tensor(mapping).lookup(tensor)."""
    table = index_to_string_table_from_tensor(mapping=mapping, default_value=default_value, name=name)
    return table.lookup(tensor)
