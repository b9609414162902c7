"""tf.contrib.opt (scopecompat/_contrib/opt.py). Slots and values against TF 1.15.5: cases/contrib_opt.json.
Here: the one deliberate difference, decoupled weight decay ordered after the gradient on every run."""

import warnings

import numpy as np
import pytest

import scopecompat as tf
from conftest import run_python


@pytest.fixture(scope="module")
def opt():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.opt


def test_weight_decay_always_follows_the_gradient(opt):
    """In TF 1.15 the decay raced the gradient's read of the variable (0.6 or 0.64 from run to run, TF 1.15.5);
    scopecompat's gradient is taken at the undecayed value on every run: what plain gradient descent
    computes from the same start, times nothing but the decay."""
    results, plain = set(), None
    for _ in range(25):
        with tf.Graph().as_default():
            x = tf.get_variable("x", [3], initializer=tf.constant_initializer([1.0, 2.0, 3.0]))
            sgdw = opt.extend_with_decoupled_weight_decay(tf.train.GradientDescentOptimizer)(0.2, learning_rate=0.1)
            step = sgdw.minimize(tf.reduce_sum(x * x))
            y = tf.get_variable("y", [3], initializer=tf.constant_initializer([1.0, 2.0, 3.0]))
            descent = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(y * y))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                decayed = sess.run(0.2 * y)
                sess.run([step, descent])
                results.add(tuple(np.round(sess.run(x), 6)))
                plain = sess.run(y) - decayed
    assert len(results) == 1, "decoupled weight decay gave different values from run to run: %s" % results
    np.testing.assert_allclose(list(results)[0], plain, rtol=1e-6,
                               err_msg="the step should be gradient descent at the undecayed value, minus the decay")


def test_scipy_optimizer_interface_without_scipy_says_to_install_it():
    """scipy is optional: without it, ScipyOptimizerInterface raises an ImportError naming `pip install scipy`
    before building anything (scipy is hidden from a fresh interpreter, as if not installed)."""
    result = run_python("""
        import sys
        sys.modules["scipy"] = None  # what Python does for a package that is not there: ImportError
        import warnings
        import scopecompat as tf
        warnings.simplefilter("ignore")
        loss = tf.reduce_sum(tf.Variable([1.0]) ** 2)
        before = len(tf.get_default_graph().get_operations())
        try:
            tf.contrib.opt.ScipyOptimizerInterface(loss)
        except ImportError as error:
            print("ImportError: %s" % error)
        print("ops added: %d" % (len(tf.get_default_graph().get_operations()) - before))
        """, check=False)
    assert "pip install scipy" in result.stdout and "ImportError" in result.stdout, (
        "without scipy, the ImportError should say to pip install scipy: %s %s" % (result.stdout, result.stderr[-2000:]))
    assert "ops added: 0" in result.stdout, "nothing but the loss should be built before the refusal: %s" % result.stdout
