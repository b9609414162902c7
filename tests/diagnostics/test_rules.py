"""Errors that teach (scopecompat/_diagnostics/rules.py): TF's variable-sharing errors through scopecompat keep
their type and message, and go on with where things were made in the user's code, the scopes' reuse settings
and the fix."""

import pytest

import scopecompat as tf
from conftest import run_python
from taught import assert_taught, line_of_next_statement

THIS_FILE = __file__


def test_already_exists_says_where_the_first_was_made_and_how_to_share(graph):
    first_line = line_of_next_statement()
    tf.get_variable("var3", [1], initializer=tf.constant_initializer(1.0))
    with pytest.raises(ValueError) as raised:
        tf.get_variable("var3", [1], initializer=tf.constant_initializer(1.0))
    message = str(raised.value)
    assert_taught(raised.value, "Variable var3 already exists, disallowed.")
    assert "created at %s:%d" % (THIS_FILE, first_line) in message, "the user's own line is missing: %s" % message
    assert "'' (the root scope): reuse=False" in message, "the root scope's reuse setting is missing: %s" % message
    assert "reuse=True" in message and "tf.AUTO_REUSE" in message, "the fix is missing: %s" % message


def test_a_resource_variable_that_already_exists_gets_the_same_facts(graph):
    """TF prints no "Originally defined at" for resource variables: the facts matter all the more."""
    first_line = line_of_next_statement()
    tf.get_variable("r", [2], use_resource=True)
    with pytest.raises(ValueError) as raised:
        tf.get_variable("r", [2], use_resource=True)
    assert_taught(raised.value, "Variable r already exists, disallowed.")
    assert "'r:0' (shape (2,), float32) was created at %s:%d" % (THIS_FILE, first_line) in str(raised.value), (
        str(raised.value))


def test_the_same_line_run_twice_is_recognised(graph):
    def build():
        return tf.get_variable("w", [2])

    build()
    with pytest.raises(ValueError) as raised:
        build()
    assert "This call is that same line, run a second time" in str(raised.value), str(raised.value)


def test_an_rnn_built_twice_names_the_users_line_not_tf_internals(graph):
    """Tutorial 004, huangyongye's notebook (docs/sources.md): the LSTM example run a second time."""
    inputs = tf.placeholder(tf.float32, [2, 3, 4])
    first_line = line_of_next_statement()
    tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), inputs, dtype=tf.float32)
    with pytest.raises(ValueError) as raised:
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), inputs, dtype=tf.float32)
    message = str(raised.value)
    assert_taught(raised.value, "Variable rnn/basic_lstm_cell/kernel already exists, disallowed.")
    assert "created at %s:%d" % (THIS_FILE, first_line) in message, "the user's own line is missing: %s" % message
    assert "'rnn/basic_lstm_cell', 'rnn': opened by TensorFlow's own code" in message, (
        "the scopes the cell opened should be named: %s" % message)


def test_errors_inside_variable_scope_blocks_list_each_scopes_reuse(graph):
    """Layers call TF's own get_variable: their errors are taught by the enclosing variable_scope blocks."""
    inputs = tf.placeholder(tf.float32, [None, 3])
    with tf.variable_scope("model"):
        with tf.variable_scope("head"):
            tf.layers.dense(inputs, 2, name="fc")
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope("model"):
            with_line = line_of_next_statement()
            with tf.variable_scope("head", reuse=True):
                tf.layers.dense(inputs, 2, name="fc2")  # a typo'd layer name: nothing to reuse
    message = str(raised.value)
    assert_taught(raised.value, "Variable model/head/fc2/kernel does not exist")
    scopes = message[message.index("Variable scopes around the call"):]
    assert "'model/head/fc2': opened by TensorFlow's own code" in scopes, "the layer's scope: %s" % scopes
    assert "'model/head': reuse=True (opened at %s:%d)" % (THIS_FILE, with_line) in scopes, "inner scope: %s" % scopes
    assert "'model': reuse=False" in scopes, "outer scope: %s" % scopes
    assert scopes.index("'model/head':") < scopes.index("'model':"), "scopes should be innermost first"
    assert "'model/head/fc/kernel'" in message, "the near name fc/kernel should be suggested: %s" % message


def test_a_scope_is_shown_where_it_was_opened_not_at_the_failing_call(graph):
    with pytest.raises(ValueError) as raised:
        opened = line_of_next_statement()
        with tf.variable_scope("top", reuse=True):
            call = line_of_next_statement()
            tf.get_variable("missing", [1])
    scopes = str(raised.value)[str(raised.value).index("Variable scopes around the call"):]
    assert "'top': reuse=True (opened at %s:%d)" % (THIS_FILE, opened) in scopes, "the with line: %s" % scopes
    assert "%s:%d" % (THIS_FILE, call) not in scopes, "the call's line is not where a scope was opened: %s" % scopes


