"""The hooks, on TF1's hot path: errors that teach, and get_variable's call counts.

TF1's two famous errors, "Variable X already exists, disallowed" and "Variable X does not exist, or
was not created with tf.get_variable()", say what failed but not why. Through scopecompat they stay
what they were (a ValueError whose message starts with TF's message, unchanged, and whose __cause__
is TF's own exception) and go on with the facts TF had but did not print: where the existing variable
was created in the user's code, the reuse setting of the variable scopes around the call, near names,
a tf.Variable of that name, the optimizer-slot trap; then the fix that fits.

Where errors are caught (on the success path each costs at most one Python call):
- `get_variable`, which runs TF's own one-statement body in its own frame (no extra call) and also counts,
  on each variable, the calls that returned it (for inventory());
- `variable_scope`, in `__exit__`, so that errors raised inside a `with tf.variable_scope(...)` block
  by layers, RNN cells and optimizers (which call TF's own get_variable) teach too;
- the RNN builders of tf.nn (a re-run notebook cell building its LSTM again is the tutorials' classic).
An error that TensorFlow's own code raises outside all of these (tf.layers.dense at the top level, say)
keeps TF's message alone. A hint that cannot be computed is left out: TF's error always comes through.
What the hooks do with a caught error is rules.teach(); the facts it reads are answered in facts.py.
"""

import functools
import sys

from scopecompat._facade import scope_store
from scopecompat._facade.bootstrap import tf_v1
from scopecompat._diagnostics.rules import teach

# -- counting get_variable calls ---------------------------------------------------------------------

# Each object get_variable returns carries its own count, as this attribute (TF never reads it). Kept on
# the object, the count costs nothing to find: TF has just read that object's attributes, so they are in
# the cache, where a module-level {id(variable): count} dict measured +1% of a reusing get_variable call
# (its memory had gone cold during TF's ~230 calls). And it goes away with the variable: nothing is kept
# alive, no id can be confused with another's.
CALLS_ATTRIBUTE = "_scopecompat_get_variable_calls"


def _count_first_call(value):
    try:
        setattr(value, CALLS_ATTRIBUTE, 1)
    except (AttributeError, TypeError):  # a custom getter returned an object that takes no attributes
        pass


def get_variable_calls(value):
    """How many get_variable calls through scopecompat returned `value`, or None if none did."""
    return getattr(value, CALLS_ATTRIBUTE, None)


# -- get_variable ------------------------------------------------------------------------------------

_tf_get_variable = tf_v1.get_variable
# TF's tf.compat.v1.get_variable is one statement, as it was in TF 1.x (tests/diagnostics/test_hooks.py
# checks it on each TF of the matrix; seen on 2.12, 2.16 and 2.21):
#     return get_variable_scope().get_variable(_get_default_variable_store(), name, shape=shape, ...)
# scopecompat's get_variable runs that statement itself, inside its try, rather than calling TF's
# function: the extra frame (15 arguments passed on) measured +0.3-0.5% of a reusing call, and the target
# is 1% all told (benchmarks/README.md). Where TF's function is not that statement (a TF release after
# 2.21, allowed by SCOPECOMPAT_ALLOW_UNTESTED_TF), get_variable calls TF's function instead.
_TF_GET_VARIABLE_NAMES = ("get_variable_scope", "get_variable", "_get_default_variable_store")


def _tf_get_variable_is_one_statement():
    try:
        from tensorflow.python.ops import variable_scope as tf_variable_scope
    except ImportError:
        return False
    return (_tf_get_variable.__code__.co_names == _TF_GET_VARIABLE_NAMES
            and _tf_get_variable.__globals__ is vars(tf_variable_scope))


RUNS_TF_STATEMENT = _tf_get_variable_is_one_statement()
# The statement's two functions, as TF's function finds them (its module's globals).
_variable_scope_of = _tf_get_variable.__globals__.get("get_variable_scope")
_default_variable_store = _tf_get_variable.__globals__.get("_get_default_variable_store")


