"""tf.contrib.distributions: served from the tensorflow-probability package (tfp), which carries TF 1.x's
distributions (tf.contrib.distributions moved there), when it is installed.

tfp is optional. Its release for the TF this runs on is TFP_REQUIREMENT (tfp 0.25.0 checks for TF >= 2.18 at
import and runs with TF 2.21 in TF1 graph mode; older TF needs an older tfp). Without it, the first name
asked of tf.contrib.distributions raises an ImportError that names the pip command.

A name resolves, in order: tfp.distributions' own (Normal, Categorical, MultivariateNormalDiag, Bernoulli,
kl_divergence, ...); one of MOVED (TF 1.15's helpers that tfp keeps elsewhere under the same name and
arguments); else an AttributeError naming what to use (GONE: the TF 1.15 names tfp dropped or changed).
Measured against TF 1.15.5 (cases/contrib_distributions.json): seeded samples (graph seed and op seed),
log_prob, entropy and mean are TF 1.15's for Normal, Categorical and MultivariateNormalDiag; Bernoulli's
seeded samples are not (tfp draws them another way; deviations.py).

Imported on first use of tf.contrib.distributions, never at `import scopecompat`.
"""

import importlib

from scopecompat._legacy import names as legacy_names

TFP_REQUIREMENT = "tensorflow-probability==0.25.0"
# A package to the import system, so that TF 1.15's paths below it import (scopecompat/_contrib/paths.py).
__path__ = []


def tfp():
    """The tensorflow_probability package, imported on the first name asked of tf.contrib.distributions (the
    module itself imports without it, so that `import tensorflow.contrib.distributions as tfd` works and the
    error comes with the first use, naming the pip command)."""
    try:
        return importlib.import_module("tensorflow_probability")
    except ImportError as error:
        raise ImportError(
            "tf.contrib.distributions is served from the tensorflow-probability package, which is not installed "
            "(or does not import with this TensorFlow): pip install \"%s\" (for TF 2.18 to 2.21; older TF "
            "needs the tfp release made for it)." % TFP_REQUIREMENT) from error


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
            "tf.contrib.distributions.%s is not provided: tensorflow-probability %s, which serves "
            "tf.contrib.distributions, dropped it or changed its arguments. Use %s."
            % (name, TFP_REQUIREMENT.split("==")[1], GONE[name]))
    return _resolve(MOVED.get(name, "distributions." + name))
