"""TF 1.15's ops for TF functions that TF 2.x builds with other ops: the same values, TF 1.15's op count, op
types and op names.

Why the ops matter, not only the values: in a program seeded only by the graph (`tf.set_random_seed(1)`), TF 1.x
gave each random op the graph's op count as its op seed (scopecompat/_legacy/random_seeds.py restores that
rule), so a call that builds fewer ops than TF 1.15 shifts every later graph-seeded draw; and TF1 code reaches
tensors by the names TF 1.15 gave them (`graph.get_tensor_by_name("decoder/Tensordot:0")`).

Each function here is TF 1.15.5's op-building code path (tensorflow_core/python/ops/array_ops.py, math_ops.py)
written on TF 2.x's ops; measured against TF 1.15.5 by the conformance families op_counts and op_counts_tf
(docs/op-counts.md):
- `split` into a number of pieces: TF 1.15 first made a constant of that number (unused); TF 2.x does not.
- `zeros`, `ones` of a shape list holding a tensor (`tf.zeros([batch_size, 10])`): TF 1.15 tried numpy's product
  of the shape to decide on a constant, which built the product and a `< 1000` comparison out of the tensor
  (`mul`, `Less`, unused); TF 2.x fails that try before it builds anything.
- `ones_like` of a tensor of known shape: TF 1.15 named the shape constant ones_like/Shape, TF 2.x
  ones_like/Shape/shape_as_tensor.
- `one_hot` given a Python on_value or off_value: TF 1.15 converted each once to learn its dtype (Const, unused)
  and again under the name on_value/off_value; TF 2.x feeds the first conversion to the op.
- `tensordot`: TF 1.15 transposed and reshaped both operands and reshaped the product always; TF 2.x skips a
  transpose by the identity and a reshape to the shape a tensor already has (a dense layer on a rank-3 input: 6
  ops fewer).
- `reduce_logsumexp`: TF 1.15 masked a non-finite max with Select against zeros_like and took a constant
  shape where known; TF 2.x uses SelectV2 against 0 and a Shape op. (The same op count: op types and names.)

All but reduce_logsumexp are also scopecompat's public names (scopecompat/_facade/overrides.py says why each is
replaced); scopecompat's own rebuilt code (tf.contrib) calls them all. Eager calls, and calls TF 1.15 did not
build otherwise, go straight to TF's function.
"""

import functools
import numbers

import numpy as np

from tensorflow.python.eager import context as _context
from tensorflow.python.framework import constant_op as _constant_op
from tensorflow.python.framework import dtypes as _dtypes
from tensorflow.python.framework import ops as _ops
from tensorflow.python.framework import tensor_shape as _tensor_shape
from tensorflow.python.ops import array_ops as _array_ops
from tensorflow.python.ops import gen_array_ops as _gen_array_ops
from tensorflow.python.ops import gen_math_ops as _gen_math_ops
from tensorflow.python.ops import math_ops as _math_ops

from scopecompat._legacy import tf_internals

# Where this TF keeps them (TF 2.13+ moved both; the table of moves: tf_internals.MOVED).
_Tensor = tf_internals.now("tensorflow.python.framework.ops", "Tensor")
_stack = tf_internals.now("tensorflow.python.ops.array_ops", "stack")


@functools.wraps(_array_ops.split)
def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    if isinstance(num_or_size_splits, (numbers.Integral, _tensor_shape.Dimension)):
        _ops.convert_to_tensor(num_or_size_splits)  # TF 1.x's unused constant, in its place in the op count
    return _array_ops.split(value, num_or_size_splits, axis, num, name)


def _holds_a_tensor(shape):
    return isinstance(shape, (list, tuple)) and any(isinstance(size, _Tensor) for size in shape)


def _numpy_size_probe(shape):
    """What TF 1.15's `np.prod(shape) < 1000` built from a shape list holding tensors before it raised: numpy
    multiplied the sizes left to right (a `mul` for each product with a tensor) and compared the result (`Less`)."""
    product = shape[0]
    for size in shape[1:]:
        product = product * size
    return product < 1000


def _zeros_or_ones(tf2_function, default_name):
    @functools.wraps(tf2_function)
    def built_as_tf1(shape, dtype=_dtypes.float32, name=None, **layout):
        if layout or not _holds_a_tensor(shape) or _context.executing_eagerly():
            return tf2_function(shape, dtype, name, **layout)
        with _ops.name_scope(name, default_name, [shape]) as scope:
            _numpy_size_probe(shape)
            return tf2_function(shape, dtype, name=scope)  # a scope name: TF's function re-enters it
    return built_as_tf1


