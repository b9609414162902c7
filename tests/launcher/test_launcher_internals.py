"""The TF internals TF1 code imports that TF 2.x moved (scopecompat/_launcher/internals.py): the views TF1 code
gets under `scopecompat run`, the hints for the dropped ones, the rows against the measurement
(docs/tf-internals-usage.json, TF 1.15.5's and TF 2.x's answers), and docs/tf-internals.md."""

import importlib
import json
import os
import subprocess

import pytest

from scopecompat._launcher import internals
from conftest import REPO, launch, run_python, write

with open(os.path.join(REPO, internals.MEASUREMENT), encoding="utf-8") as _f:
    MEASURED = {(row["module"], row["name"]): row for row in json.load(_f)["references"]}

PROGRAM = """
import tensorflow as tf
from tensorflow.python.ops import control_flow_ops, array_ops
from tensorflow.python.ops.control_flow_ops import cond, while_loop
from tensorflow.python.framework import ops, graph_util
from tensorflow.python.framework.ops import Tensor
from tensorflow.python.util import nest
from tensorflow.python import pywrap_tensorflow
import tensorflow.python.framework.tensor_shape as tensor_shape
import tensorflow.python.ops.control_flow_ops as imported_as
from tensorflow.python.training import training_ops
from tensorflow.python.ops import gen_training_ops

same = {
    "control_flow_ops.cond": control_flow_ops.cond is cond is imported_as.cond is tf.cond,
    "control_flow_ops.while_loop": while_loop is tf.while_loop,
    "control_flow_ops.Assert": control_flow_ops.Assert is tf.Assert,
    "ops.Tensor": Tensor is ops.Tensor is tf.Tensor,
    "ops.IndexedSlices": ops.IndexedSlices is tf.IndexedSlices,
    "graph_util.convert_variables_to_constants":
        graph_util.convert_variables_to_constants is tf.graph_util.convert_variables_to_constants,
    "array_ops.stack": array_ops.stack is tf.stack,
    "pywrap_tensorflow.NewCheckpointReader": pywrap_tensorflow.NewCheckpointReader is tf.train.NewCheckpointReader,
    "training_ops.apply_adam": training_ops.apply_adam is gen_training_ops.apply_adam,
}
print("different:", sorted(name for name, is_same in same.items() if not is_same))
print("is_sequence:", nest.is_sequence([1]), nest.is_sequence("ab"), "scalar:", tensor_shape.scalar())
x = tf.constant(1.0)
print("cond:", tf.Session().run(cond(x > 0, lambda: x + 1, lambda: x - 1)))
import tensorflow.python.ops.control_flow_ops as tfs_own
print("TF's module untouched:", not hasattr(__import__("sys").modules["tensorflow.python.ops.control_flow_ops"], "cond"))
try:
    from tensorflow.python.ops import resource_variable_ops
    resource_variable_ops._to_proto_fn
except AttributeError as error:
    print("attribute:", str(error).replace(chr(10), " | "))
from tensorflow.python.ops.resource_variable_ops import _from_proto_fn
"""


def still_there(row):
    """Whether the installed TF still has the row's name in its old place (TF 2.12 kept cond, Tensor, stack, ... where
    TF 1.15 had them; the rows are the moves of later TFs, and apply only where the name is missing)."""
    return hasattr(importlib.import_module(row.module), row.name)


# The TF the moves were measured on (TF 2.13+): the whole-program tests read its moves.
MOVES_APPLY = not any(still_there(row) for row in internals.MOVED if row.module.endswith("control_flow_ops"))
needs_the_moves = pytest.mark.skipif(not MOVES_APPLY, reason="this TF still has control_flow_ops.cond and the rest "
                                     "in their TF 1.15 places (TF 2.12): TF1 code gets TF's own names there")


