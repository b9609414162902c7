"""Implementations behind the legacy-name rows that are not a plain rename (see _legacy_names.py).

- adapters: old TF 0.12 signatures mapped onto their TF 1.x successors, and the overrides
  (_overrides.py) of tf.compat.v1 functions that TF 2.x would silently run with TF 0.12's arguments
  misread;
- tf.contrib.layers: the functions the 2016-2018 tutorials use, rebuilt from tf.compat.v1 ops with
  contrib's defaults and variable names (contrib itself is gone from TF 2.x); batch_norm is
  contrib's own code, from the tf-slim package (scopecompat/_tf_slim_compat.py);
- tf.examples.tutorials.mnist.input_data: the module scopecompat._mnist.

Imported on first use of one of these names, never at `import scopecompat`.
"""

import functools
import numbers

import numpy

from scopecompat import _mnist as mnist_input_data  # noqa: F401  (a legacy-name target)
from scopecompat._diagnostics import hooks
from scopecompat._bootstrap import tf_v1 as tf

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
# TF 1.x's ValueError. The keyword call costs one extra Python call (these are overrides: _overrides.py).


def _keywords_only(function, old_order):
    first_line = "Only call `%s` with named arguments (labels=..., logits=..., ...)" % function.__name__
    hint = (
        "\nscopecompat: TF 0.12 took positional arguments as (%s); TF 1.x refused positional calls, and "
        "TF 2.x's tf.compat.v1 would read them as (labels, logits), computing with the two swapped. Pass both "
        "by keyword: tf.nn.%s(labels=..., logits=...)." % (old_order, function.__name__)
    )

    @functools.wraps(function)
    def keywords_only(*args, **kwargs):
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


# -- tf.contrib.layers: initializers and regularizers ------------------------------------------------

# tf.truncated_normal's stddev correction that tf.variance_scaling_initializer applies and
# contrib's variance_scaling_initializer folded into its 1.3 factor instead.
_TRUNCATED_NORMAL_STDDEV_FACTOR = 0.87962566103423978


def variance_scaling_initializer(factor=2.0, mode="FAN_IN", uniform=False, seed=None, dtype=tf.float32):
    """contrib's initializer: uniform limit sqrt(3 * factor / n), or a truncated normal of stddev
    sqrt(1.3 * factor / n), n being fan_in, fan_out or their mean."""
    if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
        raise TypeError("Unknown mode %s [FAN_IN, FAN_OUT, FAN_AVG]" % (mode,))
    if uniform:
        scale, distribution = factor, "uniform"
    else:
        scale = 1.3 * factor * _TRUNCATED_NORMAL_STDDEV_FACTOR ** 2
        distribution = "truncated_normal"
    return tf.variance_scaling_initializer(
        scale=scale, mode=mode.lower(), distribution=distribution, seed=seed, dtype=dtype
    )


def xavier_initializer(uniform=True, seed=None, dtype=tf.float32):
    """contrib's Glorot initializer (variance scaling with factor 1 over the mean fan)."""
    return variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=uniform, seed=seed, dtype=dtype)


xavier_initializer_conv2d = xavier_initializer


def _check_scale(scale):
    if isinstance(scale, numbers.Integral):
        raise ValueError("scale cannot be an integer: %s" % (scale,))
    if isinstance(scale, numbers.Real) and scale < 0.0:
        raise ValueError("Setting a scale less than 0 on a regularizer: %g" % scale)


def l1_regularizer(scale, scope=None):
    """`weights -> scale * sum(|weights|)` (None for scale 0, like contrib)."""
    _check_scale(scale)
    if scale == 0.0:
        return lambda _: None

    def l1(weights):
        with tf.name_scope(scope, "l1_regularizer", [weights]) as name:
            my_scale = tf.convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return tf.multiply(my_scale, tf.reduce_sum(tf.abs(weights)), name=name)

    return l1


def l2_regularizer(scale, scope=None):
    """`weights -> scale * sum(weights ** 2) / 2` (None for scale 0, like contrib)."""
    _check_scale(scale)
    if scale == 0.0:
        return lambda _: None

    def l2(weights):
        with tf.name_scope(scope, "l2_regularizer", [weights]) as name:
            my_scale = tf.convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return tf.multiply(my_scale, tf.nn.l2_loss(weights), name=name)

    return l2