zeros = _zeros_or_ones(_array_ops.zeros, "zeros")
ones = _zeros_or_ones(_array_ops.ones, "ones")


@functools.wraps(_array_ops.ones_like)
def ones_like(tensor, dtype=None, name=None, optimize=True):
    if _context.executing_eagerly() or not optimize:
        return _array_ops.ones_like(tensor, dtype, name, optimize)
    with _ops.name_scope(name, "ones_like", [tensor]) as scope:
        tensor = _ops.convert_to_tensor(tensor, name="tensor")
        shape = tensor.shape
        if not shape.is_fully_defined() or max(shape.as_list(), default=0) >= 2 ** 31:
            return _array_ops.ones_like(tensor, dtype, scope, optimize)  # a Shape op, as TF 1.15 made
        # TF 1.15 named the constant of a known shape Shape (TF 2.x: Shape/shape_as_tensor).
        ones_shape = _constant_op.constant(shape.as_list(), _dtypes.int32, name="Shape")
        result = _array_ops.ones(ones_shape, dtype or tensor.dtype, name=scope)
        result.set_shape(shape)
        return result


@functools.wraps(_array_ops.one_hot)
def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    python_values = [value for value in (on_value, off_value) if value is not None and not isinstance(value, _Tensor)]
    if not python_values or _context.executing_eagerly():
        return _array_ops.one_hot(indices, depth, on_value, off_value, axis, dtype, name)
    with _ops.name_scope(name, "one_hot", [indices, depth, on_value, off_value, axis, dtype]) as scope:
        # TF 1.15 converted each given value once to read its dtype (Const, Const_1), then converted the Python
        # values again as the op's named inputs, after depth; TF's function checks the dtypes the same way.
        on_dtype = None if on_value is None else _ops.convert_to_tensor(on_value).dtype.base_dtype
        off_dtype = None if off_value is None else _ops.convert_to_tensor(off_value).dtype.base_dtype
        dtype = dtype if dtype is not None else (on_dtype or off_dtype)
        depth = _ops.convert_to_tensor(depth, _dtypes.int32, name="depth")
        if on_value is not None and not isinstance(on_value, _Tensor) and on_dtype == dtype:
            on_value = _ops.convert_to_tensor(on_value, dtype, name="on_value")
        if off_value is not None and not isinstance(off_value, _Tensor) and off_dtype == dtype:
            off_value = _ops.convert_to_tensor(off_value, dtype, name="off_value")
        return _array_ops.one_hot(indices, depth, on_value, off_value, axis, dtype, name=scope)


@functools.wraps(_math_ops.tensordot)
def tensordot(a, b, axes, name=None):
    if _context.executing_eagerly() or not (isinstance(axes, numbers.Integral) or _pair_of_axis_lists(axes)):
        return _math_ops.tensordot(a, b, axes, name)  # a tensor of axes: TF 2.x builds TF 1.15's ops
    with _ops.name_scope(name, "Tensordot", [a, b, axes]) as name:
        a = _ops.convert_to_tensor(a, name="a")
        b = _ops.convert_to_tensor(b, name="b")
        a_axes, b_axes = _tensordot_axes(a, axes)
        a_reshaped, a_free_dims, a_free_static = _tensordot_reshape(a, a_axes)
        b_reshaped, b_free_dims, b_free_static = _tensordot_reshape(b, b_axes, flipped=True)
        product = _math_ops.matmul(a_reshaped, b_reshaped)
        if isinstance(a_free_dims, list) and isinstance(b_free_dims, list):
            return _array_ops.reshape(product, a_free_dims + b_free_dims, name=name)
        a_free_dims = _ops.convert_to_tensor(a_free_dims, dtype=_dtypes.int32)
        b_free_dims = _ops.convert_to_tensor(b_free_dims, dtype=_dtypes.int32)
        product = _array_ops.reshape(product, _array_ops.concat([a_free_dims, b_free_dims], 0), name=name)
        if a_free_static is not None and b_free_static is not None:
            product.set_shape(a_free_static + b_free_static)
        return product


def _pair_of_axis_lists(axes):
    return (isinstance(axes, (list, tuple)) and len(axes) == 2
            and all(isinstance(side, numbers.Integral) or (isinstance(side, (list, tuple)) and all(
                isinstance(axis, numbers.Integral) for axis in side)) for side in axes))


