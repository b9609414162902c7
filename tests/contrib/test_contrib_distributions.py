"""tf.contrib.distributions (scopecompat/_contrib/distributions.py): tensorflow-probability's, when installed,
against TF 1.15.5 (the conformance family cases/contrib_distributions.json); the table of the tfp release for each
TF (TFP_FOR_TF), checked against the installed TF and tfp; the ImportError without it."""

import importlib.metadata
import os
import re
import subprocess
import sys
import warnings

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

import scopecompat as tf
from conftest import REPO
from scopecompat._contrib import distributions as contrib_distributions
from scopecompat._facade import bootstrap

TF_MINOR = bootstrap.parse_version(tf.__version__)
WANTED = contrib_distributions.requirement(tf.__version__)  # the pip requirement of the row for this TF
try:
    TFP_INSTALLED = importlib.metadata.version("tensorflow-probability")
except importlib.metadata.PackageNotFoundError:
    TFP_INSTALLED = None
try:
    import tensorflow_probability  # noqa: F401
    TFP_MISSING = None
except Exception as error:  # not installed, or a tfp that refuses this TF (ImportError, ValueError, ...)
    TFP_MISSING = 'tensorflow-probability does not import (%s): pip install "%s"' % (error, WANTED)


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
    assert 'pip install "%s"' % WANTED in result.stdout, "the error should name the pip command for TF %s" % (
        tf.__version__)


# --- TFP_FOR_TF: the tfp release for each TF minor ------------------------------------------------------------

@pytest.mark.skipif(TFP_INSTALLED is None, reason='tensorflow-probability is not installed: pip install "%s"' % WANTED)
def test_the_tables_row_for_this_tf_is_the_installed_tfp_and_it_imports():
    """The row for the running TF names the installed release (tox.ini installs the row's), and that release is
    what `import tensorflow_probability` accepts beside this TF: a row naming a release that refuses this TF, or
    another than the one installed, fails here."""
    assert WANTED is not None, "TFP_FOR_TF has no row for TF %s" % tf.__version__
    assert TFP_INSTALLED == WANTED.split("==")[1], (
        "TFP_FOR_TF says TF %d.%d is served by %s, but tensorflow-probability %s is installed: install the row's "
        "release (pip install \"%s\") and rerun, or correct the row" % (TF_MINOR + (WANTED, TFP_INSTALLED, WANTED)))
    try:
        import tensorflow_probability as tfp
        tfp.distributions.Normal  # the first use of a module runs tfp's own check of the TF version
    except Exception as error:
        pytest.fail("TFP_FOR_TF's row for TF %s names tensorflow-probability %s, which does not import with it: %r"
                    % (tf.__version__, TFP_INSTALLED, error))


def test_every_supported_tf_minor_has_a_row():
    """A tfp release serves each TF scopecompat supports, so no deviation row marks tf.contrib.distributions
    unsupported on any: a minor without one needs a row measured, or such a deviation row."""
    supported = [(2, minor) for minor in range(bootstrap.OLDEST_SUPPORTED[1], bootstrap.NEWEST_SUPPORTED[1] + 1)]
    assert sorted(contrib_distributions.TFP_FOR_TF) == supported, (
        "TFP_FOR_TF's TF minors %s should be the supported ones, %s" % (
            sorted(contrib_distributions.TFP_FOR_TF), supported))
    releases = [Version(release) for _minor, release in sorted(contrib_distributions.TFP_FOR_TF.items())]
    assert releases == sorted(releases), "a newer TF should not have an older tfp release: %s" % releases


def test_the_test_extra_spans_the_tables_releases():
    """pyproject.toml's test extra cannot pick the release for the installed TF (pip's markers cannot see it):
    it spans the table's releases, so that pip brings the newest and tox.ini's envs their row's."""
    with open(os.path.join(REPO, "pyproject.toml"), encoding="utf-8") as f:
        test_extra = re.search(r"^test = \[(.*?)\]", f.read(), re.MULTILINE | re.DOTALL).group(1)
    specs = [Requirement(spec) for spec in re.findall(r'"([^"]+)"', test_extra)]
    tfp_spec = [spec for spec in specs if spec.name == "tensorflow-probability"]
    releases = sorted(set(contrib_distributions.TFP_FOR_TF.values()), key=Version)
    wanted = {">=" + releases[0], "<=" + releases[-1]}
    assert len(tfp_spec) == 1 and set(str(spec) for spec in tfp_spec[0].specifier) == wanted, (
        "the test extra should ask for tensorflow-probability%s, found %s" % (",".join(sorted(wanted)), tfp_spec))


@pytest.mark.parametrize("tf_version, installed, error, says", [
    ("2.16.2", None, ModuleNotFoundError("No module named 'tensorflow_probability'", name="tensorflow_probability"),
     'which is not installed: pip install "tensorflow-probability==0.24.0" (the release for TensorFlow 2.16).'),
    ("2.16.2", "0.25.0", ImportError("This version of TensorFlow Probability requires TensorFlow version >= 2.18"),
     "but tensorflow-probability 0.25.0 does not import with TensorFlow 2.16.2 (ImportError: This version of "
     "TensorFlow Probability requires TensorFlow version >= 2.18): pip install \"tensorflow-probability==0.24.0\""),
    ("2.14.1", "0.21.0", ValueError("Arg specs do not match: original=FullArgSpec(...)\nmore"),
     '(ValueError: Arg specs do not match: original=FullArgSpec(...)): pip install "tensorflow-probability==0.22.1"'),
    ("2.21.0", "0.25.0", ModuleNotFoundError("No module named 'distutils'", name="distutils"),
     "(ModuleNotFoundError: No module named 'distutils'): pip install setuptools"),
    ("2.21.0", "0.25.0", ModuleNotFoundError("No module named 'tree'", name="tree"),
     "it is the release for TensorFlow 2.21, so the ModuleNotFoundError is the cause."),
    ("2.22.0", None, ModuleNotFoundError("No module named 'tensorflow_probability'", name="tensorflow_probability"),
     "no tensorflow-probability release is known to serve TensorFlow 2.22.0"),
])
def test_the_import_error_names_what_to_install_for_the_running_tf(tf_version, installed, error, says):
    """The errors measured with tfp releases beside TF versions they were not made for (the table's comment)."""
    message = contrib_distributions.import_error_message(tf_version, installed, error)
    assert message.startswith("tf.contrib.distributions is served from the tensorflow-probability package, ")
    assert says in message, message


def test_a_tfp_that_breaks_at_import_is_an_import_error(tmp_path, monkeypatch):
    """An older tfp beside a newer TF raises ValueError or AttributeError while it imports (0.21.0 on TF 2.14,
    0.23.0 on TF 2.16): tf.contrib.distributions answers with the ImportError naming the pip command all the same."""
    package = tmp_path / "tensorflow_probability"
    package.mkdir()
    (package / "__init__.py").write_text("raise ValueError('Arg specs do not match')\n")
    for name in [name for name in sys.modules if name.split(".")[0] == "tensorflow_probability"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError, match=r"\(ValueError: Arg specs do not match\)") as raised:
        contrib_distributions.tfp()
    assert isinstance(raised.value.__cause__, ValueError), "the import's own error should be the cause"