def sum_regularizer(regularizer_list, scope=None):
    """The sum of the given regularizers' penalties (those that return None are skipped)."""
    regularizer_list = [reg for reg in regularizer_list if reg is not None]
    if not regularizer_list:
        return None

    def sum_reg(weights):
        with tf.name_scope(scope, "sum_regularizer", [weights]) as name:
            penalties = [p for p in (reg(weights) for reg in regularizer_list) if p is not None]
            return tf.add_n(penalties, name=name)

    return sum_reg


def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope=scope)


def apply_regularization(regularizer, weights_list=None):
    """Sum `regularizer` over `weights_list` (default: the WEIGHTS collection) and add the total to
    REGULARIZATION_LOSSES."""
    if not weights_list:
        weights_list = tf.get_collection(tf.GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    with tf.name_scope("get_regularization_penalty", values=weights_list) as scope:
        penalties = [regularizer(w) for w in weights_list]
        penalties = [p if p is not None else tf.constant(0.0) for p in penalties]
        summed_penalty = tf.add_n(penalties, name=scope)
        tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, summed_penalty)
        return summed_penalty


# -- tf.contrib.layers: layers -----------------------------------------------------------------------


def _variable(name, shape, dtype, initializer, regularizer, collections, trainable, layer_name=None):
    """A model variable as contrib made them: in GLOBAL_VARIABLES and MODEL_VARIABLES (plus the
    caller's collections), trainable ones also in TRAINABLE_VARIABLES.

    TF 1.x contrib built fully_connected and conv2d on tf.layers and renamed kernel/bias to
    weights/biases, so their regularization losses are named after the layer's name
    (`fully_connected/kernel/Regularizer/...`): `layer_name` reproduces that.
    """
    all_collections = [tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.MODEL_VARIABLES]
    if collections:
        all_collections += list(collections.get(name, [])) if isinstance(collections, dict) else list(collections)
    named_like_tf_layers = regularizer is not None and layer_name is not None
    existing = len(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES))
    # scopecompat's get_variable: its errors teach and inventory() counts its calls.
    variable = hooks.get_variable(
        name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=None if named_like_tf_layers else regularizer,
        collections=all_collections, trainable=trainable,
    )
    if named_like_tf_layers and len(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)) > existing:  # created
        scope_name = variable.op.name.rsplit("/", 1)[0]
        with tf.name_scope("%s/%s/Regularizer/" % (scope_name, layer_name)):
            loss = regularizer(variable)
        if loss is not None:
            tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, loss)
    return variable


def _collect_output(outputs_collections, output):
    for collection in outputs_collections or ():
        tf.add_to_collection(collection, output)
    return output


