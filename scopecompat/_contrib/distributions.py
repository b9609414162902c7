"""tf.contrib.distributions: served from the tensorflow-probability package (tfp), which carries TF 1.x's
distributions (tf.contrib.distributions moved there), when it is installed.

tfp is optional, and each tfp release imports with the TF versions it was made for only: TFP_FOR_TF names,
for each TF minor scopecompat supports, the release that serves it (measured). Whether tfp serves is decided by
importing it, not by comparing versions; when that fails, the first name asked of tf.contrib.distributions
raises an ImportError that names the pip command for the running TF (the table is what that command says).

A name resolves, in order: tfp.distributions' own (Normal, Categorical, MultivariateNormalDiag, Bernoulli,
kl_divergence, ...); one of MOVED (TF 1.15's helpers that tfp keeps elsewhere under the same name and
arguments); else an AttributeError naming what to use (GONE: the TF 1.15 names tfp dropped or changed).
Measured against TF 1.15.5 (cases/contrib_distributions.json) with each release of TFP_FOR_TF on its TF:
seeded samples (graph seed and op seed), log_prob, entropy and mean are TF 1.15's for Normal, Categorical and
MultivariateNormalDiag; Bernoulli's seeded samples are not (tfp draws them another way; deviations.py).

Imported on first use of tf.contrib.distributions, never at `import scopecompat`.
"""

import importlib
import importlib.metadata

from scopecompat._facade import bootstrap
from scopecompat._legacy import names as legacy_names

# TF minor -> the tensorflow-probability release that serves tf.contrib.distributions on it. Measured in fresh
# Python 3.11 venvs, one per minor, TF's newest patch release (2.12.1, 2.13.1, 2.14.1, 2.15.1, 2.16.2, 2.17.1,
# 2.18.1, 2.19.1, 2.20.0, 2.21.0) with the tf-keras of that minor from 2.14 on: the release imports beside it, all
# 84 TF 1.15 names resolve (GONE's as errors), and the family's cases through scopecompat are TF 1.15's, bar
# Bernoulli's samples (on TF 2.12 with the op-seed count's walk of the graph worked around: it fails there for
# every graph-seeded draw, tfp's or not, as TF 2.12's Graph._c_graph is a ScopedTFGraph). Each row is the newest
# release that does; the neighbours do not, or not on every minor: a newer one refuses the older TF at import
# (tfp's own check: 0.21.0 wants TF >= 2.13, 0.22.1 >= 2.14, 0.23.0 >= 2.15, 0.24.0 >= 2.16, 0.25.0 >= 2.18), an
# older one breaks on newer TF (0.21.0 on TF 2.14: ValueError "Arg specs do not match"; 0.23.0 on TF 2.16, Keras
# 3: AttributeError; 0.20.1 on TF 2.21: ValueError).
# tests/contrib/test_contrib_distributions.py checks the installed TF's row, and that every supported minor has one.
TFP_FOR_TF = {
    (2, 12): "0.20.1",
    (2, 13): "0.21.0",
    (2, 14): "0.22.1",
    (2, 15): "0.23.0",
    (2, 16): "0.24.0",
    (2, 17): "0.24.0",
    (2, 18): "0.25.0",
    (2, 19): "0.25.0",
    (2, 20): "0.25.0",
    (2, 21): "0.25.0",
}
# A package to the import system, so that TF 1.15's paths below it import (scopecompat/_contrib/paths.py).
__path__ = []


def requirement(tf_version):
    """The pip requirement of the tensorflow-probability release that serves TF `tf_version` ("2.16.2"), from
    TFP_FOR_TF; None for a TF it has no row for."""
    release = TFP_FOR_TF.get(bootstrap.parse_version(tf_version))
    return None if release is None else "tensorflow-probability==%s" % release


def import_error_message(tf_version, installed, error):
    """What the ImportError says when tensorflow_probability does not import: `installed` is the installed
    tfp's version (None: not installed), `error` what the import raised."""
    if installed is None:
        problem = "which is not installed"
    else:
        problem = "but tensorflow-probability %s does not import with TensorFlow %s (%s: %s)" % (
            installed, tf_version, type(error).__name__, (str(error).splitlines() or [""])[0][:200])
    wanted = requirement(tf_version)
    if isinstance(error, ModuleNotFoundError) and error.name == "distutils":
        # tfp (0.20.1-0.25.0) imports distutils, which Python 3.12 removed; setuptools provides it (TF depends
        # on setuptools, so only an environment that removed it lacks it).
        fix = "pip install setuptools (tensorflow-probability imports distutils, which setuptools provides)"
    elif wanted is None:
        newest = max(TFP_FOR_TF)
        fix = ("no tensorflow-probability release is known to serve TensorFlow %s; the newest TF scopecompat "
               "knows one for is %d.%d: pip install \"tensorflow-probability==%s\"" % (
                   tf_version, newest[0], newest[1], TFP_FOR_TF[newest]))
    elif installed == wanted.split("==")[1]:
        fix = "it is the release for TensorFlow %d.%d, so the %s is the cause" % (
            bootstrap.parse_version(tf_version) + (type(error).__name__,))
    else:
        fix = "pip install \"%s\" (the release for TensorFlow %d.%d)" % (
            (wanted,) + bootstrap.parse_version(tf_version))
    return "tf.contrib.distributions is served from the tensorflow-probability package, %s: %s." % (problem, fix)


def tfp():
    """The tensorflow_probability package, imported on the first name asked of tf.contrib.distributions (the
    module itself imports without it, so that `import tensorflow.contrib.distributions as tfd` works and the
    error comes with the first use, naming the pip command). Any error of the import counts: a tfp older than
    the TF raises ValueError or AttributeError at import, not ImportError."""
    try:
        return importlib.import_module("tensorflow_probability")
    except Exception as error:
        installed = None
        if not (isinstance(error, ModuleNotFoundError) and error.name == "tensorflow_probability"):
            try:
                installed = importlib.metadata.version("tensorflow-probability")
            except importlib.metadata.PackageNotFoundError:
                pass
        tf_version = importlib.import_module("tensorflow").__version__
        raise ImportError(import_error_message(tf_version, installed, error)) from error


# TF 1.15's tf.contrib.distributions names that tfp keeps outside tfp.distributions, same name and arguments.
MOVED = {
    "bijectors": "bijectors",
    "fill_triangular": "math.fill_triangular",
    "fill_triangular_inverse": "math.fill_triangular_inverse",
    "softplus_inverse": "math.softplus_inverse",
    "reduce_weighted_logsumexp": "math.reduce_weighted_logsumexp",
    "auto_correlation": "stats.auto_correlation",
    "percentile": "stats.percentile",
}

# TF 1.15's names that tfp dropped, or keeps with other arguments (served, they would compute something else):
# name -> what to use instead, in the legacy table (whose coverage table does not count them).
GONE = legacy_names.DROPPED_BY_SERVING_PACKAGE["contrib.distributions"]


def _resolve(path):
    found = tfp()
    for part in path.split("."):
        found = getattr(found, part)
    return found


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    if name in GONE:
        raise AttributeError(
            "tf.contrib.distributions.%s is not provided: tensorflow-probability, which serves "
            "tf.contrib.distributions, dropped it or changed its arguments. Use %s." % (name, GONE[name]))
    return _resolve(MOVED.get(name, "distributions." + name))
