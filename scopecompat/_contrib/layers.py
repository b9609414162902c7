"""tf.contrib.layers: the functions TF1 code uses most, with contrib's defaults, variable names and collections.

Initializers, regularizers and fully_connected / conv2d / flatten / dropout are rebuilt from tf.compat.v1 ops
(contrib itself is gone from TF 2.x); batch_norm is contrib's own code, served from the tf-slim package
(scopecompat/_contrib/tf_slim.py says what tf-slim needs on TF 2.x). The legacy table's "rebuilt" rows
(scopecompat/_legacy/names.py) point here.

Imported on first use of one of these names, never at `import scopecompat`.
"""

import numbers

from scopecompat._diagnostics import hooks
from scopecompat._facade.bootstrap import tf_v1 as tf

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
# to copy line by line. scopecompat._contrib.tf_slim lists what tf-slim needs on TF 2.x.
_FROM_TF_SLIM = ("batch_norm",)


def __getattr__(name):
    if name in _FROM_TF_SLIM:
        from scopecompat._contrib import tf_slim

        return getattr(tf_slim.load(), name)
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
