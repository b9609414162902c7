"""Every name where scopecompat is NOT `tf.compat.v1`'s own object, and why.

Re-export by identity is the rule (`scopecompat.X is tf.compat.v1.X`). A name is replaced only where
legacy behaviour needs it, and then it is listed here with its reason; tests/facade/test_namespaces.py checks that
every other name is identical and that every replacement listed here is in force.

An override applies only while `applies()` is true (e.g. only under Keras 3); otherwise the name is
the identical tf.compat.v1 object like every other.
"""

import collections
import importlib

from scopecompat import _keras_bridge

Override = collections.namedtuple("Override", "path reason applies load")


def _tf_keras_module(path):
    return lambda: _keras_bridge.import_tf_keras_module(_keras_bridge.TF_KERAS_MODULES[path])


_KERAS_3_REASON = (
    "TF >= 2.16 routes tf.compat.v1.%s to Keras 3, which raises 'not available with Keras 3'; "
    "scopecompat routes it to tf_keras (as TF_USE_LEGACY_KERAS=1 would, but for scopecompat only)."
)

KERAS_OVERRIDES = tuple(
    Override(path, _KERAS_3_REASON % path, _keras_bridge.tf_uses_keras_3, _tf_keras_module(path))
    for path in _keras_bridge.TF_KERAS_MODULES
)


def _always():
    return True


def _own(module, attribute):
    """scopecompat's replacement `attribute` of scopecompat.`module` (imported on first use)."""
    return lambda: getattr(importlib.import_module("scopecompat." + module), attribute)


_TEACHING = (
    "Errors that teach: its variable-sharing ValueErrors (already exists, does not exist, shape or dtype "
    "mismatch) keep TF's type and message and append where the existing variable was created in your code, "
    "the reuse of the scopes around the call, near names and the fix (scopecompat/_diagnostics/). "
)
_RNN_REASON = _TEACHING + "The RNN cells' variables are made here by TF's own get_variable."

# Graph-seeded programs (only tf.set_random_seed) draw TF 1.15's numbers: the op seeds, and the op count they come from.
_COUNT_SHIFT = ("so a graph seeded only by the graph counts other ops than TF 1.15's, and every random op made after "
                "it draws with another op seed")
_OP_SEEDS = (
    "TF 1.x's op seeds: after it, random ops made without their own seed in the default graph get the op seed TF "
    "1.x gave them (the graph's op count), where TF 2.x numbers them 0, 1, 2, ... per graph: a program seeded only "
    "by the graph draws TF 1.15's initial weights, dropout masks and shuffles. TF's function, then one dict entry "
    "for the graph")
_UNIFORM = (
    "TF 1.x's ops for the default range [0, 1): TF 2.x leaves out the min and max constants and the scaling there, "
    + _COUNT_SHIFT + ". The same values; success path: one Python call, then TF's function")
_DROPOUT = (
    "TF 1.15's ops: TF 2.x builds dropout with other ops (scale first, then where_v2), " + _COUNT_SHIFT
    + ", and names the result otherwise; scopecompat's builds TF 1.15's (uniform draw >= rate, x * scale * mask), "
    "the same values. Eager calls and what TF refuses go to TF's function. Success path: one Python call building "
    "the same number of ops")
_SPLIT = (
    "TF 1.15's ops: split into a number of pieces made a constant of that number first (unused), which TF 2.x "
    "leaves out, " + _COUNT_SHIFT + ". Success path: one Python call and, for a number of pieces, that constant")
_ZEROS = (
    "TF 1.15's ops for a shape list holding a tensor (tf.zeros([batch_size, 10])): numpy's product of the shape, "
    "which TF 1.15 tried first, built a mul and a Less out of the tensor (unused) that TF 2.x leaves out, "
    + _COUNT_SHIFT + ". Other shapes: one Python call and an isinstance check per size, then TF's function")
_ONES_LIKE = (
    "TF 1.15's op names: the constant shape of a tensor of known shape is named ones_like/Shape (TF 2.x: "
    "ones_like/Shape/shape_as_tensor), which TF1 code reaching tensors by name sees. Success path: one Python call "
    "building TF 1.15's ops")
_ONE_HOT = (
    "TF 1.15's ops for a Python on_value or off_value: converted again under the names on_value and off_value "
    "(TF 2.x feeds the dtype probes to the op), " + _COUNT_SHIFT + ". Tensors or no values: one Python call, then "
    "TF's function")