@needs_the_moves
def test_tf1_code_sees_the_moved_names_and_a_hint_for_the_dropped_ones(tmp_path):
    write(tmp_path / "internals.py", PROGRAM)
    result = launch(["internals.py"], tmp_path)
    out = result.stdout
    assert "different: []" in out, "the moved names should be TF's objects at their new place: " + out + result.stderr
    assert "is_sequence: True False scalar: ()" in out, "nest.is_sequence and tensor_shape.scalar as TF 1.15: " + out
    assert "cond: 2.0" in out, "control_flow_ops.cond should build TF's cond: " + out
    assert "TF's module untouched: True" in out, "TF's control_flow_ops must not gain cond: " + out
    assert ("attribute: module 'tensorflow.python.ops.resource_variable_ops' has no attribute '_to_proto_fn' | "
            "scopecompat: ") in out, "an attribute TF dropped: TF's message first, then the hint: " + out
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and lines[-2].startswith(
        "ImportError: cannot import name '_from_proto_fn' from 'tensorflow.python.ops.resource_variable_ops'") and (
        lines[-1].startswith("scopecompat: TF 2.x dropped this private helper")), (
        "`from M import dropped`: Python's ImportError, then the hint: " + result.stderr[-2000:])


ORACLE_PYTHON = os.path.join(os.environ.get("SCOPECOMPAT_ORACLES", "/nonexistent"), "tf-1.15.5", "bin", "python")


@pytest.mark.parametrize("row", internals.MOVED + internals.GONE, ids=lambda row: row.module + "." + row.name)
def test_each_row_is_a_name_tf_1_15_had_and_tf_2_lacks_there(row):
    measured = MEASURED.get((row.module, row.name))
    if measured is not None:
        assert measured["tf_1_15"] in ("name", "module"), "TF 1.15.5 had %s.%s" % (row.module, row.name)
    else:  # a row from TF 1.15's own tests: asked of TF 1.15.5 itself
        if not os.path.exists(ORACLE_PYTHON):
            pytest.skip("%s.%s is not in the measurement; needs SCOPECOMPAT_ORACLES to ask TF 1.15.5" % (
                row.module, row.name))
        environ = {name: value for name, value in os.environ.items() if not name.startswith(("TF", "PYTHON"))}
        result = subprocess.run([ORACLE_PYTHON, "-c", "import importlib; print(hasattr(importlib.import_module(%r), %r))"
                                 % (row.module, row.name)], capture_output=True, text=True, env=environ, timeout=300)
        assert result.stdout.strip() == "True", "TF 1.15.5 had %s.%s: %s" % (row.module, row.name, result.stderr[-1000:])
    if still_there(row):
        pytest.skip("this TF still has %s.%s (the row applies from the TF that moved it)" % (row.module, row.name))


@pytest.mark.parametrize("row", internals.MOVED, ids=lambda row: row.module + "." + row.name)
def test_each_moved_name_is_in_the_view(row):
    if still_there(row):
        pytest.skip("this TF still has %s.%s: TF1 code gets TF's own" % (row.module, row.name))
    view = internals.view(row.module, importlib.import_module(row.module))
    assert getattr(view, row.name) is internals._load(row.now), "the view of %s serves %s from %s" % (
        row.module, row.name, row.now)


@needs_the_moves
def test_plain_scopecompat_users_keep_tfs_modules():
    result = run_python("""
        import scopecompat
        from tensorflow.python.ops import control_flow_ops
        print(hasattr(control_flow_ops, "cond"))
    """)
    assert result.stdout.strip() == "False", "import scopecompat must not add names to TF's modules: " + result.stdout


def test_the_docs_page_is_generated_from_the_measurement_and_the_tables():
    with open(os.path.join(REPO, internals.DOCS_PAGE), encoding="utf-8") as page:
        assert page.read() == internals.markdown(REPO), (
            "%s is stale: python -m scopecompat._launcher.internals > %s" % (internals.DOCS_PAGE, internals.DOCS_PAGE))
