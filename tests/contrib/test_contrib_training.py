"""tf.contrib.training (scopecompat/_contrib/training.py): HParams against what real TF 1.15.5 did, case by case
(its outputs and its error types and texts, from the conformance golden recorded on TF 1.15.5), and the names
served from tf-slim."""

import binascii
import importlib
import json
import os
import subprocess
import sys
import warnings

import pytest

import scopecompat as tf
from scopecompat import _conformance as conformance
from scopecompat._conformance import observe
from scopecompat._legacy import names as legacy_names
from conftest import REPO

HPARAMS_CASES = [case for case in observe.load_cases() if case["id"].startswith("contrib-training-hparams")]


def test_the_bad_input_case_covers_every_error_hparams_raises():
    """The issue's bad-input item: each kind of malformed string and type mismatch is in the golden."""
    case, = [case for case in HPARAMS_CASES if case["id"] == "contrib-training-hparams-bad-input"]
    golden = conformance.load_goldens()["1.15.5"]["cases"][case["id"]]["observed"]
    messages = " ".join(value["raised"]["message"] for value in golden.values())
    for text in ("Malformed hyperparameter value", "Could not parse hparam", "Unknown hyperparameter type",
                 "Multiple assignments", "Could not cast hparam", "Must pass a list", "Must not pass a list",
                 "Hyperparameter name is reserved", "Assignment of a list to a list index"):
        assert text in messages, "no bad-input observation shows TF 1.15's %r" % text


HPARAMS_DATA = os.path.join(REPO, "tests", "data", "hparams")
sys.path.insert(0, HPARAMS_DATA)
import record_hparams  # noqa: E402  (the HParams the recorded meta graphs hold, and how they are read)

TF1_PYTHON = os.environ.get("SCOPECOMPAT_TF1_PYTHON")


def _recorded(*path):
    with open(os.path.join(HPARAMS_DATA, *path)) as f:
        return json.load(f)


@pytest.fixture
def hparams_class():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.training.HParams


def test_a_meta_graph_exported_by_tf_1_15_imports_with_its_hparams(hparams_class):
    recorded = _recorded("tf-1.15.5", "values.json")
    ours = record_hparams.read(tf, os.path.join(HPARAMS_DATA, "tf-1.15.5", "hparams.meta"))
    assert ours == recorded["read_back"], "the hparams collection of TF 1.15.5's meta graph reads other values here"
    assert all(type(value) is type(recorded["read_back"][0][name]) for name, value in ours[0].items()), (
        "a hyperparameter read from TF 1.15.5's HParamDef has another Python type here")


@pytest.mark.parametrize("name", sorted(record_hparams.HPARAMS))
def test_to_proto_writes_tf_1_15s_bytes(hparams_class, name):
    expected = _recorded("tf-1.15.5", "values.json")["single_hparam_proto_hex"][name]
    proto = hparams_class(**{name: record_hparams.HPARAMS[name]}).to_proto()
    assert binascii.hexlify(proto.SerializeToString()).decode("ascii") == expected, (
        "HParamDef bytes of %r differ from TF 1.15.5's" % name)


def test_export_here_writes_the_collection_tf_1_15_wrote(hparams_class, tmp_path):
    """The whole collection, as messages (a map's entries have no fixed order on the wire)."""
    from tensorflow.core.protobuf import meta_graph_pb2
    from scopecompat._contrib.hparam_proto import HParamDef

    def collection(path):
        meta = meta_graph_pb2.MetaGraphDef()
        with open(path, "rb") as f:
            meta.ParseFromString(f.read())
        return [HParamDef.FromString(data) for data in meta.collection_def["hparams"].bytes_list.value]

    record_hparams.export(tf, str(tmp_path / "hparams.meta"))
    theirs = collection(os.path.join(HPARAMS_DATA, "tf-1.15.5", "hparams.meta"))
    assert len(theirs) == 1 and collection(str(tmp_path / "hparams.meta")) == theirs, (
        "the hparams collection exported here differs from TF 1.15.5's")


def test_a_meta_graph_exported_here_was_read_by_tf_1_15(hparams_class):
    """The recorded half of the round trip (record_hparams.py --tf1-python): TF 1.15.5 read the committed
    scopecompat export with HParams' values; the live test below repeats it for today's export."""
    recorded = _recorded("through-scopecompat", "read-by-tf-1.15.5.json")
    assert recorded == record_hparams.read(tf, os.path.join(HPARAMS_DATA, "through-scopecompat", "hparams.meta")), (
        "TF 1.15.5 read other values from scopecompat's export than scopecompat reads")
    assert recorded == _recorded("tf-1.15.5", "values.json")["read_back"], (
        "TF 1.15.5 read other values from scopecompat's export than from its own")


@pytest.mark.skipif(not TF1_PYTHON, reason="set SCOPECOMPAT_TF1_PYTHON to a TF 1.15.5 interpreter to run live")
def test_a_meta_graph_exported_here_imports_in_tf_1_15(hparams_class, tmp_path):
    record_hparams.export(tf, str(tmp_path / "hparams.meta"))
    environ = {k: v for k, v in os.environ.items() if k != "TF2_BEHAVIOR"}  # TF 1.15 would run eagerly
    result = subprocess.run([TF1_PYTHON, record_hparams.__file__, "--read", str(tmp_path / "hparams.meta")],
                            capture_output=True, text=True, env=dict(environ, TF_CPP_MIN_LOG_LEVEL="3"), timeout=600)
    assert result.returncode == 0, "TF 1.15.5 could not import scopecompat's meta graph:\n" + result.stderr[-3000:]
    theirs = json.loads(result.stdout.strip().splitlines()[-1])
    assert theirs == record_hparams.read(tf, str(tmp_path / "hparams.meta")), (
        "TF 1.15.5 reads other hyperparameters from scopecompat's meta graph")


def test_hparam_def_and_values_together_are_refused_as_tf_1_15_did(hparams_class):
    proto = hparams_class(a=1).to_proto()
    with pytest.raises(ValueError, match="hparam_def and initialization values are mutually exclusive"):
        hparams_class(hparam_def=proto, b=2)
    assert hparams_class(hparam_def=proto).values() == {"a": 1}, "HParams(hparam_def=...) should read its values"


def test_hparam_def_of_another_type_says_what_it_takes(hparams_class):
    with pytest.raises(AssertionError, match=r"HParamDef protocol buffer.*to_proto\(\)"):
        hparams_class(hparam_def=b"not a proto")


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