def fully_connected(inputs, num_outputs, activation_fn=tf.nn.relu, normalizer_fn=None,
                    normalizer_params=None, weights_initializer=None, weights_regularizer=None,
                    biases_initializer=tf.zeros_initializer(), biases_regularizer=None, reuse=None,
                    variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    """`activation_fn(inputs @ weights + biases)` with variables `<scope>/weights`, `<scope>/biases`
    (default scope "fully_connected")."""
    if not isinstance(num_outputs, numbers.Integral):
        raise ValueError("num_outputs type should be one of %s, got %s." % (numbers.Integral, type(num_outputs)))
    with tf.variable_scope(scope, "fully_connected", [inputs], reuse=reuse):
        inputs = tf.convert_to_tensor(inputs)
        dtype = inputs.dtype.base_dtype
        num_inputs = inputs.shape[-1]
        if num_inputs is None or (hasattr(num_inputs, "value") and num_inputs.value is None):
            raise ValueError("The last dimension of the inputs to fully_connected must be defined, got %s." % inputs.shape)
        weights = _variable(
            "weights", [int(num_inputs), num_outputs], dtype, weights_initializer or xavier_initializer(),
            weights_regularizer, variables_collections, trainable, layer_name="kernel",
        )
        if inputs.shape.ndims == 2:
            outputs = tf.matmul(inputs, weights)
        else:
            outputs = tf.tensordot(inputs, weights, [[inputs.shape.ndims - 1], [0]])
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        elif biases_initializer is not None:
            biases = _variable("biases", [num_outputs], dtype, biases_initializer, biases_regularizer,
                               variables_collections, trainable, layer_name="bias")
            outputs = tf.nn.bias_add(outputs, biases)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_output(outputs_collections, outputs)


def conv2d(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format=None, rate=1,
           activation_fn=tf.nn.relu, normalizer_fn=None, normalizer_params=None, weights_initializer=None,
           weights_regularizer=None, biases_initializer=tf.zeros_initializer(), biases_regularizer=None,
           reuse=None, variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    """A 2-D convolution with variables `<scope>/weights` [kh, kw, in, out] and `<scope>/biases`
    (default scope "Conv"), NHWC."""
    if data_format not in (None, "NHWC"):
        raise ValueError("scopecompat's contrib.layers.conv2d supports data_format 'NHWC' only, got %r." % (data_format,))
    kernel_h, kernel_w = (kernel_size, kernel_size) if isinstance(kernel_size, numbers.Integral) else kernel_size
    stride_h, stride_w = (stride, stride) if isinstance(stride, numbers.Integral) else stride
    with tf.variable_scope(scope, "Conv", [inputs], reuse=reuse):
        inputs = tf.convert_to_tensor(inputs)
        dtype = inputs.dtype.base_dtype
        weights = _variable(
            "weights", [kernel_h, kernel_w, int(inputs.shape[-1]), num_outputs], dtype,
            weights_initializer or xavier_initializer(), weights_regularizer, variables_collections, trainable,
            layer_name="kernel",
        )
        outputs = tf.nn.convolution(inputs, weights, padding=padding, strides=[stride_h, stride_w],
                                    dilation_rate=[rate, rate] if isinstance(rate, numbers.Integral) else rate)
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        elif biases_initializer is not None:
            biases = _variable("biases", [num_outputs], dtype, biases_initializer, biases_regularizer,
                               variables_collections, trainable, layer_name="bias")
            outputs = tf.nn.bias_add(outputs, biases)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return _collect_output(outputs_collections, outputs)


def flatten(inputs, outputs_collections=None, scope=None):
    """Reshape to [batch, -1] (op scope "Flatten")."""
    with tf.name_scope(scope, "Flatten", [inputs]):
        inputs = tf.convert_to_tensor(inputs)
        outputs = tf.reshape(inputs, tf.stack([tf.shape(inputs)[0], -1]))
        static = inputs.shape[1:]
        if static.is_fully_defined():
            outputs.set_shape([inputs.shape[0], int(static.num_elements())])
        return _collect_output(outputs_collections, outputs)


def dropout(inputs, keep_prob=0.5, noise_shape=None, is_training=True, outputs_collections=None, scope=None):
    """Dropout while `is_training` (a bool or a boolean tensor), identity otherwise."""
    with tf.name_scope(scope, "Dropout", [inputs]):
        inputs = tf.convert_to_tensor(inputs)

        def dropped():
            return tf.nn.dropout(inputs, rate=1.0 - keep_prob, noise_shape=noise_shape)

        if isinstance(is_training, bool):
            outputs = dropped() if is_training else tf.identity(inputs)
        else:
            outputs = tf.cond(is_training, dropped, lambda: tf.identity(inputs))
        return _collect_output(outputs_collections, outputs)


# contrib's batch_norm is TF 1.15's own code, from the tf-slim package: three code paths (fused,
# tf.layers, moments) that differ in variable order, Bessel's correction of the moving variance and
# update ops, and arguments (renorm, zero_debias_moving_mean, batch_weights, ...) a rewrite would have
# to copy line by line. scopecompat._tf_slim_compat lists what tf-slim needs on TF 2.x.
_FROM_TF_SLIM = ("batch_norm",)


def __getattr__(name):
    if name in _FROM_TF_SLIM:
        from scopecompat import _tf_slim_compat

        return getattr(_tf_slim_compat.tf_slim(), name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
