"""The hooks (scopecompat/_diagnostics/hooks.py): get_variable runs TF's own statement with TF's signature and
counts its calls on the returned object; the hooks give TF's own objects and let other errors through."""

import inspect

import pytest
import tensorflow

import scopecompat as tf
from scopecompat._diagnostics import hooks
from taught import assert_taught


def test_other_value_errors_pass_through_untouched(graph):
    mine = ValueError("not about variables")
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope("s"):
            raise mine
    assert raised.value is mine, "a ValueError that is not a variable-sharing error must not be replaced"
    assert tf.get_variable_scope().name == "", "the scope should be exited after the error"


def test_the_success_path_gives_tfs_own_objects(graph):
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE) as scope:
        ours = tf.get_variable("v", [3])
        theirs = tensorflow.compat.v1.get_variable("v", [3])
    assert ours is theirs, "scopecompat's get_variable should return TF's variable"
    assert isinstance(tf.variable_scope("x"), tensorflow.compat.v1.variable_scope), "variable_scope is TF's subclass"
    assert scope.name == "s" and scope.reuse is tf.AUTO_REUSE, "the scope object should be TF's VariableScope"


def test_get_variable_takes_exactly_tfs_parameters(graph):
    """The wrapper spells TF's signature out (cheaper than *args, **kwargs): it must stay TF's, keyword
    and positional alike, on every TF version in the matrix."""
    ours = inspect.signature(tf.get_variable, follow_wrapped=False)
    theirs = inspect.signature(tensorflow.compat.v1.get_variable)
    assert ours == theirs, "scopecompat.get_variable%s differs from TF's get_variable%s" % (ours, theirs)
    positional = tf.get_variable("p", [2], tf.float64, tf.zeros_initializer(), None, False)
    assert (positional.dtype.base_dtype, positional.trainable) == (tf.float64, False), (
        "positional arguments should reach TF's get_variable in TF's order")


def test_get_variable_runs_tfs_own_statement_on_every_tf_of_the_matrix():
    """scopecompat's get_variable runs TF's one-statement body itself (one frame less than calling TF's
    function). If a TF release changes that body, this fails, so the change is read before it is trusted."""
    assert hooks.RUNS_TF_STATEMENT, (
        "TF %s's get_variable is no longer `return get_variable_scope().get_variable(_get_default_variable_store(), "
        "...)` (names %s): read it, then update scopecompat/_diagnostics/hooks.py" % (
            tensorflow.__version__, tensorflow.compat.v1.get_variable.__code__.co_names))
    assert hooks._variable_scope_of is tensorflow.compat.v1.get_variable_scope, (
        "the statement should call TF's own get_variable_scope")


def test_the_fallback_that_calls_tfs_function_also_teaches_and_counts(graph):
    """On a TF whose get_variable is not that one statement, scopecompat calls TF's function instead."""
    calling_tf = hooks._get_variable_calling_tf
    with tf.variable_scope("f", reuse=tf.AUTO_REUSE):
        first, again = calling_tf("v", [2]), calling_tf("v", shape=[2])
    assert first is again, "both calls should return the same variable"
    assert hooks.get_variable_calls(first) == 2, "the two calls should be counted on the variable"
    with pytest.raises(ValueError) as raised:
        calling_tf("f/v", [2])
    assert_taught(raised.value, "Variable f/v already exists, disallowed.")


def test_the_call_count_is_kept_on_the_returned_object(graph):
    """The count is an attribute of the returned object (so it dies with it: test_under_load.py); one that
    takes no attributes (a custom getter's) is returned uncounted, not refused."""
    variable = tf.get_variable("counted", [1])
    assert vars(variable)[hooks.CALLS_ATTRIBUTE] == 1, "the first call should set the count to 1"

    class Slotted:
        __slots__ = ()

    slotted = Slotted()
    returned = tf.get_variable("uncounted", [1], custom_getter=lambda getter, *args, **kwargs: slotted)
    assert returned is slotted, "what a custom getter returns should come back as it is"
    assert hooks.get_variable_calls(returned) is None, "an object without attributes cannot be counted"
