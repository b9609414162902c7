"""scopecompat.inventory(): every variable of a graph, how it was made, and how often it was shared."""

import signal
import subprocess
import sys
import textwrap
import warnings

import pytest

import scopecompat as tf


def build_every_kind():
    """get_variable shared three times, tf.Variable, a layer, an LSTM, a partitioned variable, Adam slots,
    a moving average, a contrib layer: one of each way TF1 code makes variables."""
    inputs = tf.placeholder(tf.float32, [None, 3])
    with tf.variable_scope("net", reuse=tf.AUTO_REUSE):
        for _ in range(3):
            weights = tf.get_variable("w", [3, 2])
        hidden = tf.layers.dense(inputs, 4, name="fc")
    sequence = tf.placeholder(tf.float32, [2, 5, 3])
    outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), sequence, dtype=tf.float32)
    step = tf.Variable(0, name="global_step", trainable=False)
    tf.get_variable("part", [4, 2], partitioner=tf.fixed_size_partitioner(2))
    loss = tf.reduce_sum(tf.matmul(inputs, weights)) + tf.reduce_sum(hidden) + tf.reduce_sum(outputs)
    tf.train.AdamOptimizer().minimize(loss, global_step=step)
    tf.train.ExponentialMovingAverage(0.99).apply([tf.get_variable("averaged", [2])])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        tf.contrib.layers.fully_connected(inputs, 2)


def rows_by_name(rows):
    return {row.name: row for row in rows}


def test_every_variable_once_in_creation_order(graph):
    build_every_kind()
    rows = tf.inventory()
    assert [row.name for row in rows] == [v.name for v in tf.global_variables()], (
        "inventory should list every variable of the graph in creation order: %s" % [row.name for row in rows])


@pytest.mark.parametrize("name, created_by, calls", [
    ("net/w:0", "get_variable", 3),
    ("net/fc/kernel:0", "layer", None),
    ("rnn/basic_lstm_cell/kernel:0", "rnn cell", None),
    ("global_step:0", "Variable", 0),
    ("part/part_0:0", "get_variable", 1),
    ("part/part_1:0", "get_variable", 1),
    ("net/w/Adam:0", "optimizer", None),
    ("beta1_power:0", "optimizer", None),
    ("averaged/ExponentialMovingAverage:0", "moving average", None),
    ("fully_connected/weights:0", "layer", None),  # tf-slim's layer calls TF's own get_variable, as tf.layers do
])
def test_how_each_variable_was_made_and_shared(graph, name, created_by, calls):
    build_every_kind()
    row = rows_by_name(tf.inventory())[name]
    assert row.created_by == created_by, "%s: created by %s, expected %s" % (name, row.created_by, created_by)
    assert row.get_variable_calls == calls, "%s: %s get_variable calls, expected %s" % (
        name, row.get_variable_calls, calls)


def test_shape_dtype_trainable_and_collections(graph):
    build_every_kind()
    rows = rows_by_name(tf.inventory())
    weights, step = rows["net/w:0"], rows["global_step:0"]
    assert (weights.shape, weights.dtype, weights.trainable) == ((3, 2), "float32", True), "net/w: %s" % (weights,)
    assert (step.shape, step.dtype, step.trainable) == ((), "int32", False), "global_step: %s" % (step,)
    assert weights.collections == ("trainable_variables", "variables"), "net/w collections: %s" % (weights.collections,)
    assert "model_variables" in rows["fully_connected/weights:0"].collections, "contrib layers add MODEL_VARIABLES"


def test_counts_follow_the_graph(graph):
    """Counts are per variable object: a fresh graph starts from zero again."""
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        tf.get_variable("v", [1])
        tf.get_variable("v", [1])
    assert tf.inventory()[0].get_variable_calls == 2, "two calls returned s/v"
    with tf.Graph().as_default():
        with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
            tf.get_variable("v", [1])
        assert tf.inventory()[0].get_variable_calls == 1, "a fresh graph's s/v was returned once"


def test_another_graph_than_the_default_one(graph):
    other = tf.Graph()
    with other.as_default():
        tf.get_variable("elsewhere", [2])
    assert [row.name for row in tf.inventory(other)] == ["elsewhere:0"], "inventory(graph) should read that graph"
    assert len(tf.inventory()) == 0, "the default graph has no variables"


def test_text_table_and_html(graph):
    tf.get_variable("w", [2])
    tf.Variable(1.0, name="v")
    rows = tf.inventory()
    text = str(rows)
    lines = text.split("\n")
    assert lines[0].split() == ["name", "shape", "dtype", "created", "by", "trainable", "collections",
                                "get_variable", "calls"], "header: %s" % lines[0]
    assert lines[2].split()[:4] == ["w:0", "(2,)", "float32", "get_variable"], "first row: %s" % lines[2]
    assert lines[-1] == "2 variables", "the table should end with the count: %s" % lines[-1]
    assert repr(rows) == text, "repr should be the table (what a terminal REPL shows)"
    html = rows._repr_html_()
    assert html.startswith("<table") and "<td>w:0</td>" in html and "<td>Variable</td>" in html, html