def test_a_scope_seen_only_at_the_call_says_so(graph):
    """An error caught inside the block is taught before the block ends: where the scope was opened is unknown."""
    with tf.variable_scope("top", reuse=True):
        try:
            call = line_of_next_statement()
            tf.get_variable("missing", [1])
        except ValueError as error:
            message = str(error)
    assert "'top': reuse=True (in force at the call, %s:%d)" % (THIS_FILE, call) in message, message
    tf.get_variable("twice", [1])
    with pytest.raises(ValueError) as raised:
        tf.get_variable("twice", [1])
    assert "'' (the root scope): reuse=False\n" in str(raised.value), "the root scope has no line: %s" % raised.value


def test_does_not_exist_suggests_near_names(graph):
    with tf.variable_scope("v_scope"):
        tf.get_variable("weights", [2])
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope("v_scope", reuse=True):
            tf.get_variable("wieghts", [2])
    message = str(raised.value)
    assert_taught(raised.value, "Variable v_scope/wieghts does not exist, or was not created with tf.get_variable()")
    assert "Near names in the variable store: 'v_scope/weights'" in message, message
    assert "'v_scope': reuse=True" in message, "the reusing scope should be named: %s" % message


def test_does_not_exist_says_when_a_tf_variable_has_that_name(graph):
    with tf.variable_scope("v_scope"):
        tf.Variable([0.0, 0.0], name="bias")
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope("v_scope", reuse=True):
            tf.get_variable("bias", [2])
    message = str(raised.value)
    assert "A variable named 'v_scope/bias' exists, but it was made by tf.Variable" in message, message
    assert "tf.get_variable(...) instead of tf.Variable(...)" in message, "the fix is missing: %s" % message


@pytest.mark.parametrize("optimizer, slot", [
    (lambda: tf.train.AdamOptimizer(0.1), "Adam"),
    (lambda: tf.train.MomentumOptimizer(0.1, 0.9), "Momentum"),
])
def test_optimizer_slots_made_inside_a_reusing_scope_are_recognised(graph, optimizer, slot):
    with tf.variable_scope("model"):
        weights = tf.get_variable("w", [2])
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope("model", reuse=True):
            loss = tf.reduce_sum(tf.get_variable("w", [2]) * weights)
            optimizer().minimize(loss)
    message = str(raised.value)
    assert "/w/%s/ does not exist" % slot in message.split("\n")[0], message
    assert "is an optimizer slot" in message, "the slot trap should be recognised: %s" % message
    assert "Call minimize() (or apply()) outside the `with tf.variable_scope(..., reuse=True)` block" in message, (
        "the known fix is missing: %s" % message)


def test_batch_norm_first_built_inside_a_reusing_scope_is_recognised(graph):
    inputs = tf.placeholder(tf.float32, [None, 3])
    with tf.variable_scope("d"):
        tf.layers.dense(inputs, 3, name="fc")
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope("d", reuse=True):
            tf.layers.batch_normalization(tf.layers.dense(inputs, 3, name="fc"), training=True)
    assert "belongs to a batch normalization" in str(raised.value), str(raised.value)


def test_shape_mismatch_gives_both_shapes_and_where_the_original_was_made(graph):
    first_line = line_of_next_statement()
    tf.get_variable("s", [2])
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope(tf.get_variable_scope(), reuse=True):
            tf.get_variable("s", [3])
    message = str(raised.value)
    assert_taught(raised.value, "Trying to share variable s, but specified shape (3,) and found shape (2,).")
    assert "created at %s:%d" % (THIS_FILE, first_line) in message, message
    assert "asks for shape (3,); the existing variable has shape (2,)" in message, message


def test_dtype_mismatch_gives_both_dtypes(graph):
    tf.get_variable("d", [2])
    with pytest.raises(ValueError) as raised:
        with tf.variable_scope(tf.get_variable_scope(), reuse=True):
            tf.get_variable("d", [2], dtype=tf.int32)
    assert_taught(raised.value, "Trying to share variable d, but specified dtype int32 and found dtype float32_ref.")
    assert "asks for dtype int32; the existing variable has dtype float32" in str(raised.value), str(raised.value)


def test_a_notebook_cell_run_again_gets_the_fresh_graph_advice():
    """A real IPython shell runs the tutorials' LSTM cell twice, as a notebook user does."""
    pytest.importorskip("IPython", reason="IPython is part of the test extra; the tf212 tox env goes without it")
    result = run_python("""
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        shell.run_cell("import scopecompat as tf")
        cell = (
            "x = tf.placeholder(tf.float32, [2, 3, 4])\\n"
            "outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), x, dtype=tf.float32)\\n"
        )
        assert shell.run_cell(cell).success
        error = shell.run_cell(cell).error_in_exec
        print("@@@" + type(error).__name__ + "\\n" + str(error))
    """)
    error = result.stdout.split("@@@", 1)[1]
    assert error.startswith("ValueError\nVariable rnn/basic_lstm_cell/kernel already exists"), error
    fixes = error[error.index("What to do"):]
    assert fixes.split("\n")[1].startswith("  - Running a notebook cell again builds on the graph of its earlier run"), (
        "in a notebook the fresh-graph advice should come first: %s" % fixes)
    assert "tf.reset_default_graph()" in fixes, fixes
