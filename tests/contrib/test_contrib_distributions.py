"""tf.contrib.distributions (scopecompat/_contrib/distributions.py): tensorflow-probability's, when installed,
against TF 1.15.5 (the conformance family cases/contrib_distributions.json); the ImportError without it."""

import subprocess
import sys
import warnings

import pytest

import scopecompat as tf

try:
    import tensorflow_probability  # noqa: F401
    TFP_MISSING = None
except ImportError as error:  # not installed, or a tfp that refuses this TF
    TFP_MISSING = 'tensorflow-probability does not import (%s): pip install "tensorflow-probability==0.25.0"' % error


@pytest.fixture
def distributions():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.distributions


@pytest.mark.skipif(TFP_MISSING is not None, reason=str(TFP_MISSING))
def test_names_tfp_moved_or_dropped(distributions):
    import tensorflow_probability as tfp
    assert distributions.Normal is tfp.distributions.Normal, "a tfp.distributions name should be tfp's object"
    assert distributions.bijectors is tfp.bijectors, "TF 1.15's contrib.distributions.bijectors is tfp.bijectors"
    assert distributions.fill_triangular is tfp.math.fill_triangular, "fill_triangular moved to tfp.math"
    with pytest.raises(AttributeError, match=r"WishartFull is not provided.*WishartTriL"):
        distributions.WishartFull


def test_without_tfp_the_first_use_names_the_pip_command():
    """In a process where tensorflow_probability cannot be imported: the module resolves, its first name
    raises ImportError naming the package and version to install."""
    code = "\n".join([
        "import sys, warnings",
        "sys.modules['tensorflow_probability'] = None  # an absent package: import raises ImportError",
        "warnings.simplefilter('ignore')",
        "import scopecompat as tf",
        "tfd = tf.contrib.distributions",
        "try:",
        "    tfd.Normal",
        "except ImportError as error:",
        "    print('ImportError:', error)",
    ])
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert 'ImportError: tf.contrib.distributions is served from the tensorflow-probability package' in (
        result.stdout), "no ImportError naming tfp: %s %s" % (result.stdout, result.stderr[-2000:])
    assert 'pip install "tensorflow-probability==0.25.0"' in result.stdout, "the error should name the pip command"
