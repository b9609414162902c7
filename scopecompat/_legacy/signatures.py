"""Old TF 0.12 signatures: the adapter rows of the legacy table (scopecompat/_legacy/names.py), which map an
old call onto its TF 1.x successor, and the overrides (scopecompat/_facade/overrides.py) of tf.compat.v1
functions that TF 2.x would silently run with TF 0.12's arguments misread, which refuse such a call.

Imported on first use of one of these names, never at `import scopecompat`.
"""

import functools

import numpy

from scopecompat._facade.bootstrap import tf_v1 as tf

# -- TF 0.12 signatures ------------------------------------------------------------------------------


def batch_matmul(x, y, adj_x=False, adj_y=False, name=None):
    """TF 0.12 `tf.batch_matmul`: `tf.matmul(x, y, adjoint_a=adj_x, adjoint_b=adj_y)`."""
    return tf.matmul(x, y, adjoint_a=adj_x, adjoint_b=adj_y, name=name)


# TF 0.12's summary functions (and TF 1.x's tf.contrib.deprecated, the same functions) wrote the tag
# exactly as given: no name-scope prefix, no character replacement, and `tags` could be a tensor of
# tags, one per value. tf.summary.* (TF >= 1.0) derives the tag from the op name instead, so
# `tf.summary.scalar("loss (x)", v)` in name scope "train" writes "train/loss__x_". TF's raw summary
# ops take the tag as data, as TF 0.12's functions did: they are called here with TF 0.12's op scope
# and collections (tensorflow/python/ops/logging_ops.py of TF 0.12.1 and 1.15.5).


def _summary(default_name, values, name, collections, make):
    with tf.name_scope(name, default_name, values) as scope:
        summary = make(scope)
        for key in [tf.GraphKeys.SUMMARIES] if collections is None else collections:
            tf.add_to_collection(key, summary)
    return summary


def scalar_summary(tags, values, collections=None, name=None):
    """TF 0.12 `tf.scalar_summary`: one simple value per tag, tags written as given."""
    return _summary("ScalarSummary", [tags, values], name, collections,
                    lambda scope: tf.raw_ops.ScalarSummary(tags=tags, values=values, name=scope))


def histogram_summary(tag, values, collections=None, name=None):
    """TF 0.12 `tf.histogram_summary`: the tag written as given."""
    return _summary("HistogramSummary", [tag, values], name, collections,
                    lambda scope: tf.raw_ops.HistogramSummary(tag=tag, values=values, name=scope))


def image_summary(tag, tensor, max_images=3, collections=None, name=None):
    """TF 0.12 `tf.image_summary`: tags '<tag>/image/<i>' ('<tag>/image' for max_images=1)."""
    return _summary("ImageSummary", [tag, tensor], name, collections,
                    lambda scope: tf.raw_ops.ImageSummary(tag=tag, tensor=tensor, max_images=max_images, name=scope))


def audio_summary(tag, tensor, sample_rate, max_outputs=3, collections=None, name=None):
    """TF 0.12 `tf.audio_summary`: tags '<tag>/audio/<i>' ('<tag>/audio' for max_outputs=1)."""
    def make(scope):
        rate = tf.convert_to_tensor(sample_rate, dtype=tf.float32, name="sample_rate")
        return tf.raw_ops.AudioSummaryV2(tag=tag, tensor=tensor, sample_rate=rate, max_outputs=max_outputs,
                                         name=scope)

    return _summary("AudioSummary", [tag, tensor], name, collections, make)


# -- TF 1.x functions whose TF 0.12 call TF 2.x would misread ----------------------------------------

# TF 0.12 took these cross entropies' arguments as (logits, labels); TF 1.x made them keyword-only
# (a `_sentinel` first parameter rejected positional calls), and TF 2.x's tf.compat.v1 dropped the
# sentinel, so there `f(logits, labels)` silently means f(labels=logits, logits=labels). A positional
# call may be TF 0.12 code or TF 2-era code in the new order: the two cannot be told apart, so it raises
# TF 1.x's ValueError. A first positional None is TF 1.x's sentinel itself, which TF 1.x accepted: it
# passes. The keyword call costs one extra Python call (these are overrides: scopecompat/_facade/overrides.py).


def _keywords_only(function, old_order):
    first_line = "Only call `%s` with named arguments (labels=..., logits=..., ...)" % function.__name__
    hint = (
        "\nscopecompat: TF 0.12 took positional arguments as (%s); TF 1.x refused positional calls, and "
        "TF 2.x's tf.compat.v1 would read them as (labels, logits), computing with the two swapped. Pass both "
        "by keyword: tf.nn.%s(labels=..., logits=...)." % (old_order, function.__name__)
    )

    @functools.wraps(function)
    def keywords_only(*args, **kwargs):
        if args and args[0] is None:
            # TF 1.x's own `_sentinel=None` passed by position: the rest is TF 1.x's (labels, logits, ...),
            # which is TF 2.x's signature, as TF 1.x accepted it.
            return function(*args[1:], **kwargs)
        if args:
            raise ValueError(first_line + hint)
        return function(**kwargs)

    return keywords_only


softmax_cross_entropy_with_logits = _keywords_only(tf.nn.softmax_cross_entropy_with_logits, "logits, labels")
sparse_softmax_cross_entropy_with_logits = _keywords_only(
    tf.nn.sparse_softmax_cross_entropy_with_logits, "logits, labels")
sigmoid_cross_entropy_with_logits = _keywords_only(tf.nn.sigmoid_cross_entropy_with_logits, "logits, targets")


def _is_boolean_mask(axis):
    if isinstance(axis, numpy.ndarray):
        return axis.dtype == numpy.bool_
    if isinstance(axis, (list, tuple)):
        return any(isinstance(item, (bool, numpy.bool_)) for item in axis)
    return isinstance(axis, (bool, numpy.bool_))


# TF 0.12's tf.reverse(tensor, dims) took a boolean mask; TF >= 1.0's tf.reverse(tensor, axis) takes
# indices and converts Python and NumPy booleans to them, so TF 0.12's reverse(x, [True, False]) reverses
# axes 1 and 0 instead of axis 0. A boolean axis has no other use, so it is refused (an override).
_tf_reverse = tf.reverse


@functools.wraps(_tf_reverse)
def reverse(tensor, axis, name=None):
    if _is_boolean_mask(axis):
        raise TypeError(
            "tf.reverse got the boolean mask %r as axis. TF 0.12's tf.reverse(tensor, dims) took a mask of the "
            "dimensions to reverse; since TF 1.0 it takes their indices (TF would read True as axis 1 and False "
            "as axis 0). Pass the indices: tf.reverse(tensor, axis=%r)."
            % (axis, [i for i, flag in enumerate(numpy.ravel(axis)) if flag])
        )
    return _tf_reverse(tensor, axis, name=name)
