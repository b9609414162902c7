"""TF 1.x's op seeds for programs that set only a graph seed (`tf.set_random_seed(1)`, RunConfig(tf_random_seed=1)).

A random op draws from two seeds: the graph's and its own. When a program gives only the graph's, TF derives
the op's, and the two major versions derive it differently:
- TF 0.12-1.15: the number of ops the graph held when the random op was made (`graph._last_id`,
  random_seed.get_seed in TF 1.15.5);
- TF 2.x: a counter per graph, 0, 1, 2, ... over the random ops made (`random_seed._graph_to_seed_dict`).
So a TF1 program seeded once at the top draws other initial weights, dropout masks and shuffles on TF 2.x
than on TF 1.15, and trains to other numbers, although its graph is the same op for op.

`set_random_seed` here is TF's, then gives the default graph TF 1.x's rule: TF's counter for that graph
becomes an `_OpCountSeed`, which TF's get_seed reads as the graph's op count at that moment. Per graph,
never process-wide: a graph whose seed only raw TensorFlow sets keeps TF 2.x's counter. Graphs the seed
reaches through other paths keep TF 2.x's counter too: a function graph (tf.data's map functions,
tf.function) and `graph.seed = n` set directly.

The rule needs TF's per-graph counter and an O(1) op count; both are feature-tested (`FOLLOWS_TF1`).
Where they are missing, set_random_seed is TF's alone and TF 2.x's seeds stand.

The op count is the same only where TF 2.x builds the same ops as TF 1.15 did. Three common calls it builds
differently, which shifts the op count, so the seed of every random op made after them, are rebuilt here:
- `random_uniform` for the default range [0, 1): TF 2.x skips the `min`/`max` constants and the scaling;
  scopecompat's passes the range as floats, so TF builds them as TF 1.x did.
- `nn.dropout`: TF 2.x scales first and selects with where_v2; scopecompat's builds TF 1.15's ops (a
  uniform draw, keep_mask = draw >= rate, x * scale * cast(keep_mask)), the same values and op names.
- `split` into a number of pieces: TF 1.x first made a constant of that number (unused); TF 2.x does not.
  Inputs cut by tf.split before a static_rnn made their LSTM's kernel draw with an op seed one lower.
Elsewhere TF 2.x's ops stay (inside TF and tf_keras: an LSTM step, tf.layers.conv2d and dropout, an optimizer's
minimize, ...; docs/op-counts.md measures 30 common blocks), and so do its op seeds after them.
"""

import functools
import numbers
import weakref

from tensorflow.python.eager import context as _context
from tensorflow.python.framework import dtypes as _dtypes
from tensorflow.python.framework import ops as _ops
from tensorflow.python.framework import random_seed as _tf_random_seed
from tensorflow.python.framework import tensor_shape as _tensor_shape
from tensorflow.python.framework import tensor_util as _tensor_util
from tensorflow.python.ops import array_ops as _array_ops
from tensorflow.python.ops import math_ops as _math_ops
from tensorflow.python.ops import nn_ops as _tf_nn_ops
from tensorflow.python.ops import random_ops as _tf_random_ops


def _op_count_reader():
    """How this TF tells how many ops a graph holds, cheaply: TF 1.x and 2.12 keep `_last_id` (the last op id
    given, ids from 1); later TFs (2.15 to 2.21 checked) build graphs in C++ and have `num_operations()` (ops
    are never removed from a graph being built in graph mode, so the two agree)."""
    graph = _ops.Graph()
    if isinstance(getattr(graph, "_last_id", None), int):
        return lambda graph: graph._last_id
    if callable(getattr(graph, "num_operations", None)):
        return lambda graph: graph.num_operations()
    return None


_op_count = _op_count_reader()

# TF 2.x's get_seed does `op_seed = _graph_to_seed_dict.setdefault(graph, 0)`, then `[graph] += 1`, then
# `op_seed % 2**31-1`; an _OpCountSeed answers the last with the op count and stays itself through `+= 1`.
FOLLOWS_TF1 = (
    _op_count is not None
    and isinstance(getattr(_tf_random_seed, "_graph_to_seed_dict", None), weakref.WeakKeyDictionary)
    and "_graph_to_seed_dict" in _tf_random_seed.get_seed.__code__.co_names
    and "_truncate_seed" in _tf_random_seed.get_seed.__code__.co_names
)