_TENSORDOT = (
    "TF 1.15's ops: both operands always transposed and reshaped, and the product reshaped; TF 2.x skips those that "
    "change nothing (a rank-3 by matrix product: 6 ops fewer), " + _COUNT_SHIFT + ", and renames the reshapes. The "
    "same values; success path: one Python call building TF 1.15's ops")
_GAMMA = (
    "TF 1.15's ops: TF 2.x broadcasts alpha with broadcast_to (four ops) where TF 1.15 added zeros_like(beta) (two), "
    "before the draw, " + _COUNT_SHIFT + ", the gamma draw's own first. The same values for the same op seed; eager "
    "calls go to TF's function. Success path: one Python call building TF 1.15's ops")


def _rebuilt_in(module, rows):
    """Overrides by scopecompat.`module`'s functions: rows of (path, the function there, reason)."""
    where = " (scopecompat/%s.py)." % module.replace(".", "/")
    return tuple(Override(path, reason + where, _always, _own(module, function)) for path, function, reason in rows)


OWN_OVERRIDES = (
    Override("get_variable", _TEACHING + "It also counts the calls that return each variable, for "
             "scopecompat.inventory(). Success path: TF's own one-statement body, run in scopecompat's function "
             "instead of TF's (no extra call), and one attribute increment on the returned variable.",
             _always, _own("_diagnostics.hooks", "get_variable")),
    Override("variable_scope", _TEACHING + "For errors raised inside a `with tf.variable_scope(...)` block, "
             "also by layers, RNN cells and optimizers, which call TF's own get_variable. A subclass of "
             "tf.compat.v1.variable_scope that adds only __exit__, and __enter__ for the indexed scope store "
             "(TF_OBJECTS below).", _always, _own("_diagnostics.hooks", "variable_scope")),
    Override("nn.dynamic_rnn", _RNN_REASON, _always, _own("_diagnostics.hooks", "dynamic_rnn")),
    Override("nn.static_rnn", _RNN_REASON, _always, _own("_diagnostics.hooks", "static_rnn")),
    Override("nn.bidirectional_dynamic_rnn", _RNN_REASON, _always, _own("_diagnostics.hooks", "bidirectional_dynamic_rnn")),
    Override("nn.static_bidirectional_rnn", _RNN_REASON, _always, _own("_diagnostics.hooks", "static_bidirectional_rnn")),
    Override("train.Saver", "Old checkpoints load: restore() also reads checkpoints written by TF 0.12 and "
             "1.0/1.1, whose RNN variables carry old names (RNN/BasicLSTMCell/Linear/Matrix, .../weights), and "
             "a checkpoint that lacks variables gets an error naming all of them before anything is restored "
             "(scopecompat/_legacy/checkpoints.py). A subclass of tf.compat.v1.train.Saver.",
             _always, _own("_legacy.checkpoints", "Saver")),
) + tuple(
    # TF 0.12's positional (logits, labels) call would run with the two swapped (scopecompat/_legacy/signatures.py).
    Override("nn." + name, "A positional call raises TF 1.x's ValueError 'Only call `%s` with named arguments' "
             "with a hint: TF 0.12 took (logits, %s) positionally, TF 1.x refused positional calls, and TF 2.x's "
             "tf.compat.v1 reads them as (labels, logits), silently swapping TF 0.12's arguments. Success path: "
             "one Python call that checks for positional arguments, then TF's function." % (name, labels),
             _always, _own("_legacy.signatures", name))
    for name, labels in (("softmax_cross_entropy_with_logits", "labels"),
                         ("sparse_softmax_cross_entropy_with_logits", "labels"),
                         ("sigmoid_cross_entropy_with_logits", "targets"))
) + (
    Override("reverse", "A boolean axis raises a TypeError naming the indices to pass: TF 0.12's "
             "tf.reverse(x, [True, False]) reversed axis 0, TF >= 1.0 reads the mask as axes [1, 0] and silently "
             "reverses both. Success path: one Python call and an isinstance check, then TF's function.",
             _always, _own("_legacy.signatures", "reverse")),
) + _rebuilt_in(
    # TF 1.x's op seeds: (path, function there, reason).
    "_legacy.random_seeds", (
        ("set_random_seed", "set_random_seed", _OP_SEEDS),
        ("random.set_random_seed", "set_random_seed", _OP_SEEDS),
        ("random_uniform", "random_uniform", _UNIFORM),
        ("random.uniform", "random_uniform", _UNIFORM),
        ("nn.dropout", "dropout", _DROPOUT),
        ("random_gamma", "random_gamma", _GAMMA),
        ("random.gamma", "random_gamma", _GAMMA),
    )
) + _rebuilt_in(
    # TF 1.15's ops, so the op count they seed from: (path, function there, reason).
    "_legacy.tf1_ops", (
        ("split", "split", _SPLIT),
        ("zeros", "zeros", _ZEROS),
        ("ones", "ones", _ZEROS),
        ("ones_like", "ones_like", _ONES_LIKE),
        ("one_hot", "one_hot", _ONE_HOT),
        ("tensordot", "tensordot", _TENSORDOT),
        ("linalg.tensordot", "tensordot", _TENSORDOT),
    )
)

