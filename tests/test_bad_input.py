"""Bad input gets a clear error that names the problem and the fix, and leaves nothing half-done: the graph,
the variable store and the scope stack are as they were, and the next correct call works."""

import os

import pytest
import tensorflow

import scopecompat as tf
from scopecompat._keras_bridge import tf_uses_keras_3
from conftest import run_python


def assert_graph_unchanged(graph, operations_before):
    assert tf.global_variables() == [], "no variable may be left behind: %s" % tf.global_variables()
    assert len(graph.get_operations()) == operations_before, "no op may be left behind"
    assert tf.get_variable_scope().name == "" and graph.get_name_scope() == "", "the scope stack should be empty"
    with tf.variable_scope("ok"):
        assert tf.get_variable("v", [1]).name == "ok/v:0", "the next correct call should work as in a fresh graph"


@pytest.mark.parametrize("name, problem", [
    ("a b", "contains ' '"), ("-x", "starts with '-'"), ("x:0", "contains ':'"), ("w(1)", "contains '(', ')'"),
])
def test_an_invalid_variable_name(graph, name, problem):
    before = len(graph.get_operations())
    with pytest.raises(ValueError) as raised:
        tf.get_variable(name, [1])
    message = str(raised.value)
    assert message.startswith("'%s' is not a valid root scope name." % name), "TF's message first: %s" % message
    assert "Variable and scope names may contain letters, digits and _ . - /" in message, "the rule: %s" % message
    assert "%r %s" % (name, problem) in message, "what is wrong with the name: %s" % message
    assert_graph_unchanged(graph, before)


@pytest.mark.parametrize("name", ["a b", "-x", "ok/a b"])
def test_an_invalid_scope_name(graph, name):
    before = len(graph.get_operations())
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope(name):
            tf.get_variable("never", [1])
    message = str(raised.value)
    assert message.startswith("'%s' is not a valid root scope name." % name), "TF names the name: %s" % message
    assert "has to match the following pattern" in message, "TF gives the rule: %s" % message
    assert_graph_unchanged(graph, before)


def test_an_invalid_scope_name_inside_a_scope_is_taught(graph):
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope("outer"):
            with tf.variable_scope("a b"):
                pass
    assert "'a b' contains ' '" in str(raised.value), str(raised.value)


@pytest.mark.parametrize("reuse", ["yes", 1, 0, "True"])
def test_reuse_values_other_than_none_true_false_auto_reuse(graph, reuse):
    before = len(graph.get_operations())
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope("s", reuse=reuse):
            tf.get_variable("never", [1])
    assert str(raised.value).startswith("The reuse parameter must be True or False or None."), str(raised.value)
    assert_graph_unchanged(graph, before)


def test_a_bad_reuse_value_inside_a_scope_gets_the_four_values(graph):
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope("outer"):
            with tf.variable_scope("s", reuse="yes"):
                pass
    assert "tf.AUTO_REUSE (create what is missing" in str(raised.value), str(raised.value)


def test_get_variable_without_shape_or_initializer(graph):
    before = len(graph.get_operations())
    with pytest.raises(ValueError) as raised:
        tf.get_variable("noshape")
    message = str(raised.value)
    with tf.Graph().as_default(), pytest.raises(ValueError) as tf_own:  # TF's wording differs by version
        tensorflow.compat.v1.get_variable("noshape")
    assert message.startswith(str(tf_own.value).splitlines()[0]), "TF's message first: %s" % message
    if "did not get an initializer" in message:  # TF 2.13+; TF 2.12 keeps TF 1.15's wording, which names no
        assert "Pass shape=[...]" in message, "the fix: %s" % message  # variable, and gets no hint (a known gap)
    assert_graph_unchanged(graph, before)


