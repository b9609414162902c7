"""Representative snippets of the five TF1 tutorials (numbered 000-004; docs/sources.md gives each one's title,
author and address), run through scopecompat, with the names and values the tutorials printed on TF 1.x (the
full case matrix is tests/conformance/test_conformance.py)."""

import os
import subprocess
import sys

import pytest

import scopecompat as tf


def test_001_name_scope_reopened_gets_a_new_suffix(graph):
    """001 (CSDN notes) §1: conv1/weights:0, then conv1_1/weights:0 when the scope is entered again."""
    names = []
    for _ in range(2):
        with tf.name_scope("conv1"):
            names.append(tf.Variable([1.0, 2.0], name="weights").name)
    assert names == ["conv1/weights:0", "conv1_1/weights:0"], "names: %s" % names


def test_001_variable_in_a_reused_variable_scope(graph):
    """001 §2: v_scope/Weights:0 shared; a tf.Variable in the reopened scope lands in v_scope_1/."""
    with tf.variable_scope("v_scope"):
        weights1 = tf.get_variable("Weights", shape=[2, 3])
    with tf.variable_scope("v_scope", reuse=True):
        weights2 = tf.get_variable("Weights")
        bias2 = tf.Variable([0.52], name="bias")
    assert [weights1.name, weights2.name, bias2.name] == ["v_scope/Weights:0", "v_scope/Weights:0", "v_scope_1/bias:0"]


def test_001_reuse_of_a_tf_variable_is_an_error(graph):
    """001 §2: get_variable under reuse=True cannot see a tf.Variable: 'Variable v_scope/bias does not exist'."""
    with tf.variable_scope("v_scope"):
        tf.get_variable("Weights", shape=[2, 3])
        tf.Variable([0.52], name="bias")
    with pytest.raises(ValueError, match=r"^Variable v_scope/bias does not exist, or was not created with tf.get_variable\(\)"):
        with tf.variable_scope("v_scope", reuse=True):
            tf.get_variable("bias", [1])


def test_002_get_variable_twice_is_an_error(graph):
    """002 (GitHub pages) 代码3: 'Variable var3 already exists, disallowed. Did you mean to set reuse=True ...'."""
    initializer = tf.constant_initializer(value=1)
    tf.get_variable(name="var3", initializer=initializer, shape=[1], dtype=tf.float32)
    already_exists = (r"^Variable var3 already exists, disallowed\. "
                      r"Did you mean to set reuse=True or reuse=tf\.AUTO_REUSE in VarScope\?")
    with pytest.raises(ValueError, match=already_exists):
        tf.get_variable(name="var3", initializer=initializer, shape=[1], dtype=tf.float32)


def test_002_the_comparison_block(graph):
    """002 blocks 1-7: var1_1:0, var_scope1/var1_1:0, name_scope1/var1_1:0, var_scope3/var:0 (AUTO_REUSE),
    and get_variable under a name_scope: var1_2:0 is the Variable-made name, get_variable's var:0 ignores it.
    (Block 4's `tf.variab_scope` is the tutorial's typo for tf.variable_scope.)"""
    initializer = tf.constant_initializer(value=1)
    var1 = tf.Variable(name="var1", initial_value=[1], dtype=tf.float32)
    var2 = tf.Variable(name="var1", initial_value=[2], dtype=tf.float32)
    with tf.variable_scope("var_scope1"):
        var3 = tf.Variable(name="var1", initial_value=[1], dtype=tf.float32)
        var4 = tf.Variable(name="var1", initial_value=[2], dtype=tf.float32)
    with tf.name_scope("name_scope1"):
        var5 = tf.Variable(name="var1", initial_value=[1], dtype=tf.float32)
        var6 = tf.Variable(name="var1", initial_value=[2], dtype=tf.float32)
    with tf.variable_scope("var_scope3", reuse=tf.AUTO_REUSE):
        var9 = tf.get_variable(name="var", initializer=initializer, shape=[1], dtype=tf.float32)
        var10 = tf.get_variable(name="var", initializer=initializer, shape=[1], dtype=tf.float32)
    with tf.name_scope("name_scope3"):
        var11 = tf.get_variable(name="var1", initializer=initializer, shape=[1], dtype=tf.float32)
        var12 = tf.get_variable(name="var", initializer=initializer, shape=[1], dtype=tf.float32)
    names = [v.name for v in (var1, var2, var3, var4, var5, var6, var9, var10, var11, var12)]
    assert names == ["var1:0", "var1_1:0", "var_scope1/var1:0", "var_scope1/var1_1:0", "name_scope1/var1:0",
                     "name_scope1/var1_1:0", "var_scope3/var:0", "var_scope3/var:0", "var1_2:0", "var:0"], names


def test_003_auto_reuse_returns_the_same_variable(graph):
    """003 (cnblogs): with AUTO_REUSE, test() twice gives the same variable (the tutorial prints x==y True;
    in TF1 mode `==` on variables is Python identity, so it is True there too)."""
    def test():
        with tf.variable_scope("const", reuse=tf.AUTO_REUSE):
            return tf.get_variable("a", [1])
    x, y = test(), test()
    assert x is y and (x == y) is True, "AUTO_REUSE should return the same variable"


def test_004_rnn_names_in_a_reused_scope(graph):
    """004 (Jupyter notes) §3: the rnn/basic_lstm_cell/... variables the tutorial's error names exist once."""
    with tf.variable_scope("rnn") as scope:
        for time_steps in (40, 1):
            xs = tf.placeholder(tf.float32, [1, time_steps, 2])
            tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), xs, dtype=tf.float32)
            scope.reuse_variables()
    assert [v.name for v in tf.global_variables()] == ["rnn/rnn/basic_lstm_cell/kernel:0", "rnn/rnn/basic_lstm_cell/bias:0"]


def test_the_bundled_tutorial_program_prints_the_tutorials_names():
    """000 (Morvan) tf.name_scope() and tf.variable_scope() sections, and its RNN example, as the
    bundled program (the README's main job) runs them: names and values as the tutorial printed."""
    result = subprocess.run([sys.executable, "-m", "scopecompat", "tutorial"], capture_output=True, text=True,
                            timeout=600, env={k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:16] == ["var1:0", "[1.]", "a_name_scope/var2:0", "[2.]", "a_name_scope/var2_1:0", "[2.1]",
                          "a_name_scope/var2_2:0", "[2.2]", "a_variable_scope/var3:0", "[3.]",
                          "a_variable_scope/var3:0", "[3.]", "a_variable_scope/var4:0", "[4.]",
                          "a_variable_scope/var4_1:0", "[4.]"], "tutorial output: %s" % lines[:16]
    assert lines[16] == "var3_reuse is var3: True", "get_variable under reuse should return the same variable"
    assert "  rnn/rnn/basic_lstm_cell/kernel:0 [12, 44]" in lines, "the shared RNN's variables are listed once"
    test_error = float(lines[-1].rsplit(":", 1)[1])
    assert test_error < 0.1, "the test RNN, sharing the trained weights, should predict cos from sin: %s" % lines[-1]