def sigint_as_a_terminal_gives_it():
    """In the child: SIGINT's default action, which a shell's background job (`pytest ... &`) inherits as
    ignored; Python then installs its KeyboardInterrupt handler, as in a program started from a terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_inventory_command(tmp_path, program, *args):
    script = tmp_path / "program.py"
    script.write_text(textwrap.dedent(program))
    return subprocess.run([sys.executable, "-m", "scopecompat", "inventory", str(script), *args],
                          capture_output=True, text=True, timeout=300, cwd=str(tmp_path),
                          preexec_fn=sigint_as_a_terminal_gives_it)


def test_the_command_runs_a_program_and_prints_its_graphs_also_when_it_fails(tmp_path):
    result = run_inventory_command(tmp_path, """
        import sys
        import scopecompat as tf
        print("arguments", sys.argv[1:])
        with tf.variable_scope("layer1"):
            w = tf.get_variable("weights", [3, 2])
        b = tf.Variable([0.0, 0.0], name="bias")
        with tf.Graph().as_default() as graph:
            tf.get_variable("var3", [1])
            tf.get_variable("var3", [1])
    """, "--lr", "0.1")
    output = result.stdout.split("\n")
    assert output[0] == "arguments ['--lr', '0.1']", "the program should see its own arguments: %s" % output[0]
    assert result.returncode == 1, "the program's failure should be the exit code"
    assert "Variable var3 already exists, disallowed" in result.stderr, "the traceback goes to stderr"
    default = result.stdout.index("scopecompat inventory of the default graph:")
    other = result.stdout.index("scopecompat inventory of the graph `graph`:")
    assert default < other, "the default graph first, then the graphs the program's globals hold"
    assert any(line.startswith("layer1/weights:0") and "get_variable" in line for line in output), result.stdout
    assert any(line.startswith("bias:0") and "Variable" in line for line in output), result.stdout
    assert "var3:0" in result.stdout[other:], "the failed graph's variables, as built up to the error"


def test_the_command_runs_unmodified_tf1_programs_through_the_launcher(tmp_path):
    result = run_inventory_command(tmp_path, """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 5, 3])
        outputs, state = tf.nn.dynamic_rnn(tf.contrib.rnn.BasicLSTMCell(4), x, dtype=tf.float32)
        y = tf.layers.dense(outputs[:, -1, :], 2)
    """)
    assert result.returncode == 0, "an `import tensorflow` TF1 program runs as under `scopecompat run`: " + result.stderr
    output = result.stdout.split("\n")
    for name in ("rnn/basic_lstm_cell/kernel:0", "rnn/basic_lstm_cell/bias:0", "dense/kernel:0", "dense/bias:0"):
        assert any(line.startswith(name) for line in output), "the inventory lists %s:\n%s" % (name, result.stdout)


def test_the_command_reports_a_missing_program_without_an_inventory(tmp_path):
    result = subprocess.run([sys.executable, "-m", "scopecompat", "inventory", str(tmp_path / "nope.py")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "nope.py" in result.stderr, "a missing script is named: " + result.stderr
    assert "scopecompat inventory of" not in result.stdout, "no inventory when nothing ran"


def test_the_command_names_itself_in_its_errors(tmp_path):
    result = subprocess.run([sys.executable, "-m", "scopecompat", "inventory", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, "a folder is refused with exit code 2: %s" % result.stderr
    assert result.stderr.startswith("scopecompat inventory: "), (
        "the error names the command the user typed: %s" % result.stderr)


def test_ctrl_c_prints_the_inventory_built_so_far_then_dies_of_sigint(tmp_path):
    """A real SIGINT (what Ctrl-C sends) while the program runs: Python's KeyboardInterrupt traceback, the
    inventory of what was built, and the exit by SIGINT that `python SCRIPT` has."""
    result = run_inventory_command(tmp_path, """
        import os, signal, time
        import tensorflow as tf
        w = tf.get_variable("built_before_ctrl_c", [2])
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(60)
    """)
    assert result.returncode == -2, "the command should die of SIGINT as python does: %d" % result.returncode
    assert "KeyboardInterrupt" in result.stderr, "Python's report of the interrupt: %s" % result.stderr[-2000:]
    assert "built_before_ctrl_c:0" in result.stdout, "the inventory of what was built: %s" % result.stdout