@pytest.mark.parametrize("mismatch", [{"shape": [3]}, {"shape": [2], "dtype": tf.int32}], ids=["shape", "dtype"])
def test_sharing_with_a_mismatched_shape_or_dtype_leaves_the_variable_as_it_was(graph, mismatch):
    original = tf.get_variable("shared", [2], initializer=tf.constant_initializer(5.0))
    before = len(graph.get_operations())
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope(tf.get_variable_scope(), reuse=True):
            tf.get_variable("shared", **mismatch)
    assert str(raised.value).startswith("Trying to share variable shared, but specified"), str(raised.value)
    assert "The existing variable 'shared:0' (shape (2,), float32) was created at" in str(raised.value)
    assert tf.global_variables() == [original] and len(graph.get_operations()) == before, "nothing may be added"
    with tf.variable_scope(tf.get_variable_scope(), reuse=True):
        assert tf.get_variable("shared", [2]) is original, "the variable is still shared as before"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(original).tolist() == [5.0, 5.0], "the variable's value is intact"


def test_a_tf_keras_of_another_version_gets_the_pip_command_and_nothing_breaks(tmp_path):
    if not tf_uses_keras_3():
        pytest.skip("TF < 2.16 uses Keras 2: tf_keras is not needed")
    # A tf_keras built for another TensorFlow, as `pip install tf-keras` next to a pinned TF leaves it.
    (tmp_path / "tf_keras").mkdir()
    (tmp_path / "tf_keras" / "__init__.py").write_text("__version__ = '2.15.1'\n")
    result = run_python("""
        import warnings
        import tensorflow  # imported first, but nothing ran eagerly: no eager warning
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import scopecompat as tf
        print("warnings", [str(w.message)[:40] for w in caught if w.category is RuntimeWarning])
        for attempt in range(2):
            try:
                tf.layers.dense
            except ImportError as error:
                print("ImportError", error)
        print("still works:", tf.get_variable("w", [1]).name, tf.nn.relu.__name__)
    """, env={"PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])})
    errors = [line for line in result.stdout.split("\n") if line.startswith("ImportError")]
    assert len(errors) == 2, "every use should raise, not a half-imported module: %s" % result.stdout
    assert "tf-keras 2.15.1 does not match TensorFlow %s" % tensorflow.__version__ in errors[0], errors[0]
    assert "pip install 'tf-keras==%s.%s.*'" % tuple(tensorflow.__version__.split(".")[:2]) in errors[0], errors[0]
    assert "still works: w:0 relu" in result.stdout, "the rest of scopecompat should keep working"
    assert "warnings []" in result.stdout, "TF imported first without eager work: no eager warning expected"


def test_an_unsupported_tensorflow_is_refused_and_eager_tensors_before_the_import_warn():
    """One interpreter, two bad inputs in turn.
    1. An unsupported TF: the machine's TF is supported, so its version is overridden to see the import
       refuse it: the error names the fix, and TF stays in eager mode (disable_v2_behavior never ran).
    2. Eager tensors made before `import scopecompat`: the import warns at the user's import line, says
       what to do, and TF1 code built afterwards works."""
    result = run_python("""
        import sys
        import warnings
        import tensorflow
        real_version, tensorflow.__version__ = tensorflow.__version__, "2.11.0"
        try:
            import scopecompat
        except ImportError as error:
            print("ImportError", error)
        print("eager", tensorflow.executing_eagerly(), "imported", "scopecompat" in sys.modules)
        tensorflow.__version__ = real_version
        eager = tensorflow.constant([1.0, 2.0])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import scopecompat as tf
        for warning in caught:
            print("WARNING", warning.category.__name__, warning.filename, warning.message)
        w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print("graph mode", type(w).__name__, sess.run(w).tolist())
    """)
    assert "ImportError scopecompat supports TensorFlow 2.12 to 2.21, but TensorFlow 2.11.0 is installed" in (
        result.stdout), result.stdout
    assert "pip install 'tensorflow>=2.12" in result.stdout, "the fix should be named: %s" % result.stdout
    assert "eager True imported False" in result.stdout, "nothing may change when the import is refused"
    warnings_printed = [line for line in result.stdout.split("\n") if line.startswith("WARNING")]
    assert len(warnings_printed) == 1, "one warning expected: %s" % result.stdout
    assert warnings_printed[0].startswith("WARNING RuntimeWarning <string> TensorFlow's eager runtime already ran"), (
        "a RuntimeWarning at the user's import line: %s" % warnings_printed[0])
    assert "import scopecompat before any TensorFlow code runs" in warnings_printed[0], "the fix is missing"
    assert "graph mode RefVariable [1.0, 1.0]" in result.stdout, "TF1 code should work after the warning"
