"""The one table of TF's moves (scopecompat/_legacy/tf_internals.py): each (module, name) has one row, and the
tables of tf-slim's and tensorflow-estimator's loaders point into it, so that a move is written once.

What each place serves from the rows is tested where it is served: tests/launcher/test_launcher_internals.py (TF1
code under `scopecompat run`), tests/contrib/test_contrib_layers.py and test_tf_slim_references.py (tf-slim),
tests/estimator/ (tensorflow-estimator)."""

import ast
import collections
import importlib.util
import os

import pytest

from scopecompat._contrib import tf_slim
from scopecompat._estimator import loader
from scopecompat._legacy import tf_internals

TABLES = {"tf_slim": tf_slim, "loader": loader}
REFERENCES = [(table, row) for table, module in TABLES.items() for row in module.REFERENCES]
STAND_INS = [(table, row) for table, module in TABLES.items() for row in module.STAND_INS]


def test_each_tf_name_has_one_row():
    places = collections.Counter((row.module, row.name) for row in tf_internals.MOVED + tf_internals.GONE)
    twice = sorted("%s.%s" % place for place, count in places.items() if count > 1)
    assert not twice, "written twice in tf_internals.MOVED/GONE (one row each): %s" % twice


@pytest.mark.parametrize("row", tf_internals.MOVED + tf_internals.GONE, ids=lambda row: row.module + "." + row.name)
def test_each_row_says_why(row):
    assert (row.why if isinstance(row, tf_internals.Moved) else row.hint).strip(), "a row needs its reason"
    if isinstance(row, tf_internals.Moved):
        assert ":" in row.now and row.now.partition(":")[2], "now is 'module:name': %r" % (row.now,)


@pytest.mark.parametrize("table, row", REFERENCES, ids=lambda value: value if isinstance(value, str) else "%s.%s.%s" % (
    value.module, value.global_name, value.name))
def test_each_reference_of_tf_slim_and_the_estimator_points_into_the_one_table(table, row):
    assert (row.tf_module, row.name) in {(moved.module, moved.name) for moved in tf_internals.MOVED}, (
        "%s.REFERENCES reads %s.%s, which tf_internals.MOVED lacks: write the move there" % (table, row.tf_module, row.name))
    assert row.read_by.strip(), "say which code of %s reads it" % row.module


@pytest.mark.parametrize("table, row", STAND_INS, ids=lambda value: value if isinstance(value, str) else "%s.%s.%s" % (
    value.module, value.global_name, value.name))
def test_a_stand_in_is_not_a_tf_move(table, row):
    assert (row.tf_module, row.name) not in {(moved.module, moved.name) for moved in tf_internals.MOVED}, (
        "%s.STAND_INS mends %s.%s, a TF move of tf_internals.MOVED: make it a Reference" % (table, row.tf_module, row.name))
    assert row.why.strip().startswith("Not a TF move"), "say why %s.%s is not a TF move" % (row.tf_module, row.name)


def test_the_loaders_apply_each_row_once():
    for table, module in TABLES.items():
        mended = [row[:3] for row in module.MOVED]
        assert len(mended) == len(set(mended)) == len(module.REFERENCES) + len(module.STAND_INS), (
            "%s.MOVED is REFERENCES and STAND_INS, each (module, global, attribute) once" % table)


def _source(module_name):
    """The source of a module of an installed package, found without running the package."""
    top, _, rest = module_name.partition(".")
    spec = importlib.util.find_spec(top)
    if spec is None:
        pytest.skip("%s is not installed" % top)
    path = os.path.join(spec.submodule_search_locations[0], *rest.split("."))
    path = path + ".py" if os.path.exists(path + ".py") else os.path.join(path, "__init__.py")
    with open(path, encoding="utf-8") as f:
        return f.read()


def _bound(source, global_name):
    """The TF module an import statement of the source binds to `global_name`."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if (alias.asname or alias.name) == global_name:
                    return node.module + "." + alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.asname or alias.name.split(".")[0]) == global_name:
                    return alias.name if alias.asname else global_name
    return None


@pytest.mark.parametrize("table, row", REFERENCES + STAND_INS, ids=lambda value: value if isinstance(value, str) else (
    "%s.%s.%s" % (value.module, value.global_name, value.name)))
def test_each_global_is_the_tf_module_its_row_names(table, row):
    assert _bound(_source(row.module), row.global_name) == row.tf_module, (
        "%s's global %s is not %s (an import statement of its source binds it)" % (
            row.module, row.global_name, row.tf_module))


def test_a_reference_gets_the_object_at_the_new_place_where_tf_moved_it():
    for row in tf_internals.MOVED:
        if not tf_internals.has(importlib.import_module(row.module), row.name):
            assert tf_internals.now(row.module, row.name) is tf_internals.load(row.now)
    with pytest.raises(KeyError, match="write the move there"):
        tf_internals.moved("tensorflow.python.ops.control_flow_ops", "no_such_name")
