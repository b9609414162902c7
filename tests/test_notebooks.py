"""The walkthrough notebooks (notebooks/*.ipynb), run top to bottom in a fresh Jupyter kernel: their
stored outputs must be what a fresh run prints, so a notebook whose story stops being true fails.

notebooks/execute.py runs them and stores their outputs (`python notebooks/execute.py`); these tests
use its functions. Each notebook is a test of its own, so pytest-xdist spreads them over its workers.
"""

import importlib.util
import os
import re

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS_DIR = os.path.join(REPO, "notebooks")

# `pip install ".[test]"` installs these; only an environment without them (tox's tf212) skips.
pytest.importorskip("nbclient", reason="the notebook tests need nbclient, nbformat and ipykernel: pip install '.[test]'")
nbformat = pytest.importorskip("nbformat")
pytest.importorskip("ipykernel")


def load_execute_script():
    spec = importlib.util.spec_from_file_location("notebooks_execute", os.path.join(NOTEBOOKS_DIR, "execute.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


execute_script = load_execute_script()
NOTEBOOKS = [os.path.basename(path) for path in execute_script.notebook_paths()]
# The five topics of the tutorials (issue 4): a notebook for each, in reading order.
EXPECTED_NOTEBOOKS = [
    "01_variable_vs_get_variable.ipynb",
    "02_name_scope_vs_variable_scope.ipynb",
    "03_reuse.ipynb",
    "04_sharing_an_rnn.ipynb",
    "05_jupyter_rerun.ipynb",
    # and the TF1 ecosystem's training scripts (issue 15 onwards)
    "06_tf_slim_training.ipynb",
    # issue 16: tf.contrib.seq2seq's attention decoder, walked through.
    "07_attention_decoder.ipynb",
    # issue 18: tf.estimator (custom model_fn, premade DNNClassifier, train_and_evaluate), walked through.
    "08_tf_estimator.ipynb",
]


def stored(name):
    return nbformat.read(os.path.join(NOTEBOOKS_DIR, name), as_version=4)


def test_there_is_a_notebook_for_each_topic():
    assert NOTEBOOKS == EXPECTED_NOTEBOOKS, "notebooks/ holds %s" % NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_stored_notebook_was_run_through_scopecompat_and_is_quiet(name):
    notebook = stored(name)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert "import scopecompat as tf" in code[0].source, "%s should start with `import scopecompat as tf`" % name
    assert all(cell.execution_count == number for number, cell in enumerate(code, 1)), (
        "%s's stored outputs should come from one run, top to bottom (run notebooks/execute.py)" % name)
    assert execute_script.log_noise(notebook) == [], "%s has log noise in its stored outputs" % name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_stored_notebook_names_no_folder_of_the_machine_that_recorded_it(name):
    """A reader sees `.../site-packages/tf_slim/...` and `scopecompat/...` in a stored traceback, not the
    recording checkout's or virtualenv's folders (execute.py's `portable` takes them out when it writes)."""
    notebook = stored(name)
    assert execute_script.portable(nbformat.from_dict(notebook)) == notebook, (
        "%s stores a machine's folders in its outputs: re-record it with notebooks/execute.py" % name)
    assert REPO not in nbformat.writes(notebook), "%s names this checkout's folder %s" % (name, REPO)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_run_afresh_prints_its_stored_outputs(name):
    fresh = execute_script.execute(os.path.join(NOTEBOOKS_DIR, name))
    assert execute_script.log_noise(fresh) == [], "a fresh run of %s prints log noise" % name
    differences = execute_script.differences(stored(name), fresh)
    assert differences == [], "%s tells another story when run afresh:\n%s" % (name, "\n".join(differences))


def test_the_comparison_fails_on_a_changed_name_and_ignores_what_legitimately_varies():
    """The check above can fail: a changed variable name is a difference; float noise within float32
    precision, memory addresses and the numbers of a `floats-vary` cell are not."""
    notebook = stored("04_sharing_an_rnn.ipynb")
    names_cell = next(cell for cell in notebook.cells if "rnn/rnn/basic_lstm_cell/kernel:0" in str(cell.get("outputs")))
    loss_cell = next(cell for cell in notebook.cells if execute_script.FLOATS_VARY_TAG in cell.metadata.get("tags", []))

    def changed(cell, edit):
        copy = nbformat.from_dict(notebook)
        index = notebook.cells.index(cell)
        copy.cells[index].outputs[0].text = edit(copy.cells[index].outputs[0].text)
        return execute_script.differences(notebook, copy)

    assert changed(names_cell, lambda text: text.replace("basic_lstm_cell", "lstm_cell")) != [], "a renamed variable"
    assert changed(names_cell, lambda text: text + "extra line\n") != [], "an extra output line"
    assert changed(loss_cell, lambda text: text.replace("mean loss", "mean error")) != [], "changed words"
    assert changed(loss_cell, lambda text: re.sub(r"\d\.\d+", "9.5", text)) == [], "floats of a floats-vary cell"
    assert changed(loss_cell, lambda text: text.replace("160-199", "160-200")) != [], "integers of a floats-vary cell"
    float_cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("stream", name="stdout", text="[2.1] at 0x7f00\n")])
    jittered = nbformat.v4.new_code_cell(
        outputs=[nbformat.v4.new_output("stream", name="stdout", text="[2.0999999] at 0x7fff\n")])
    other = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("stream", name="stdout", text="[2.2] at 0x7f00\n")])
    as_notebook = lambda cell: nbformat.v4.new_notebook(cells=[cell])  # noqa: E731
    assert execute_script.differences(as_notebook(float_cell), as_notebook(jittered)) == [], "float32 print noise"
    assert execute_script.differences(as_notebook(float_cell), as_notebook(other)) != [], "a different value"
    frame = "File /work/wt/estnb/scopecompat/_estimator/loader.py:92, in init_run_config\n"
    in_checkout = lambda text: as_notebook(nbformat.v4.new_code_cell(  # noqa: E731
        outputs=[nbformat.v4.new_output("stream", name="stdout", text=text)]))
    assert execute_script.differences(in_checkout(frame), in_checkout(frame.replace("/work/wt/estnb", "/src"))) == [], (
        "a traceback frame in scopecompat's files run from another checkout is the same frame")
    assert execute_script.differences(in_checkout(frame), in_checkout(frame.replace("loader", "other"))) != [], (
        "a frame in another file of scopecompat is a difference")
    installed = "File /work/main/.venv/lib/python3.11/site-packages/tf_slim/ops/arg_scope.py:184, in func_with_args\n"
    assert execute_script.differences(in_checkout(installed), in_checkout(
        installed.replace("/work/main/.venv", "/tmp/ci/.venv"))) == [], (
        "a traceback frame in an installed package of another environment (CI's fresh .venv) is the same frame")
    assert execute_script.differences(in_checkout(installed), in_checkout(installed.replace("arg_scope", "layers"))) != [], (
        "a frame in another file of an installed package is a difference")
