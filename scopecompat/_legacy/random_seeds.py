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

The op count is the same only where TF 2.x builds the same ops as TF 1.15 did. The random calls TF 2.x
builds differently, which shifts the op count, so the seed of every random op made after them, are rebuilt
here (the others, split, zeros, ones, one_hot, tensordot: scopecompat/_legacy/tf1_ops.py):
- `random_uniform` for the default range [0, 1): TF 2.x skips the `min`/`max` constants and the scaling;
  scopecompat's passes the range as floats, so TF builds them as TF 1.x did.
- `nn.dropout`: TF 2.x scales first and selects with where_v2; scopecompat's builds TF 1.15's ops (a
  uniform draw, keep_mask = draw >= rate, x * scale * cast(keep_mask)), the same values and op names.
- `random_gamma`: TF 2.x broadcasts alpha with broadcast_to (four ops) where TF 1.15 added zeros_like(beta)
  (two), before the draw: the gamma draw itself had another op seed.
Inside TF and tf_keras TF 2.x's ops stay. Where TF 2.x leaves out ops TF 1.15 built and the ops it does build
show it beyond doubt, the op seed counts the missing ones too (`LEFT_OUT`: TF 1.15's constant of the number of
pieces in TF's own split, as an LSTM or GRU step makes; the size op of a TensorArray's stack, as dynamic_rnn
makes; the reduction axes of a scalar, as tf.losses makes; random_uniform's scaling inside image ops;
indicator_column's one_hot values; embedding_column's lookup; TF 2.x's own dropout, as tf.layers.dropout
calls it; tensordot's transposes and reshapes, as tf.layers.dense of a rank-3 input makes; the default options
an initializable iterator applied to its dataset, as Estimator's input does): the op seed of a random op made
after such a block is TF 1.15's, while the block's own ops (count, names) stay TF 2.x's. The names of ops made
after it are TF 1.15's wherever they are in other name scopes than the block's. Each op is looked at once, when a
random op asks for its seed, so a random op inside a block (the second LSTM of a MultiRNNCell) gets TF 1.15's op
seed too, where the ops left out come before it.
Where scopecompat rebuilds a TF 1.15 op that TF 2.x lacks from TF ops (contrib.seq2seq's gather_tree), the op
seed counts what it built as that one op (`built_in_place_of_one_op`).
Elsewhere (tf.layers' convolutions and dropout's own mask, gradients and so minimize, clip_by_global_norm, ...;
docs/op-counts.md renders the conformance family op_counts_tf) TF 2.x's op count, and so its op seeds, stay.
"""

import contextlib
import functools
import numbers
import re
import weakref

import numpy as np

from tensorflow.python.client import pywrap_tf_session as _c_api
from tensorflow.python.eager import context as _context
from tensorflow.python.framework import dtypes as _dtypes
from tensorflow.python.framework import ops as _ops
from tensorflow.python.framework import random_seed as _tf_random_seed
from tensorflow.python.framework import tensor_shape as _tensor_shape
from tensorflow.python.framework import tensor_util as _tensor_util
from tensorflow.python.ops import array_ops as _array_ops
from tensorflow.python.ops import math_ops as _math_ops
from tensorflow.python.ops import gen_random_ops as _gen_random_ops
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


def _c_graph(graph):
    """TF's C graph handle, as a context: TF 2.13-2.21 keep it bare in `graph._c_graph`; TF 2.12 wraps it in a
    scoped handle whose get() is a context manager (its own code: `with self._c_graph.get() as c_graph`)."""
    handle = graph._c_graph
    return handle.get() if hasattr(handle, "get") else contextlib.nullcontext(handle)


def _walks_graphs():
    """Whether LEFT_OUT can walk a graph's ops in the order they were made through TF's C API (a feature test:
    a graph of one op, walked and read back)."""
    try:
        graph = _ops.Graph()
        with graph.as_default():
            _array_ops.zeros([], name="probe")
        with _c_graph(graph) as c_graph:
            operation, _ = _c_api.TF_GraphNextOperation(c_graph, 0)
            return (_c_api.TF_OperationOpType(operation) == "Const"
                    and _c_api.TF_OperationName(operation) == "probe"
                    and graph._get_operation_by_tf_operation(operation).name == "probe")
    except Exception:  # noqa: BLE001 (any failure means: this TF cannot be walked this way)
        return False


# LEFT_OUT walks a graph's ops in the order they were made through TF's C API, and reads their types there.
CORRECTS_LEFT_OUT = FOLLOWS_TF1 and _walks_graphs()


def _int_constant(op):
    """The value of `op` if it is a scalar int32 Const, else None."""
    if op.type != "Const" or op.get_attr("dtype") != _dtypes.int32:
        return None
    value = _tensor_util.MakeNdarray(op.get_attr("value"))
    return int(value) if value.shape == () else None


def _unused(op):
    return not any(output.consumers() for output in op.outputs)


def _split_without_count_constant(graph, op, previous):
    # TF 1.15's split(value, n) made an int32 constant n first (convert_to_tensor, unused), right before its
    # split_dim constant (an int axis) or the Split (a tensor axis); scopecompat's split makes it too.
    just_before, before_that = previous
    if just_before is not None and op.inputs[0].op.name == _c_api.TF_OperationName(just_before):
        just_before = before_that  # the split_dim constant made for an int axis
    candidate = None if just_before is None else graph._get_operation_by_tf_operation(just_before)
    return not (candidate is not None and _int_constant(candidate) == op.get_attr("num_split") and _unused(candidate))


def _stack_without_size(graph, op, previous):
    # TF 1.15's TensorArray.stack gathered range(0, size()), size() a TensorArraySizeV3 op; TF 2.x takes the
    # size the array was made with when it knows it.
    if not op.name.endswith("TensorArrayStack/TensorArrayGatherV3"):
        return False
    indices = op.inputs[1].op
    return indices.type == "Range" and indices.inputs[1].op.type != "TensorArraySizeV3"


def _scalar_reduction_range(graph, op, previous):
    # A reduction over all axes of a scalar: TF 1.15's _ReductionDims made one constant (np.arange(0)); TF 2.x's
    # tests `if rank:`, false for rank 0, and makes Rank, range/start, range/delta and Range (tf.losses' sums).
    scope = op.name[:-len("range")]
    start, limit, delta = (tensor.op for tensor in op.inputs)
    return (op.name.endswith("range") and limit.name == scope + "Rank" and _int_constant(limit) == 0
            and start.name == scope + "range/start" and delta.name == scope + "range/delta"
            and all(consumer.type in _REDUCTIONS for consumer in op.outputs[0].consumers()))


def _uniform_scaled_by_mul(graph, op, previous):
    # random_uniform(shape, 0, maxval) with an int 0 and a maxval not the int 1, as TF's own code calls it
    # (random_flip_left_right's random_uniform([], 0, 1.0)): TF 2.x multiplies by maxval (one Mul), TF 1.15
    # made sub, mul and add. The draw comes before, so only later op seeds differ.
    return (op.name.endswith("random_uniform/Mul")
            and op.inputs[0].op.type == "RandomUniform" and op.inputs[0].op.name == op.name[:-len("Mul")] + "RandomUniform")


def _one_hot_without_named_values(graph, op, previous):
    # TF 1.15's one_hot(on_value=, off_value=) converted each to learn its dtype (Const, Const_1, unused), then
    # again as on_value and off_value; TF 2.x feeds the first two to the OneHot op (indicator_column).
    scope = op.name + "/"
    on_value, off_value = op.inputs[2].op, op.inputs[3].op
    return on_value.name == scope + "Const" and off_value.name == scope + "Const_1"


def _sparse_segment_reduction_of_the_variable(graph, op, previous):
    # TF 1.15's embedding_lookup_sparse (one variable, no weights) cast the segment ids, took unique ids and
    # gathered their rows (Cast, Unique, axis, GatherV2, Identity) before the segment reduction; TF 2.x reduces
    # the variable's rows directly when the ids need no deduplication (embedding_column).
    if not op.name.endswith("embedding_lookup_sparse"):
        return False
    data = op.inputs[0].op
    return data.type in ("Identity", "ReadVariableOp") and data.inputs and data.inputs[0].op.type in (
        "VariableV2", "VarHandleOp")


def _tf2_dropout_of_a_number(graph, op, previous):
    # TF 2.x's dropout with a rate given as a number (tf_keras's Dropout layer, tf.layers.dropout): x * scale, a
    # uniform draw, draw >= rate, where_v2 (8 ops); TF 1.15's made the rate constant, the draw with its range and
    # scaling, 1 / (1 - rate) and x * scale * cast(mask) (16). scopecompat's nn.dropout builds TF 1.15's.
    keep_mask, scaled = op.inputs[0].op, op.inputs[1].op
    return (keep_mask.type == "GreaterEqual" and keep_mask.inputs[0].op.type == "RandomUniform"
            and keep_mask.inputs[1].op.type == "Const" and scaled.type == "Mul"
            and scaled.inputs[1].op.type == "Const")


def _iterator_without_tf1_options(graph, op, previous):
    # TF 1.15's make_initializable_iterator (also Estimator's input_fn) applied the dataset's default options in
    # the graph before the iterator: a Const of the optimizations, OptimizeDataset and ModelDataset (autotune);
    # TF 2.x applies them in the runtime and feeds the dataset itself to MakeIterator. Its iterator (IteratorV2) is
    # made right before MakeIterator there; an Iterator.from_structure's make_initializer, which TF 1.15 did not
    # optimize either, made it earlier. A dataset with options set (OptionsDataset) is left as TF 2.x counts it:
    # which of the three ops TF 1.15 built depended on those options.
    just_before = previous[0]
    dataset, iterator = op.inputs[0].op, op.inputs[1].op
    return (just_before is not None and iterator.name == _c_api.TF_OperationName(just_before)
            and dataset.type not in ("OptionsDataset", "OptimizeDataset", "ModelDataset"))


def _tensordot_without_tf1_reshapes(graph, op, previous):
    # TF 1.15's tensordot of operands of known shape always transposed and reshaped each (a perm Const, Transpose,
    # a shape Const, Reshape) and reshaped the product (a Const, Reshape named as the tensordot); TF 2.x skips a
    # transpose by the identity, a reshape to the shape the operand has, and the product's reshape when MatMul
    # already has it (tf.layers.dense of a rank-3 input: 6 ops fewer, its kernel's 4 and the input's transpose).
    # Returns how many of those 10 ops TF 2.x left out, 0 for a tensordot not in a Tensordot name scope.
    scope = op.name[:-len("MatMul")]
    if not _TENSORDOT_MATMUL.search(op.name):
        return 0

    def left_out_of(operand):
        reshaped = operand.op
        if reshaped.type == "Reshape" and reshaped.name.startswith(scope):
            transposed = reshaped.inputs[0].op
            return 0 if transposed.type == "Transpose" and transposed.name.startswith(scope) else 2
        return 2 if reshaped.type == "Transpose" and reshaped.name.startswith(scope) else 4

    product_reshaped = any(consumer.type == "Reshape" and consumer.name == scope[:-1]
                           for consumer in op.outputs[0].consumers())
    return left_out_of(op.inputs[0]) + left_out_of(op.inputs[1]) + (0 if product_reshaped else 2)


def _gather_gradient_without_cast(graph, op, previous):
    # TF 1.15's gradient of tf.gather (GatherV2) took params' shape as int64 and cast it to int32 (a Cast); TF 2.x
    # takes it as int32 (embedding_lookup's and tf.gather's gradients: one op fewer each, LazyAdam's sparse update).
    found = _GRADIENT_SHAPE.match(op.name)
    if not found or op.get_attr("dtype" if op.type == "Const" else "out_type") != _dtypes.int32:
        return False
    try:
        forward = graph.get_operation_by_name(found.group(1))
    except KeyError:
        return False
    return forward.type == "GatherV2"


_GRADIENT_SHAPE = re.compile(r"^(?:.*/)?gradients(?:_[0-9]+)?/(.+)_grad/Shape$")
_TENSORDOT_MATMUL = re.compile(r"(^|/)Tensordot(_[0-9]+)?/MatMul$")

_REDUCTIONS = frozenset(["Sum", "Mean", "Max", "Min", "Prod", "All", "Any"])

# The ops TF 1.15 built that TF 2.x leaves out, recognised by the ops TF 2.x builds in their place:
# (what, how many ops TF 1.15 had more (or fewer), the types of op the test looks at, the test on one such op).
LEFT_OUT = (
    ("the constant of the number of pieces in TF's split (an LSTM or GRU step)", 1, ("Split",),
     _split_without_count_constant),
    ("the TensorArraySizeV3 of a TensorArray's stack (dynamic_rnn's outputs)", 1, ("TensorArrayGatherV3",),
     _stack_without_size),
    ("the reduction axes of a scalar: one constant where TF 2.x makes four ops (tf.losses)", -3, ("Range",),
     _scalar_reduction_range),
    ("random_uniform's scaling of a [0, maxval) draw: sub, mul, add where TF 2.x makes one Mul (image ops)", 2,
     ("Mul",), _uniform_scaled_by_mul),
    ("one_hot's on_value and off_value, converted again under those names (indicator_column)", 2, ("OneHot",),
     _one_hot_without_named_values),
    ("embedding_lookup_sparse's Cast, Unique and gather of one variable's rows (embedding_column)", 5,
     ("SparseSegmentMean", "SparseSegmentSum", "SparseSegmentSqrtN"), _sparse_segment_reduction_of_the_variable),
    ("TF 1.15's dropout ops for a rate given as a number: 16 where TF 2.x's makes 8 (tf.layers.dropout); the mask "
     "itself is drawn with another op seed", 8, ("SelectV2",), _tf2_dropout_of_a_number),
    ("tensordot's transposes and reshapes of operands of known shape (tf.layers.dense of a rank-3 input, an "
     "attention mechanism's memory_layer): TF 2.x skips those that change nothing", 1, ("MatMul",),
     _tensordot_without_tf1_reshapes),
    ("the Cast of params' int64 shape in the gradient of tf.gather (embedding_lookup, LazyAdam's sparse update)", 1,
     ("Const", "Shape"), _gather_gradient_without_cast),
    ("the default options of an initializable iterator's dataset: a Const, OptimizeDataset and ModelDataset "
     "(make_initializable_iterator, Estimator's input_fn)", 3, ("MakeIterator",), _iterator_without_tf1_options),
)


def _by_op_type(rows):
    """op type -> the (difference, test) of the rows that look at it: one dict lookup per op of a graph."""
    found = {}
    for _what, difference, op_types, test in rows:
        for op_type in op_types:
            found.setdefault(op_type, []).append((difference, test))
    return found


_LEFT_OUT_BY_TYPE = _by_op_type(LEFT_OUT)


class _OpCountSeed:
    """The op seed TF 1.x gave the next random op of `graph`: how many ops the graph holds, and the ops TF 1.15
    would hold where TF 2.x left some out (`LEFT_OUT`; each op is looked at once, when a random op asks: its type
    read in C, the op itself only for the types a row looks at)."""

    __slots__ = ("_graph", "_seen", "_position", "_previous", "_left_out")

    def __init__(self, graph):
        self._graph = weakref.ref(graph)  # TF's dict holds graphs weakly; so does this
        self._seen = self._left_out = self._position = 0
        self._previous = (None, None)  # the two ops looked at last, the last first (as TF_Operation handles)

    def __mod__(self, modulus):  # TF's _truncate_seed(op_seed)
        graph = self._graph()
        count = _op_count(graph)
        if CORRECTS_LEFT_OUT:
            self._look_at_new_ops(graph, count)
        return (count + self._left_out) % modulus

    def _look_at_new_ops(self, graph, count):
        previous = self._previous
        with _c_graph(graph) as c_graph:
            while self._seen < count:
                operation, self._position = _c_api.TF_GraphNextOperation(c_graph, self._position)
                self._seen += 1
                for difference, test in _LEFT_OUT_BY_TYPE.get(_c_api.TF_OperationOpType(operation), ()):
                    # A test answers True (the row's difference) or how many times it (a number, 0 for none).
                    self._left_out += difference * int(
                        test(graph, graph._get_operation_by_tf_operation(operation), previous))
                previous = (operation, previous[0])
        self._previous = previous

    def count_as_one_op(self, graph, ops_before):
        """The ops made from `ops_before` on count as one op, and the LEFT_OUT rows skip them."""
        count = _op_count(graph)
        if CORRECTS_LEFT_OUT:
            self._look_at_new_ops(graph, ops_before)
            previous = self._previous
            with _c_graph(graph) as c_graph:
                while self._seen < count:
                    operation, self._position = _c_api.TF_GraphNextOperation(c_graph, self._position)
                    self._seen += 1
                    previous = (operation, previous[0])
            self._previous = previous
        self._left_out += 1 - (count - ops_before)

    def __add__(self, increment):  # TF's `_graph_to_seed_dict[graph] += 1`: nothing to count
        return self

    def __repr__(self):
        return "<TF 1.x op seeds: the op count of %r>" % self._graph()


def built_in_place_of_one_op(graph, ops_before):
    """scopecompat built the ops of `graph` from `ops_before` on where TF 1.15 built one op that TF 2.x no longer
    has (gather_tree's GatherTree): the op seed of later random ops counts that one op, as TF 1.15's did, and no
    LEFT_OUT row looks at the ops built in its place. Nothing for a graph that keeps TF 2.x's counter."""
    rule = _tf_random_seed._graph_to_seed_dict.get(graph) if FOLLOWS_TF1 else None
    if isinstance(rule, _OpCountSeed) and not _context.executing_eagerly():
        rule.count_as_one_op(graph, ops_before)


def op_count(graph):
    """How many ops `graph` holds (0 where this TF cannot tell cheaply: then no op seed follows TF 1.x anyway)."""
    return _op_count(graph) if _op_count is not None and not _context.executing_eagerly() else 0


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


@functools.wraps(_tf_random_ops.random_gamma)
def random_gamma(shape, alpha, beta=None, dtype=_dtypes.float32, seed=None, name=None):
    if _context.executing_eagerly():
        return _tf_random_ops.random_gamma(shape, alpha, beta, dtype, seed, name)
    with _ops.name_scope(name, "random_gamma", [shape, alpha, beta]):
        shape = _ops.convert_to_tensor(shape, name="shape", dtype=_dtypes.int32)
        alpha = _ops.convert_to_tensor(alpha, name="alpha", dtype=dtype)
        beta = _ops.convert_to_tensor(beta if beta is not None else 1, name="beta", dtype=dtype)
        alpha_broadcast = alpha + _array_ops.zeros_like(beta)  # TF 1.15's broadcast: the same values
        seed1, seed2 = _tf_random_seed.get_seed(seed)
        drawn = _gen_random_ops.random_gamma(shape, alpha_broadcast, seed=seed1, seed2=seed2)
        return _math_ops.maximum(np.finfo(alpha.dtype.as_numpy_dtype).tiny, drawn / beta)
