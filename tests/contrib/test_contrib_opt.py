"""tf.contrib.opt (scopecompat/_contrib/opt.py). Slots and values against TF 1.15.5: cases/contrib_opt.json.
Here: decoupled weight decay ordered as in TF 1.15 (the step after the decay)."""

import warnings

import pytest

import scopecompat as tf
from conftest import run_python


@pytest.fixture(scope="module")
def opt():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.opt


@pytest.mark.parametrize("optimizer", ["AdamWOptimizer", "MomentumWOptimizer"])
def test_weight_decay_is_ordered_as_in_tf_1_15(opt, optimizer):
    """TF 1.15's graph: the variable's step waits for its decay (a control input), and the decay waits for
    nothing of the gradient (in TF 1.15 the decay went first in most runs, the gradient's read of the
    variable racing it; an earlier scopecompat ordered it after the gradient)."""
    with tf.Graph().as_default():
        x = tf.get_variable("x", [3], initializer=tf.constant_initializer([1.0, 2.0, 3.0]))
        make = {"AdamWOptimizer": lambda: opt.AdamWOptimizer(0.2, learning_rate=0.1),
                "MomentumWOptimizer": lambda: opt.MomentumWOptimizer(0.2, 0.1, 0.9)}[optimizer]
        make().minimize(tf.reduce_sum(x * x))
        decays = [op for op in tf.get_default_graph().get_operations() if op.type == "AssignSub"]
        assert len(decays) == 1, "one decay (AssignSub) per variable, found %s" % [op.name for op in decays]
        decay = decays[0]
        assert not decay.control_inputs, "the decay should wait for nothing (TF 1.15), it waits for %s" % (
            [op.name for op in decay.control_inputs])
        steps = [op for op in tf.get_default_graph().get_operations() if op.type.startswith("Apply")]
        assert steps and all(decay in op.control_inputs for op in steps), \
            "the optimizer's step should wait for the decay: %s" % [(op.name, op.control_inputs) for op in steps]


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
