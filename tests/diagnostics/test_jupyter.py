"""`%load_ext scopecompat` in a real IPython shell (scopecompat/_diagnostics/jupyter.py). Notebook 5 shows the main
story in a Jupyter kernel (tests/test_notebooks.py runs it); these tests add the edges: what was there
before the extension, other errors, `%tb`, `%pdb`, cell ids, unloading, and that `import scopecompat`
alone never loads the extension.

One fresh interpreter runs a scripted IPython session (a cell at a time, as Jupyter would) and reports,
for each cell, what the shell printed and the exception the cell raised; the check_* functions read it.
"""

import json
import re

import pytest

from conftest import run_python

pytest.importorskip("IPython", reason="the extension tests need IPython: pip install '.[test]'")

# (cell id or None, source). Cells with an id run as Jupyter sends them; others as IPython's terminal does.
SESSION = [
    (None, "import sys\nimport scopecompat as tf\n"
           "print('extension imported:', 'scopecompat._diagnostics.jupyter' in sys.modules)"),
    (None, "early = tf.get_variable('early', [1])"),
    (None, "%load_ext scopecompat"),
    (None, "tf.get_variable('early', [1])"),
    (None, "{}['a missing key']"),
    (None, "int('not a number')"),
    ("cell-a", "v = tf.get_variable('v', [1])"),
    ("cell-a", "v = tf.get_variable('v', [1])  # edited, then run again"),
    (None, "%tb"),
    (None, "x = tf.placeholder(tf.float32, [None, 3])"),
    (None, "dense = tf.layers.dense(x, 2, name='dense')"),
    (None, "dense = tf.layers.dense(x, 2, name='dense')"),
    (None, "r = tf.get_variable('r', [1], use_resource=True)"),
    (None, "r2 = tf.get_variable('r', [1], use_resource=True)"),
    (None, "%pdb on"),
    (None, "r2 = tf.get_variable('r', [1], use_resource=True)"),
    (None, "%pdb off"),
    (None, "sess = tf.InteractiveSession()\nother = tf.Session()"),
    (None, "%scopecompat_reset"),
    (None, "print(sess._closed, other._closed, tf.get_default_session() is None, tf.get_default_graph().get_operations())"),
    (None, "%scopecompat_autoreset maybe"),
    (None, "%unload_ext scopecompat"),
    (None, "w = tf.get_variable('w', [1]); w2 = tf.get_variable('w', [1])"),
    (None, "{}['a missing key']"),
    (None, "%scopecompat_reset"),
    (None, "%load_ext scopecompat"),
    (None, "w3 = tf.get_variable('w', [1])"),
]

DRIVER = """
import contextlib, io, json, os, sys
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

# %pdb on starts a debugger, which reads standard input: give it an empty one, never the terminal.
os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
sys.stdin = open(os.devnull)

config = Config()
config.HistoryManager.hist_file = ":memory:"  # no history database in the user's home
shell = InteractiveShell.instance(config=config)
# A custom handler that was there before the extension (another extension's, say), for KeyError.
shell.set_custom_exc((KeyError,), lambda shell, etype, value, tb, tb_offset=None: print("earlier KeyError handler:", value))
transcript = []
for cell_id, source in json.loads(sys.argv[1]):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        result = shell.run_cell(source, store_history=True, cell_id=cell_id)
    error = result.error_in_exec or result.error_before_exec
    transcript.append({
        "source": source, "printed": printed.getvalue(), "execution_count": result.execution_count,
        "error": None if error is None else [type(error).__name__, str(error)],
    })
print(json.dumps(transcript))
"""

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def run_session(ipython_dir):
    code = "import sys; sys.argv[1:] = [%r]\n%s" % (json.dumps(SESSION), DRIVER)
    result = run_python(code, env={"IPYTHONDIR": str(ipython_dir)})
    cells = json.loads(result.stdout.strip().splitlines()[-1])
    for cell in cells:
        cell["printed"] = ANSI_ESCAPE.sub("", cell["printed"])
    return cells


def cell(session, index):
    """The index-th cell of SESSION, as it ran."""
    assert session[index]["source"] == SESSION[index][1], "the transcript is out of step with SESSION"
    return session[index]


def scopecompat_lines(printed):
    """The extension's one-line hints. "scopecompat: what happened" heads the enriched error's own text
    (scopecompat._diagnostics.rules), which a full traceback shows; it is not a hint of the extension's."""
    return [line for line in printed.splitlines()
            if line.startswith("scopecompat:") and line != "scopecompat: what happened"]


def check_import_scopecompat_does_not_load_the_extension(session):
    assert cell(session, 0)["printed"] == "extension imported: False\n", (
        "import scopecompat loaded scopecompat._diagnostics.jupyter")


