"""tf.contrib.training (scopecompat/_contrib/training.py): HParams against what real TF 1.15.5 did, case by case
(its outputs and its error types and texts, from the conformance golden recorded on TF 1.15.5), and the names
served from tf-slim."""

import importlib
import warnings

import pytest

import scopecompat as tf
from scopecompat import _conformance as conformance
from scopecompat._conformance import observe
from scopecompat._legacy import names as legacy_names

HPARAMS_CASES = [case for case in observe.load_cases() if case["id"].startswith("contrib-training-hparams")]


@pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")
@pytest.mark.parametrize("case", HPARAMS_CASES, ids=lambda case: case["id"])
def test_hparams_does_what_tf_1_15_did(case):
    golden = conformance.load_goldens()["1.15.5"]["cases"][case["id"]]
    ours = observe.observe(case, tf)
    assert ours["error"] == golden["error"], "the case's code: %s, TF 1.15.5: %s" % (ours["error"], golden["error"])
    for expression, value in golden["observed"].items():
        assert ours["observed"][expression] == value, "%s gave %r, TF 1.15.5 %r" % (
            expression, ours["observed"][expression], value)


def test_the_bad_input_case_covers_every_error_hparams_raises():
    """The issue's bad-input item: each kind of malformed string and type mismatch is in the golden."""
    case, = [case for case in HPARAMS_CASES if case["id"] == "contrib-training-hparams-bad-input"]
    golden = conformance.load_goldens()["1.15.5"]["cases"][case["id"]]["observed"]
    messages = " ".join(value["raised"]["message"] for value in golden.values())
    for text in ("Malformed hyperparameter value", "Could not parse hparam", "Unknown hyperparameter type",
                 "Multiple assignments", "Could not cast hparam", "Must pass a list", "Must not pass a list",
                 "Hyperparameter name is reserved", "Assignment of a list to a list index"):
        assert text in messages, "no bad-input observation shows TF 1.15's %r" % text


def test_hparam_def_is_refused_with_what_to_do_instead():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        hparams = tf.contrib.training.HParams
    with pytest.raises(ValueError, match=r"HParamDef.*HParams\(\*\*values\)"):
        hparams(hparam_def=object())


# Where TF 1.15's contrib code lives in tf-slim, per contrib module.
TF_SLIM_MODULES = {"training": ("tf_slim.training.training", "tf_slim.training.evaluation"),
                   "metrics": ("tf_slim.metrics",), "losses": ("tf_slim.losses",)}
TF_SLIM_ROWS = [row for row in legacy_names.RENAMED
                if row.kind == legacy_names.REBUILT and row.old.startswith("contrib.")
                and row.old.split(".")[1] in TF_SLIM_MODULES
                and "tf-slim" in row.note]


@pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")
@pytest.mark.parametrize("row", TF_SLIM_ROWS, ids=lambda row: row.old)
def test_names_served_from_tf_slim_are_tf_slims_objects(row):
    _, module, name = row.old.split(".")
    served = getattr(getattr(tf.contrib, module), name)
    sources = [getattr(importlib.import_module(source), name, None) for source in TF_SLIM_MODULES[module]]
    assert any(served is source for source in sources if source is not None), (
        "tf.%s is not tf-slim's object of that name (%s)" % (row.old, ", ".join(TF_SLIM_MODULES[module])))
