"""tf.contrib.data's transformations that TF 2.x dropped without a tf.data.experimental name, rebuilt.

TF 1.15's tf.contrib.data names were deprecated wrappers of tf.data.experimental (map_and_batch,
parallel_interleave, group_by_window, ...): those are renames in the legacy table, onto the functions
tf.compat.v1.data.experimental still has. The three below had no tf.data.experimental name by TF 1.15; each
was a one-line transformation on tf.data.Dataset, rebuilt here the way TF 1.15 wrote it
(contrib/data/python/ops/batching.py and interleave_ops.py), so the dataset ops are TF 1.15's.
"""

from scopecompat._facade.bootstrap import tf_v1 as tf


def batch_and_drop_remainder(batch_size):
    """TF 1.15's tf.contrib.data.batch_and_drop_remainder: Dataset.batch(batch_size, drop_remainder=True)."""

    def _apply_fn(dataset):
        return dataset.batch(batch_size, drop_remainder=True)

    return _apply_fn


def padded_batch_and_drop_remainder(batch_size, padded_shapes, padding_values=None):
    """TF 1.15's tf.contrib.data.padded_batch_and_drop_remainder: Dataset.padded_batch(..., drop_remainder=True)."""

    def _apply_fn(dataset):
        return dataset.padded_batch(batch_size, padded_shapes=padded_shapes, padding_values=padding_values,
                                    drop_remainder=True)

    return _apply_fn


def sloppy_interleave(map_func, cycle_length, block_length=1):
    """TF 1.15's tf.contrib.data.sloppy_interleave: parallel_interleave with sloppy=True."""
    return tf.data.experimental.parallel_interleave(map_func, cycle_length=cycle_length,
                                                    block_length=block_length, sloppy=True)