def check_a_variable_made_before_loading_gets_a_hint_that_says_so(session):
    early = cell(session, 3)
    assert early["error"][0] == "ValueError", "TF's exception type, unchanged: %s" % early["error"]
    assert early["error"][1].startswith("Variable early already exists, disallowed."), "TF's message, unchanged"
    printed = early["printed"].splitlines()
    assert printed[0] == ("ValueError: Variable early already exists, disallowed. Did you mean to set reuse=True or "
                          "reuse=tf.AUTO_REUSE in VarScope?"), "TF's first line first: %s" % printed
    assert printed[1:] == [
        "scopecompat: early was created before `%load_ext scopecompat`: to share it, create it under reuse=True "
        "or reuse=tf.AUTO_REUSE; to build it anew, run %scopecompat_reset, then re-run the cells from the top."
    ], "one hint line, nothing else: %s" % printed


def check_other_errors_are_shown_as_before(session):
    key_error, value_error = cell(session, 4), cell(session, 5)
    assert key_error["printed"] == "earlier KeyError handler: 'a missing key'\n", (
        "a custom handler installed before the extension still handles its exceptions: %r" % key_error["printed"])
    assert "Traceback (most recent call last)" in value_error["printed"], "IPython's traceback for other ValueErrors"
    assert "invalid literal for int()" in value_error["printed"], "the error itself"
    assert scopecompat_lines(value_error["printed"]) == [], "no hint for errors that are not TF's variable errors"


def check_an_edited_cell_with_the_same_cell_id_is_the_same_cell(session):
    first, edited = cell(session, 6), cell(session, 7)
    assert first["error"] is None, "the first run makes v: %s" % first
    assert scopecompat_lines(edited["printed"]) == [
        "scopecompat: this cell created v when it ran before (In [%d]), and the graph also holds other cells' work: "
        "run %%scopecompat_reset, then re-run the cells from the top." % first["execution_count"]
    ], edited["printed"]


def check_tb_shows_the_whole_traceback_after_a_short_error(session):
    printed = cell(session, 8)["printed"]
    assert "Traceback (most recent call last)" in printed and "variable_scope.py" in printed, (
        "%%tb should show TF's traceback: %s" % printed[:500])
    assert "Originally defined at" in printed, "and TF's whole message"


def check_layers_and_resource_variables_get_the_hint(session):
    dense_again, resource_again = cell(session, 11), cell(session, 13)
    assert scopecompat_lines(dense_again["printed"]) == [
        "scopecompat: this cell created dense/kernel when it ran before (In [%d]), and the graph also holds other "
        "cells' work: run %%scopecompat_reset, then re-run the cells from the top." % cell(session, 10)["execution_count"]
    ], dense_again["printed"]
    assert scopecompat_lines(resource_again["printed"]) == [
        "scopecompat: r was created by another cell (In [%d]): to share it, create it under reuse=True or "
        "reuse=tf.AUTO_REUSE; to build it anew, run %%scopecompat_reset, then re-run the cells from the top."
        % cell(session, 12)["execution_count"]
    ], resource_again["printed"]


def check_with_pdb_on_ipython_shows_the_full_traceback(session):
    printed = cell(session, 15)["printed"]
    assert "Traceback (most recent call last)" in printed, "%%pdb on: IPython's own traceback: %s" % printed[:300]
    assert scopecompat_lines(printed) == [], "no short form under %pdb"


def check_reset_closes_the_sessions_and_starts_an_empty_graph(session):
    assert cell(session, 18)["printed"] == "scopecompat: fresh graph; closed 2 open sessions.\n", cell(session, 18)
    assert cell(session, 19)["printed"] == "True True True []\n", (
        "both sessions closed, no default session left (InteractiveSession's), an empty default graph: %s"
        % cell(session, 19)["printed"])


def check_autoreset_refuses_a_wrong_argument(session):
    printed = cell(session, 20)["printed"]
    assert "UsageError: %scopecompat_autoreset takes on or off, not 'maybe'." in printed, printed


def check_unload_restores_ipython_and_the_earlier_handler(session):
    duplicate, key_error, reset = cell(session, 22), cell(session, 23), cell(session, 24)
    assert "Traceback (most recent call last)" in duplicate["printed"], "after unload, IPython's traceback again"
    assert scopecompat_lines(duplicate["printed"]) == [], "after unload, no hint"
    assert key_error["printed"] == "earlier KeyError handler: 'a missing key'\n", "the earlier handler is back"
    assert "UsageError: Line magic function `%scopecompat_reset` not found" in reset["printed"], reset["printed"]


def check_loading_again_works(session):
    again = cell(session, 26)
    assert scopecompat_lines(again["printed"]) == [
        "scopecompat: w was created before `%load_ext scopecompat`: to share it, create it under reuse=True or "
        "reuse=tf.AUTO_REUSE; to build it anew, run %scopecompat_reset, then re-run the cells from the top."
    ], "loaded again, the extension sees what was made while it was unloaded as made before: %s" % again["printed"]


CHECKS = [check for name, check in sorted(globals().items()) if name.startswith("check_")]


def test_the_extension_in_a_scripted_ipython_session(tmp_path):
    """One interpreter (TensorFlow loads in seconds, not for free) runs SESSION; every check reads its
    transcript, and all failing checks are reported together."""
    session = run_session(tmp_path)
    failures = []
    for check in CHECKS:
        try:
            check(session)
        except AssertionError as error:
            failures.append("%s: %s" % (check.__name__, error))
    assert failures == [], "\n\n".join(failures)