# TF's own signature, spelled out (tests/diagnostics/test_hooks.py checks that it is TF's): `*args,
# **kwargs` measured 1-2% of a reusing call on CPython 3.11, which does not inline a `f(*args, **kwargs)` call.
@functools.wraps(_tf_get_variable)
def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                 collections=None, caching_device=None, partitioner=None, validate_shape=True, use_resource=None,
                 custom_getter=None, constraint=None, synchronization=tf_v1.VariableSynchronization.AUTO,
                 aggregation=tf_v1.VariableAggregation.NONE):
    try:
        variable = _variable_scope_of().get_variable(
            _default_variable_store(), name, shape=shape, dtype=dtype, initializer=initializer,
            regularizer=regularizer, trainable=trainable, collections=collections, caching_device=caching_device,
            partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
            custom_getter=custom_getter, constraint=constraint, synchronization=synchronization,
            aggregation=aggregation)
    except ValueError as error:
        taught = teach(error, sys._getframe(1))
        if taught is None:
            raise
        raise taught from error
    try:
        variable._scopecompat_get_variable_calls += 1  # CALLS_ATTRIBUTE, spelled out: no getattr() call
    except AttributeError:
        _count_first_call(variable)
    return variable


# -- the other wrappers ------------------------------------------------------------------------------

def teaching(function):
    """`function`, whose variable-sharing errors teach."""

    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ValueError as error:
            taught = teach(error, sys._getframe(1))
            if taught is None:
                raise
            raise taught from error

    return call


def _get_variable_calling_tf(*args, **kwargs):
    """get_variable where TF's function is not the one statement above: TF's function, called."""
    variable = _teaching_tf_get_variable(*args, **kwargs)
    try:  # counted as get_variable above counts
        variable._scopecompat_get_variable_calls += 1
    except AttributeError:
        _count_first_call(variable)
    return variable


_teaching_tf_get_variable = teaching(_tf_get_variable)
if not RUNS_TF_STATEMENT:
    get_variable = functools.wraps(_tf_get_variable)(_get_variable_calling_tf)  # noqa: F811  (on purpose)


# tf.nn's RNN builders: where the cells' variables are made, by TensorFlow's own get_variable.
dynamic_rnn = teaching(tf_v1.nn.dynamic_rnn)
static_rnn = teaching(tf_v1.nn.static_rnn)
bidirectional_dynamic_rnn = teaching(tf_v1.nn.bidirectional_dynamic_rnn)
static_bidirectional_rnn = teaching(tf_v1.nn.static_bidirectional_rnn)

_tf_variable_scope = tf_v1.variable_scope
_tf_variable_scope_enter = _tf_variable_scope.__enter__
_tf_variable_scope_exit = _tf_variable_scope.__exit__


class variable_scope(_tf_variable_scope):  # noqa: N801  (TF's name)
    __doc__ = _tf_variable_scope.__doc__

    if scope_store.INDEXES_SCOPES:
        def __enter__(self):
            # Not teaching, speed: the graph's scope store gets its index (scopecompat/_facade/scope_store.py)
            # the first time scopecompat enters a scope in that graph, so that TF's own scopes inside (layers,
            # RNN cells, optimizer slots) use it too. After that: one Python call and a class check.
            entered = _tf_variable_scope_enter(self)
            store = self._cached_pure_variable_scope._var_scope_store
            if type(store) is not scope_store.IndexedScopeStore:  # type(): no lookup on the threading.local
                scope_store.indexed(store)
            return entered

    def __exit__(self, exc_type, exc_value, exc_traceback):
        # The teaching is all in __exit__: the success path pays one Python call when the block ends.
        if exc_type is not ValueError:
            return _tf_variable_scope_exit(self, exc_type, exc_value, exc_traceback)
        # Still this block's scope and graph: inner blocks have exited, this one not yet. While an error
        # leaves a `with` block, its frame is at the `with` line: where this scope was opened.
        taught = teach(exc_value, sys._getframe(1), tf_v1.get_variable_scope(), opened=True)
        _tf_variable_scope_exit(self, exc_type, exc_value, exc_traceback)
        if taught is not None:
            raise taught from exc_value
        return None