class _OpCountSeed:
    """The op seed TF 1.x gave the next random op of `graph`: how many ops the graph holds."""

    __slots__ = ("_graph",)

    def __init__(self, graph):
        self._graph = weakref.ref(graph)  # TF's dict holds graphs weakly; so does this

    def __mod__(self, modulus):  # TF's _truncate_seed(op_seed)
        return _op_count(self._graph()) % modulus

    def __add__(self, increment):  # TF's `_graph_to_seed_dict[graph] += 1`: nothing to count
        return self

    def __repr__(self):
        return "<TF 1.x op seeds: the op count of %r>" % self._graph()


def follow_tf1_op_seeds(graph):
    """Random ops made in `graph` from now on without their own seed get TF 1.x's op seed."""
    if FOLLOWS_TF1 and not isinstance(_tf_random_seed._graph_to_seed_dict.get(graph), _OpCountSeed):
        _tf_random_seed._graph_to_seed_dict[graph] = _OpCountSeed(graph)


@functools.wraps(_tf_random_seed.set_random_seed)
def set_random_seed(seed):
    _tf_random_seed.set_random_seed(seed)
    if not _context.executing_eagerly():
        follow_tf1_op_seeds(_ops.get_default_graph())


def _tf2_shortcut_bound(value, shortcut):
    # TF 2.x's test: `isinstance(minval, int) and minval == 0` (maxval: == 1); a bool is an int there too.
    return isinstance(value, int) and value == shortcut


@functools.wraps(_tf_random_ops.random_uniform)
def random_uniform(shape, minval=0, maxval=None, dtype=_dtypes.float32, seed=None, name=None):
    if not _dtypes.as_dtype(dtype).is_integer:
        # The same range as floats: TF builds min, max, RandomUniform, sub, mul, add, as TF 1.x did.
        minval = float(minval) if _tf2_shortcut_bound(minval, 0) else minval
        maxval = 1.0 if maxval is None or _tf2_shortcut_bound(maxval, 1) else maxval
    return _tf_random_ops.random_uniform(shape, minval, maxval, dtype, seed, name)


@functools.wraps(_tf_nn_ops.dropout)
def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    # Eager calls, and what TF refuses (both or neither of keep_prob and rate, a rate outside [0, 1), an x that
    # is not floating point): TF's own function, its errors, and no op made before it raises.
    tf_call = functools.partial(_tf_nn_ops.dropout, x, keep_prob, noise_shape, seed, name, rate)
    if _context.executing_eagerly() or (keep_prob is None) == (rate is None):
        return tf_call()
    if keep_prob is not None:
        if not isinstance(keep_prob, numbers.Real) and not _tensor_util.is_tf_type(keep_prob):
            return tf_call()
        rate = 1.0 - keep_prob  # TF 1.x made this `sub` before the dropout scope, for a keep_prob tensor
    if isinstance(rate, numbers.Real) and not 0 <= rate < 1:
        return tf_call()
    if _tensor_util.is_tf_type(x) and not x.dtype.is_floating:
        return tf_call()
    with _ops.name_scope(name, "dropout", [x]) as name:
        x = _ops.convert_to_tensor(x, name="x")
        if isinstance(rate, numbers.Real) and rate == 0:
            return x
        rate = _ops.convert_to_tensor(rate, dtype=x.dtype, name="rate")
        rate.get_shape().assert_has_rank(0)
        if _tensor_util.constant_value(rate) == 0:
            return x
        draw = random_uniform(_noise_shape(x, noise_shape), seed=seed, dtype=x.dtype)
        scale = 1 / (1 - rate)
        keep_mask = draw >= rate
        kept = x * scale * _math_ops.cast(keep_mask, x.dtype)
        kept.set_shape(x.get_shape())
        return kept


def _noise_shape(x, noise_shape):
    """TF 1.15's: x's shape, or `noise_shape` with its unknown dimensions taken from x where x knows them."""
    if noise_shape is None:
        return _array_ops.shape(x)
    try:
        wanted = _tensor_shape.as_shape(noise_shape)
    except (TypeError, ValueError):  # a tensor: the op checks it
        return noise_shape
    if x.shape.dims is None or len(x.shape.dims) != len(wanted.dims):
        return noise_shape
    return _tensor_shape.TensorShape([
        known if asked is None and known is not None else asked
        for known, asked in zip(x.shape.as_list(), wanted.as_list())
    ])


@functools.wraps(_array_ops.split)
def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    if isinstance(num_or_size_splits, (numbers.Integral, _tensor_shape.Dimension)):
        _ops.convert_to_tensor(num_or_size_splits)  # TF 1.x's unused constant, in its place in the op count
    return _array_ops.split(value, num_or_size_splits, axis, num, name)