def _tensordot_axes(a, axes):
    """The contraction axes of each operand, as TF 1.15's _tensordot_axes gave them (int axes or lists)."""
    if isinstance(axes, numbers.Integral):
        if axes < 0:
            raise ValueError("'axes' must be at least 0.")
        ndims = a.get_shape().ndims
        if ndims is not None:
            if axes > ndims:
                raise ValueError("'axes' must not be larger than the number of dimensions of tensor %s." % a)
            return list(range(ndims - axes, ndims)), list(range(axes))
        rank = _array_ops.rank(a)
        return _math_ops.range(rank - axes, rank, dtype=_dtypes.int32), _math_ops.range(axes, dtype=_dtypes.int32)
    a_axes, b_axes = axes
    if isinstance(a_axes, numbers.Integral) and isinstance(b_axes, numbers.Integral):
        a_axes, b_axes = [a_axes], [b_axes]
    if len(a_axes) != len(b_axes):
        raise ValueError("Different number of contraction axes 'a' and 'b', %s != %s." % (len(a_axes), len(b_axes)))
    return a_axes, b_axes


def _tensordot_reshape(a, axes, flipped=False):
    """`a` transposed and reshaped to a matrix for the product, always (TF 1.15), with its free dimensions."""
    if a.get_shape().is_fully_defined() and isinstance(axes, (list, tuple)):
        shape_a = a.get_shape().as_list()
        axes = [i if i >= 0 else i + len(shape_a) for i in axes]
        free = [i for i in range(len(shape_a)) if i not in axes]
        free_dims = [shape_a[i] for i in free]
        prod_free = int(np.prod([shape_a[i] for i in free]))
        prod_axes = int(np.prod([shape_a[i] for i in axes]))
        perm = list(axes) + free if flipped else free + list(axes)
        new_shape = [prod_axes, prod_free] if flipped else [prod_free, prod_axes]
        return _array_ops.reshape(_array_ops.transpose(a, perm), new_shape), free_dims, free_dims
    if a.get_shape().ndims is not None and isinstance(axes, (list, tuple)):
        shape_a = a.get_shape().as_list()
        axes = [i if i >= 0 else i + len(shape_a) for i in axes]
        free = [i for i in range(len(shape_a)) if i not in axes]
        free_static = [shape_a[i] for i in free]
        axes = _ops.convert_to_tensor(axes, dtype=_dtypes.int32, name="axes")
        free = _ops.convert_to_tensor(free, dtype=_dtypes.int32, name="free")
        shape_a = _array_ops.shape(a)
    else:
        free_static = None
        shape_a = _array_ops.shape(a)
        rank_a = _array_ops.rank(a)
        axes = _ops.convert_to_tensor(axes, dtype=_dtypes.int32, name="axes")
        axes = _array_ops.where(axes >= 0, axes, axes + rank_a)
        free, _ = _gen_array_ops.list_diff(_math_ops.range(rank_a), axes, _dtypes.int32)
    free_dims = _array_ops.gather(shape_a, free)
    axes_dims = _array_ops.gather(shape_a, axes)
    prod_free_dims = _math_ops.reduce_prod(free_dims)
    prod_axes_dims = _math_ops.reduce_prod(axes_dims)
    if flipped:
        perm = _array_ops.concat([axes, free], 0)
        new_shape = _stack([prod_axes_dims, prod_free_dims])
    else:
        perm = _array_ops.concat([free, axes], 0)
        new_shape = _stack([prod_free_dims, prod_axes_dims])
    return _array_ops.reshape(_array_ops.transpose(a, perm), new_shape), free_dims, free_static


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """TF 1.15's reduce_logsumexp (keyword `keepdims` only: scopecompat's own code calls it)."""
    input_tensor = _ops.convert_to_tensor(input_tensor)
    with _ops.name_scope(name, "ReduceLogSumExp", [input_tensor]):
        raw_max = _math_ops.reduce_max(input_tensor, axis=axis, keepdims=True)
        my_max = _array_ops.stop_gradient(_array_ops.where(
            _gen_math_ops.is_finite(raw_max), raw_max, _array_ops.zeros_like(raw_max)))
        result = _gen_math_ops.log(_math_ops.reduce_sum(
            _gen_math_ops.exp(_gen_math_ops.sub(input_tensor, my_max)), axis, keepdims=keepdims))
        if not keepdims:
            my_max = _array_ops.reshape(my_max, _array_ops.shape(result))
        result = _gen_math_ops.add(result, my_max)
        if not keepdims and axis is None and not result.shape.is_fully_defined():
            result.set_shape(())
        return result