# tf.layers' convolutions as TF 1.15 built them (scopecompat/_legacy/tf1_layers.py), within the tf.layers that the
# Keras override above serves (tf_keras's under Keras 3, TF's own before).
_CONVOLUTION = (
    "TF 1.15's ops: its tf.layers convolution made nn_ops.Convolution in build, whose dilation_rate constant tf_keras's "
    "and Keras 2's leave out, " + _COUNT_SHIFT + " (the kernels of every later layer of a graph-seeded CNN); 1-D and "
    "dilated convolutions also named their ops as TF 1.15 did. A subclass of the class tf.layers serves (the same "
    "variables and values; isinstance holds), or that class's functional form building it. Success path: the "
    "layer's own call, building TF 1.15's ops (scopecompat/_legacy/tf1_layers.py).")


def _tf1_layers_built():
    return importlib.import_module("scopecompat._legacy.tf1_layers").BUILT_AS_TF1


TF1_LAYERS = tuple(
    Override("layers." + name, _CONVOLUTION, _tf1_layers_built, _own("_legacy.tf1_layers", name))
    for name in ("Conv1D", "Conv2D", "Conv3D", "conv1d", "conv2d", "conv3d")
)

# TF 1.13-1.15 code spells TF1 as `tf.compat.v1.X` after `import tensorflow as tf`: through scopecompat that
# path must lead to scopecompat's names, not around them to TF's (`tf.compat.v2` stays TF's).
COMPAT_V1 = Override(
    "compat.v1", "tf.compat.v1 reached through scopecompat (`import tensorflow as tf` under `scopecompat run`, then "
    "`tf.compat.v1.layers.dense`) is the scopecompat package itself, so that it has the names above: TF's own "
    "tf.compat.v1.compat.v1 is TF's module, which under Keras 3 raises 'not available with Keras 3' for "
    "layers and RNN cells and has neither the errors that teach nor the Saver that reads old checkpoints.",
    _always, lambda: importlib.import_module("scopecompat"))

OVERRIDES = KERAS_OVERRIDES + OWN_OVERRIDES + TF1_LAYERS + (COMPAT_V1,)

BY_PATH = {override.path: override for override in OVERRIDES}

# Not names: TF objects that scopecompat replaces behind tf.compat.v1's names (never process-wide: per graph).
# The path is the replaced TF object's; the rows are not namespace names, so they are kept out of BY_PATH.
TF_OBJECTS = (
    Override("tensorflow.python.ops.variable_scope._VariableScopeStore",
             "Speed only, the same names: each graph in which scopecompat enters a variable_scope gets an indexed "
             "scope store (scopecompat/_facade/scope_store.py), whose scope exit walks only the scopes open below "
             "it where TF's loops over every scope opened so far in the graph (N^2 for N scopes; TF 1.x had the "
             "same loop). The counts behind default names stay TF's, key for key, so every variable and op name "
             "is the same (a randomized differential test and the conformance matrix check it). Layers, RNN cells "
             "and optimizers in that graph use it too; graphs only raw tf.compat.v1 touches keep TF's store.",
             lambda: _own("_facade.scope_store", "INDEXES_SCOPES")(),
             _own("_facade.scope_store", "IndexedScopeStore")),
    Override("tensorflow.python.framework.random_seed._graph_to_seed_dict",
             "TF 1.x's op seeds, per graph: the graph's entry in TF's per-graph op-seed counter becomes the graph's "
             "op count (scopecompat/_legacy/random_seeds.py), for each graph whose seed scopecompat's "
             "set_random_seed sets (the rows above; the Estimator's too). Graphs only raw TF seeds keep TF's counter.",
             lambda: _own("_legacy.random_seeds", "FOLLOWS_TF1")(),
             _own("_legacy.random_seeds", "_OpCountSeed")),
)

BY_TF_OBJECT = {override.path: override for override in TF_OBJECTS}
