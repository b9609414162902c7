"""TF 1.15's implementation paths of tf.contrib (scopecompat/_contrib/paths.py): the table SERVED_BY against the
recording of TF 1.15.5's own files (contrib_paths_tf_1_15.json, tests/legacy/record_contrib_paths.py), the
identity of what they serve with tf.contrib.<module>.<name>, the errors, and docs/contrib-paths.md."""

import importlib
import os
import subprocess
import warnings

import pytest

import scopecompat as tf
from scopecompat._contrib import paths
from conftest import REPO

ORACLE_PYTHON = os.path.join(os.environ.get("SCOPECOMPAT_ORACLES", "/nonexistent"), "tf-1.15.5", "bin", "python")

PROVIDED_PATHS = sorted(path for path in paths.recording()["names"] if paths.is_path_of_provided_module(path))
SERVED_FILES = [path for path in PROVIDED_PATHS if path not in paths.packages() and paths.served_module_name(path)]
NOT_PROVIDED_FILES = [path for path in PROVIDED_PATHS
                      if path not in paths.packages() and not paths.served_module_name(path)]


def lookup(dotted):
    value = tf
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


@pytest.fixture(autouse=True)
def no_legacy_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        yield


@pytest.mark.skipif(not os.path.exists(ORACLE_PYTHON), reason="needs SCOPECOMPAT_ORACLES with tf-1.15.5")
def test_the_recording_is_what_tf_1_15_5_gives_now(tmp_path):
    out = tmp_path / "paths.json"
    result = subprocess.run([ORACLE_PYTHON, os.path.join(REPO, "tests", "legacy", "record_contrib_paths.py"), str(out)],
                            capture_output=True, text=True, timeout=600, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    assert result.returncode == 0, "the recording script failed: " + result.stderr[-3000:]
    with open(paths.RECORDING, encoding="utf-8") as stored:
        assert out.read_text() == stored.read(), (
            "contrib_paths_tf_1_15.json differs from a fresh recording: rerun tests/legacy/record_contrib_paths.py")


def test_the_recording_is_tf_1_15_5s_and_knows_the_paths_of_the_issue():
    record = paths.recording()
    assert record["tf_version"] == "1.15.5", "recorded with %s" % record["tf_version"]
    for path in ("contrib.seq2seq.python.ops.attention_wrapper", "contrib.rnn.python.ops.core_rnn_cell",
                 "contrib.crf.python.ops.crf", "contrib.legacy_seq2seq.python.ops.seq2seq",
                 "contrib.training.python.training.hparam", "contrib.framework.python.ops.arg_scope",
                 "contrib.layers.python.layers.initializers", "contrib.layers.python.layers.layers",
                 "contrib.layers.python.layers.optimizers", "contrib.layers.python.layers.utils",
                 "contrib.slim.python.slim.nets.vgg", "contrib.metrics.python.ops.metric_ops"):
        assert path in SERVED_FILES, "TF 1.15's tensorflow.%s should be recorded and served" % path
    assert record["missing_path_error"]["type"] == "ModuleNotFoundError", "TF 1.15.5's error for a path it never had"


def test_every_row_of_the_table_covers_a_tf_1_15_path():
    known = paths.tf_1_15_paths()
    for row_path, served, why in paths.SERVED_BY:
        if row_path.endswith(".*"):
            assert any(path.startswith(row_path[:-1]) for path in known), "row %s covers no TF 1.15 path" % row_path
        else:
            assert row_path in known, "row %s is not a TF 1.15 path" % row_path
        assert why, "row %s says why" % row_path


def test_every_path_of_a_provided_module_has_a_row():
    uncovered = [path for path in PROVIDED_PATHS if paths.served_by(path) is None]
    assert not uncovered, "TF 1.15 paths no row of SERVED_BY covers: %s" % uncovered


def test_a_served_file_serves_its_own_names_and_a_file_not_provided_none():
    """The table's None rows and its served rows agree with what resolves: a served file serves one of its
    own TF 1.15 names at least, a file marked not provided serves none of them."""
    empty = [path for path in SERVED_FILES if paths.own_names(path) and not paths.served_names(path, paths.own_names(path))[0]]
    assert not empty, "served by the table, but none of their own names resolves: %s" % empty
    serving = [path for path in NOT_PROVIDED_FILES if paths.served_names(path, paths.own_names(path))[0]]
    assert not serving, "marked not provided, but names of theirs resolve (give them a served row): %s" % serving


@pytest.mark.parametrize("path", SERVED_FILES)
def test_a_served_path_imports_and_its_names_are_tf_contribs_objects(path):
    """`import scopecompat.<path>` and attribute access give the one module; each name that was a public TF 1.15
    name's object in TF 1.15.5 (recorded: tf.contrib.rnn.EmbeddingWrapper) is scopecompat's object of that name."""
    module = importlib.import_module("scopecompat." + path)
    parent, _, leaf = path.rpartition(".")
    if leaf not in (paths.recording()["names"].get(parent) or ()):  # else TF 1.15's parent bound it otherwise
        assert lookup(path) is module, "tf.%s by attribute should be the imported module" % path
    aliases = paths.recording()["aliases"].get(path, {})
    served, refused = paths.served_names(path)
    assert served, "tensorflow.%s serves none of its names: %s" % (path, refused)
    for name in served:
        value = getattr(module, name)
        try:
            public = lookup(aliases[name]) if name in aliases else value
        except AttributeError:  # tf-slim's module has a name its package lacks (slim.nets.make_all)
            continue
        assert value is public, "tensorflow.%s.%s should be tf.%s itself" % (path, name, aliases[name])


@pytest.mark.parametrize("path", NOT_PROVIDED_FILES)
def test_a_path_not_provided_says_so_and_names_its_provided_parent(path):
    parent = "tf.contrib." + path.split(".")[1]
    package, _, leaf = ("scopecompat." + path).rpartition(".")
    for statement in ("import scopecompat.%s" % path, "from %s import %s" % (package, leaf)):
        with pytest.raises(ImportError) as raised:
            exec(statement, {})
        message = str(raised.value)
        assert type(raised.value) is ImportError, "%s: an ImportError (TF 1.15 had it), not %r" % (statement, raised.value)
        assert "tf.%s is not provided by scopecompat" % path in message and parent + " is" in message, (
            "%s should say it is not provided and name its provided parent %s: %s" % (statement, parent, message))


def test_a_name_tf_1_15_had_and_scopecompat_does_not_serve_says_so():
    from scopecompat.contrib.cudnn_rnn.python.ops import cudnn_rnn_ops
    from scopecompat.contrib.rnn.python.ops import rnn_cell

    assert rnn_cell.LayerNormBasicLSTMCell is tf.contrib.rnn.LayerNormBasicLSTMCell, "a served name of rnn_cell"
    assert rnn_cell.GridLSTMCell is tf.contrib.rnn.GridLSTMCell, "a served name of rnn_cell"
    with pytest.raises(AttributeError) as raised:
        cudnn_rnn_ops.CudnnLSTMSaveable  # noqa: B018
    assert "tf.contrib.cudnn_rnn.CudnnLSTMSaveable is not provided by scopecompat" in str(raised.value), (
        "a TF 1.15 name not served gives tf.contrib.cudnn_rnn.CudnnLSTMSaveable's explanation: %s" % raised.value)
    with pytest.raises(AttributeError) as raised:
        rnn_cell.CFNCell  # noqa: B018
    assert "rnn_cell.CFNCell is not provided by scopecompat (it is not one of tf.contrib.rnn's names" in str(
        raised.value), "a file's own name that was no public name says so: %s" % raised.value
    with pytest.raises(AttributeError) as raised:
        rnn_cell.NoSuchCell  # noqa: B018
    assert "has no attribute 'NoSuchCell'" in str(raised.value), "a name TF 1.15 never had: %s" % raised.value


def test_a_packages_name_for_a_function_stays_the_function_when_its_module_is_imported():
    """TF 1.15's contrib.framework.python.ops star-imports its arg_scope module: ops.arg_scope is the function,
    also after its module is imported (arg_scope_test.py imports both; `import ...ops.arg_scope as m` gives
    the function then, as in TF 1.15)."""
    arg_scope_module = importlib.import_module("scopecompat.contrib.framework.python.ops.arg_scope")
    from scopecompat.contrib.framework.python import ops

    assert ops.arg_scope is tf.contrib.framework.arg_scope, "ops.arg_scope should be the function: %r" % ops.arg_scope
    assert arg_scope_module.arg_scope is tf.contrib.framework.arg_scope, "the module serves the function too"


def test_slims_files_are_tf_slims_modules_themselves():
    from scopecompat.contrib.slim.python.slim import learning
    from scopecompat.contrib.slim.python.slim.nets import vgg
    import scopecompat.contrib.slim.nets as nets

    assert vgg is nets.vgg is tf.contrib.slim.nets.vgg, "slim.nets.vgg is the module the TF 1.15 path gives"
    assert learning is tf.contrib.slim.learning, "slim's learning module is tf.contrib.slim.learning"


@pytest.mark.parametrize("statement", [
    "import scopecompat.contrib.rnn.python.ops.no_such_module",
    "from scopecompat.contrib.rnn.python import no_such_package",
    "import scopecompat.contrib.no_such_module",
])
def test_a_path_tf_1_15_never_had_raises_module_not_found_as_tf_1_15_did(statement):
    with pytest.raises(ImportError) as raised:
        exec(statement, {})
    if statement.startswith("import "):
        name = statement.split()[1]
        assert type(raised.value) is ModuleNotFoundError and str(raised.value) == "No module named %r" % name, (
            "%s: TF 1.15's ModuleNotFoundError, not %r" % (statement, raised.value))
    else:
        assert "cannot import name 'no_such_package'" in str(raised.value), "Python's own message: %s" % raised.value


def test_the_docs_page_is_generated_from_the_table():
    with open(os.path.join(REPO, paths.DOCS_PAGE), encoding="utf-8") as page:
        assert page.read() == paths.markdown(), (
            "%s is stale: python -m scopecompat._contrib.paths > %s" % (paths.DOCS_PAGE, paths.DOCS_PAGE))


LINEAR_PROGRAM = """import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import sys, json, warnings
warnings.simplefilter("ignore")
if sys.argv[1] == "tf1":
    import tensorflow as tf
    from tensorflow.contrib.rnn.python.ops.core_rnn_cell import _linear, _Linear
else:
    import scopecompat as tf
    from scopecompat.contrib.rnn.python.ops.core_rnn_cell import _linear, _Linear
tf.set_random_seed(7)
with tf.variable_scope("one"):
    a = _linear(tf.ones([2, 3]), 4, True, bias_initializer=tf.random_normal_initializer())
with tf.variable_scope("two"):
    b = _linear([tf.ones([2, 3]), tf.fill([2, 2], 0.5)], 2, False)
with tf.variable_scope("three"):
    c = _Linear(tf.ones([2, 3]), 2, True)(tf.ones([2, 3]))
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    values = s.run([a, b, c])
print(json.dumps({"variables": [v.name for v in tf.global_variables()],
                  "ops": [(op.name, op.type) for op in tf.get_default_graph().get_operations()],
                  "values": [[round(float(x), 4) for x in v.ravel()] for v in values]}))
"""


@pytest.mark.skipif(not os.path.exists(ORACLE_PYTHON), reason="needs SCOPECOMPAT_ORACLES with tf-1.15.5")
def test_core_rnn_cells_private_linear_builds_tf_1_15s_variables_ops_and_values(tmp_path):
    """`from tensorflow.contrib.rnn.python.ops.core_rnn_cell import _linear, _Linear` (magenta, TF1 cells): the
    same variables, op names and graph-seeded values as TF 1.15.5 gives, run live beside it."""
    import json
    import sys

    program = tmp_path / "linear.py"
    program.write_text(LINEAR_PROGRAM)
    runs = {}
    for which, python in (("tf1", ORACLE_PYTHON), ("ours", sys.executable)):
        environ = {name: value for name, value in os.environ.items()
                   if not name.startswith(("TF", "PYTHON"))} if which == "tf1" else None  # not this TF 2's settings
        result = subprocess.run([python, str(program), which], capture_output=True, text=True, timeout=600, env=environ)
        assert result.returncode == 0, "%s failed: %s" % (which, result.stderr[-3000:])
        runs[which] = json.loads(result.stdout.strip().splitlines()[-1])
    tf1, ours = runs["tf1"], runs["ours"]
    assert ours["variables"] == tf1["variables"], "variables: %s vs TF 1.15's %s" % (ours["variables"], tf1["variables"])
    assert [name for name, _ in ours["ops"]] == [name for name, _ in tf1["ops"]], "op names differ from TF 1.15's"
    assert ours["values"] == tf1["values"], "values: %s vs TF 1.15's %s" % (ours["values"], tf1["values"])
