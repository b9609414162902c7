"""`scopecompat run`: unmodified TF1 programs (the corpus in launcher_corpus/programs/, notebooks) run as
`python SCRIPT` would run them, their `import tensorflow` giving scopecompat and nobody else's.

The corpus programs' variable names are compared with what real TF 1.15.5 printed (goldens recorded by
launcher_corpus/record_goldens.py). Set SCOPECOMPAT_TF1_PYTHON to a TF 1.15.5 interpreter to also run
them there live."""

import json
import os
import subprocess
import sys

import pytest

from conftest import launch, python_path, write
from launcher_corpus.record_goldens import PROGRAMS, golden_path, programs, run_program, tf1_lines, variable_lines
from scopecompat._launcher import errors, running
from scopecompat._legacy import mnist

CORPUS = programs()
TF1_PYTHON = os.environ.get("SCOPECOMPAT_TF1_PYTHON")


def golden(program):
    with open(golden_path(program)) as f:
        return f.read()


# -- the corpus ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("program", CORPUS)
def test_corpus_program_through_the_launcher_builds_the_variables_tf_1_15_built(program, tmp_path):
    result = run_program(sys.executable, program, str(tmp_path), launcher=True, env=python_path())
    assert result.returncode == 0, "%s failed through scopecompat run:\n%s" % (program, result.stderr[-3000:])
    assert variable_lines(result.stdout) == golden(program), "%s: variables differ from TF 1.15.5's" % program


@pytest.mark.skipif(not TF1_PYTHON, reason="set SCOPECOMPAT_TF1_PYTHON to a TF 1.15.5 interpreter to run live")
@pytest.mark.parametrize("program", CORPUS)
def test_corpus_program_on_live_tf_1_15_prints_its_golden(program):
    assert tf1_lines(TF1_PYTHON, program) == golden(program), "%s: TF 1.15.5 now prints other names" % program


def test_the_corpus_has_15_programs_each_with_a_golden():
    assert len(CORPUS) >= 15, "the corpus should hold at least 15 programs: %s" % CORPUS
    missing = [program for program in CORPUS if not os.path.isfile(golden_path(program))]
    assert missing == [], "programs without a TF 1.15.5 golden (run record_goldens.py): %s" % missing
    assert any(os.path.isdir(os.path.join(PROGRAMS, program)) for program in CORPUS), \
        "no corpus program imports modules of its own folder"


# -- as `python SCRIPT` would --------------------------------------------------------------------------

PROBE = '''\
"""A probe of what a script sees."""
import os
import sys

print("argv", sys.argv)
print("name", __name__, "file", __file__, "doc", __doc__)
print("path[0]", sys.path[0], "cwd", os.getcwd())
print("main module", sys.modules["__main__"].__dict__ is globals(), sorted(globals()))
print("spec", __spec__, "package", __package__, "cached", __cached__)
with open("data.txt") as f:
    print("relative read", f.read())
print("stdin", sys.stdin.readline().strip())
import helper
print("helper", helper.__name__, helper.__file__)


def fail():
    helper.fail()


fail()
'''


def test_a_script_runs_as_python_runs_it(tmp_path):
    """Same output, traceback and exit code as `python scripts/probe.py ARGS`; the script's own
    options (`--help`, `--version`) pass through to it."""
    write(tmp_path / "scripts" / "probe.py", PROBE)
    write(tmp_path / "scripts" / "helper.py", "def fail():\n    raise ValueError('raised in a module of the script')\n")
    write(tmp_path / "data.txt", "read from the working directory")
    args = ["--help", "-x", "--version", "--"]
    plain = subprocess.run([sys.executable, "scripts/probe.py"] + args, cwd=tmp_path, input="a line\n",
                           capture_output=True, text=True, timeout=60)
    launched = launch(["scripts/probe.py"] + args, tmp_path, stdin="a line\n")
    assert plain.returncode == 1 and "stdin a line" in plain.stdout, "the probe itself misbehaved: %s" % plain
    assert launched.stdout == plain.stdout, "what the script saw differs from `python SCRIPT`"
    assert launched.stderr == plain.stderr, "the traceback differs from `python SCRIPT`'s:\n%s" % launched.stderr
    assert launched.returncode == plain.returncode, "exit code %d, python gave %d" % (launched.returncode, plain.returncode)


def test_tf1_imports_give_scopecompat_in_the_programs_own_code_only(tmp_path):
    project, outside = tmp_path / "project", tmp_path / "outside"
    write(outside / "on_pythonpath.py", "import tensorflow as tf\n")
    write(project / "venv" / "lib" / "site-packages" / "vendored.py", "import tensorflow as tf\n")
    write(project / "models" / "__init__.py", "")
    write(project / "models" / "rnn_model.py", """\
        import tensorflow as tf
        from tensorflow.contrib import rnn
        """)
    write(project / "main.py", """\
        import importlib, sys
        import tensorflow as tf
        import tensorflow
        import tensorflow.contrib.rnn
        from tensorflow.contrib import rnn, layers
        from tensorflow.python.ops import rnn_cell
        import tensorflow.python.ops.rnn_cell as rnn_cell_too
        import tensorflow.compat.v1 as v1
        from tensorflow.compat import v1 as v1_too
        from tensorflow.python.framework import ops
        from tensorflow import placeholder
        from tensorflow.examples.tutorials.mnist import input_data
        from models import rnn_model
        import on_pythonpath
        sys.path.insert(0, "venv/lib/site-packages")
        import vendored
        import scopecompat
        real = sys.modules["tensorflow"]
        checks = {
            "import tensorflow as tf": tf is scopecompat,
            "import tensorflow": tensorflow is scopecompat,
            "from tensorflow.contrib import rnn, layers": (rnn, layers) == (tf.contrib.rnn, tf.contrib.layers),
            "from tensorflow.python.ops import rnn_cell": rnn_cell is tf.nn.rnn_cell,
            "import tensorflow.python.ops.rnn_cell as": rnn_cell_too is tf.nn.rnn_cell,
            "import tensorflow.compat.v1 as": v1 is scopecompat and v1_too is scopecompat,
            # (a view of TF's module where TF 2.x moved names out of it: scopecompat/_launcher/internals.py)
            "TF internals stay TF's": getattr(ops, "__wrapped__", ops) is sys.modules["tensorflow.python.framework.ops"],
            "from tensorflow import placeholder": placeholder is tf.placeholder,
            "mnist input_data": input_data.read_data_sets is scopecompat._legacy.mnist.read_data_sets,
            "a module of the script's folder": rnn_model.tf is scopecompat and rnn_model.rnn is tf.contrib.rnn,
            "__import__ and exec": __import__("tensorflow") is scopecompat and eval("__import__('tensorflow')") is scopecompat,
            "sys.modules keeps TensorFlow": real.__name__ == "tensorflow" and real is not scopecompat,
            "a module outside the folder, on PYTHONPATH": on_pythonpath.tf is scopecompat,
            "site-packages inside the folder": vendored.tf is real,
            "importlib.import_module is not mapped": importlib.import_module("tensorflow") is real,
        }
        for check, passed in checks.items():
            print(check, "ok" if passed else "FAILED")
        sys.exit(3)
        """)
    result = launch(["main.py"], project, env=python_path(str(outside)))
    assert result.returncode == 3, "sys.exit(3) should be the exit code, got %d:\n%s" % (result.returncode, result.stderr[-3000:])
    failed = [line for line in result.stdout.splitlines() if not line.endswith(" ok")]
    assert failed == [] and result.stdout.count(" ok") == 15, "import checks failed:\n%s" % result.stdout


# -- errors ----------------------------------------------------------------------------------------------


def test_a_python_2_script_gets_told_so_and_how_to_convert_it(tmp_path, monkeypatch, capsys):
    """In this process: a script that does not compile stops run() before it changes anything."""
    write(tmp_path / "old.py", """\
        import tensorflow as tf
        hello = tf.constant('Hello, TensorFlow!')
        sess = tf.Session()
        print sess.run(hello)
        """)
    monkeypatch.chdir(tmp_path)
    assert running.run("old.py", []) == 1, "a script that does not parse should fail with 1, as in python"
    out, err = capsys.readouterr()
    assert "SyntaxError: Missing parentheses in call to 'print'" in err, "Python's own error first: %s" % err
    assert "old.py is Python 2 code (line 4)" in err, "should say it is Python 2 code: %s" % err
    assert "2to3 -w old.py" in err, "should name the fix: %s" % err
    assert out == "", "nothing should have run: %s" % out


@pytest.mark.parametrize("source", [
    "print 'hello'", "print x, y", "exec 'x = 1'", "try:\n    pass\nexcept Exception, e:\n    pass",
    "raise ValueError, 'bad'", "x = `1`", "if 1 <> 2: pass", "mode = 0777", "n = 10L", "s = ur'text'",
])
def test_python_2_forms_are_recognised(source):
    with pytest.raises(SyntaxError) as caught:
        compile(source, "old.py", "exec")
    assert errors.looks_like_python2(caught.value), "%r should be recognised as Python 2" % source


@pytest.mark.parametrize("source", ["x = = 1", "def f(:\n    pass", "print(x", "  indented = 1",
                                    "label = '`quoted` in a string' +", "suffix = \"10L\" +"])
def test_other_syntax_errors_are_not_called_python_2(source):
    with pytest.raises(SyntaxError) as caught:
        compile(source, "new.py", "exec")
    assert not errors.looks_like_python2(caught.value), "%r is not Python 2 code" % source


def test_a_missing_script_or_a_folder_is_refused_like_python_does(tmp_path, capsys):
    assert running.run(str(tmp_path / "absent.py"), []) == 2, "a missing script should give exit code 2"
    assert "can't open file" in capsys.readouterr().err, "the error should say the file cannot be opened"
    assert running.run(str(tmp_path), []) == 2, "a folder should give exit code 2"
    assert "is a folder; give the .py file" in capsys.readouterr().err, "the error should name the fix"


# -- notebooks -------------------------------------------------------------------------------------------


def code_cell(source):
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": source.splitlines(True)}


def test_a_notebook_runs_its_code_cells_in_order_without_the_ipython_lines(tmp_path):
    """The cells of corpus program 15, with the IPython lines a notebook has around them."""
    with open(os.path.join(PROGRAMS, "15_autoencoder_variables.py")) as f:
        chunks = f.read().split("\n\n")
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# A TF1 notebook"]},
             code_cell(chunks[0]),  # the docstring and `from __future__ import`
             code_cell("%matplotlib inline\n!ls -l\ntf.nn.relu?\n" + chunks[1]),
             code_cell("%%bash\necho SHOULD NOT RUN"),
             code_cell("%%time\ntimed = 6"),
             code_cell("answer = timed * 7\nanswer"),
             code_cell("answer;"),
             code_cell("open('beside.txt').read()  # the notebook's folder is the working directory"),
             ] + [code_cell(chunk) for chunk in chunks[2:]]
    notebook = {"nbformat": 4, "nbformat_minor": 2, "metadata": {}, "cells": cells}
    write(tmp_path / "notebooks" / "tutorial.ipynb", json.dumps(notebook))
    write(tmp_path / "notebooks" / "beside.txt", "beside the notebook")
    result = launch(["notebooks/tutorial.ipynb"], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert variable_lines(result.stdout) == golden("15_autoencoder_variables"), "variables differ from TF 1.15.5's"
    shown = [line for line in result.stdout.splitlines() if line in ("42", "'beside the notebook'")]
    assert shown == ["42", "'beside the notebook'"], "a cell's last value should show once, unless `;`: %s" % shown
    assert "SHOULD NOT RUN" not in result.stdout, "a %%bash cell is not Python and should be skipped"
    for note in ("code cell 2, line 1: %matplotlib inline", "code cell 2, line 2: !ls -l",
                 "code cell 2, line 3: tf.nn.relu?", "skipped code cell 3 (cell magic %%bash)",
                 "code cell 4: ran the body of %%time once"):
        assert note in result.stderr, "no note %r on stderr:\n%s" % (note, result.stderr)


# -- MNIST files -----------------------------------------------------------------------------------------


def test_missing_mnist_files_are_named_and_nothing_is_created(tmp_path):
    absent = tmp_path / "MNIST_data"
    with pytest.raises(FileNotFoundError, match=r"MNIST files missing from folder .*MNIST_data.*, which does not "
                                                r"exist: train-images-idx3-ubyte.gz, .*t10k-labels-idx1-ubyte.gz"):
        mnist.read_data_sets(str(absent), one_hot=True)
    assert not absent.exists(), "read_data_sets created the folder"
    absent.mkdir()
    for name in mnist.FILES[:2]:
        (absent / name).write_bytes(b"")
    with pytest.raises(FileNotFoundError) as caught:
        mnist.read_data_sets(str(absent))
    message = str(caught.value)
    assert "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz." in message, "should name the two missing: %s" % message
    assert "never downloads" in message and mnist.DEFAULT_SOURCE_URL in message, "should say where to get them"
    assert sorted(os.listdir(absent)) == sorted(mnist.FILES[:2]), "read_data_sets wrote into the folder"


# -- installed code inside the script's folder ---------------------------------------------------------


def make_venv(tmp_path):
    """A virtualenv in tmp_path that sees this interpreter's packages (TensorFlow, pip's setuptools) through
    a .pth of its own: `--system-site-packages` would give the base Python's, which has no TensorFlow."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")
    site_packages = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    ours = __import__("sysconfig").get_paths()["purelib"]
    with open(os.path.join(site_packages, "_outer.pth"), "w") as f:
        f.write("import site; site.addsitedir(%r)\n" % ours)
    return python, site_packages


def test_packages_installed_from_inside_the_folder_keep_the_real_tensorflow(tmp_path):
    """A package put on sys.path by a .pth file and one installed with `pip install -e` (whose folder the
    editable finder maps) both lie in the script's folder: they are installed code, TF2 code, whole."""
    python, site_packages = make_venv(tmp_path)
    project = tmp_path / "project"
    write(project / "vendor" / "pthpkg" / "__init__.py", "import tensorflow as tf\nfrom pthpkg import sub\n")
    write(project / "vendor" / "pthpkg" / "sub.py", "import tensorflow as tf\n")
    with open(os.path.join(site_packages, "vendor.pth"), "w") as f:
        f.write(str(project / "vendor") + "\n")
    write(project / "lib" / "src" / "edpkg" / "__init__.py", "import tensorflow as tf\nfrom edpkg import sub\n")
    write(project / "lib" / "src" / "edpkg" / "sub.py", "import tensorflow as tf\n")
    write(project / "lib" / "pyproject.toml", """\
        [project]
        name = "edpkg"
        version = "0.1"
        [tool.setuptools]
        package-dir = {"edpkg" = "src/edpkg"}
        packages = ["edpkg"]
        [build-system]
        requires = ["setuptools"]
        build-backend = "setuptools.build_meta"
        """)
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-index",
                                "--no-deps", "--no-build-isolation", "-e", str(project / "lib")],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, "pip install -e failed: %s" % installed.stderr[-2000:]
    write(project / "helper.py", "import tensorflow as tf\n")
    write(project / "main.py", """\
        import sys
        import tensorflow as tf
        import helper, pthpkg, pthpkg.sub, edpkg, edpkg.sub
        import scopecompat
        real = sys.modules["tensorflow"]
        print("script", tf is scopecompat, "helper", helper.tf is scopecompat)
        print("pth", pthpkg.tf is real, pthpkg.sub.tf is real, "editable", edpkg.tf is real, edpkg.sub.tf is real)
        """)
    environ = dict(os.environ, **python_path())
    environ.pop("TF_CPP_MIN_LOG_LEVEL", None)
    result = subprocess.run([python, "-m", "scopecompat", "run", "main.py"], cwd=project, capture_output=True,
                            text=True, env=environ, timeout=600)
    assert result.returncode == 0, "the script failed: %s" % result.stderr[-3000:]
    assert result.stdout.splitlines() == ["script True helper True", "pth True True editable True True"], (
        "the script and its own module get scopecompat, the installed packages the real TensorFlow: %s"
        % result.stdout)


# -- as `python SCRIPT` would, continued ---------------------------------------------------------------


def same_as_python(tmp_path, script, args=()):
    """Run `script` (in tmp_path) with python and with the launcher; assert the same stdout, stderr, exit."""
    plain = subprocess.run([sys.executable, script] + list(args), cwd=tmp_path, capture_output=True, text=True,
                           timeout=120)
    launched = launch([script] + list(args), tmp_path)
    assert launched.stdout == plain.stdout, "stdout differs from `python %s`:\n%s\n---\n%s\n%s" % (
        script, plain.stdout, launched.stdout, launched.stderr[-2000:])
    assert launched.stderr == plain.stderr, "stderr differs from `python %s`:\n%s\n---\n%s" % (
        script, plain.stderr, launched.stderr)
    assert launched.returncode == plain.returncode, "exit code %d, python gave %d" % (
        launched.returncode, plain.returncode)
    return launched


def test_builtins_are_the_live_builtins_module_as_in_python(tmp_path):
    """Builtins added while the script runs are visible to it and to its modules; `__builtins__` is the
    builtins module in __main__ and its dict in an imported module, as Python gives them."""
    write(tmp_path / "helper.py", """\
        import builtins
        def late():
            return added_later
        print("helper __builtins__", type(__builtins__).__name__, __builtins__ is builtins.__dict__)
        """)
    write(tmp_path / "main.py", """\
        import builtins, gettext
        import helper
        print("main __builtins__", type(__builtins__).__name__, __builtins__ is builtins)
        builtins.added_later = "seen"
        print("added later", added_later, helper.late())
        gettext.install("nothing")
        print("gettext", _("translated"))
        """)
    same_as_python(tmp_path, "main.py")


def test_a_zip_archive_on_sys_path_inside_the_folder_imports(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as archive:
        archive.writestr("zipped.py", "VALUE = 42\n")
    write(tmp_path / "main.py", """\
        import sys
        sys.path.insert(0, "bundle.zip")
        import zipped
        print(zipped.VALUE, zipped.__file__)
        """)
    same_as_python(tmp_path, "main.py")


def test_arguments_after_the_script_are_passed_as_they_are_even_a_double_dash(tmp_path):
    write(tmp_path / "args.py", "import sys\nprint(sys.argv)\n")
    for args in (["--", "-h"], ["-x", "--", "--", "y"], ["--"]):
        same_as_python(tmp_path, "args.py", args)


# -- errors, continued ---------------------------------------------------------------------------------


def test_a_file_that_is_not_utf_8_gets_pythons_pep_263_error(tmp_path):
    (tmp_path / "latin.py").write_bytes(b"# a comment\nname = '\xe9t\xe9'\nprint(name)\n")
    same_as_python(tmp_path, "latin.py")


@pytest.mark.parametrize("notebook, expected", [
    ({"nbformat": 4, "cells": [{"cell_type": "code", "source": "x = 1"}, {"cell_type": "code", "source": 5}]},
     "code cell 2: its source is not text"),
    ({"nbformat": 4, "cells": [{"cell_type": "code", "source": ["x = 1\n", None]}]},
     "code cell 1: its source is not text"),
    ({"nbformat": 4, "cells": {"cell_type": "code"}}, "its cells are not a list"),
    ({"nbformat": 4, "cells": [["x = 1"]]}, "cell 1 is not a JSON object"),
    ({"nbformat": 3, "worksheets": [{"cells": 3}]}, "its cells are not a list"),
    ({"nbformat": 3, "worksheets": ["x"]}, "worksheet 1 is not a JSON object"),
])
def test_a_malformed_notebook_is_named_with_its_cell(tmp_path, notebook, expected):
    write(tmp_path / "bad.ipynb", json.dumps(notebook))
    result = launch(["bad.ipynb"], tmp_path)
    assert result.returncode == 2, "a notebook that can't be read should exit 2: %s" % result.stderr[-2000:]
    assert "Traceback" not in result.stderr, "no traceback from inside the launcher: %s" % result.stderr[-2000:]
    assert "scopecompat run: bad.ipynb is not a Jupyter notebook that scopecompat can read: %s" % expected in (
        result.stderr), "the error should name the notebook and what is wrong: %s" % result.stderr


REMOVED_HABITS = [
    ("import numpy as np\nprint(np.int(3))\n", "AttributeError: module 'numpy' has no attribute 'int'",
     "NumPy 1.24 removed `np.int`"),
    ("import numpy as np\nnp.reshape(np.arange(4), newshape=(2, 2))\n",
     "TypeError: reshape() got an unexpected keyword argument 'newshape'", "NumPy 2.4 removed"),
    ("import numpy as np\npixels = np.zeros(3, dtype=np.uint8)\nprint(pixels + 300)\n",
     "OverflowError: Python integer 300 out of bounds for uint8", "NumPy 2.0"),
]


@pytest.mark.parametrize("program, error, hint", REMOVED_HABITS)
def test_a_numpy_habit_that_numpy_removed_gets_the_release_and_the_fix(tmp_path, program, error, hint):
    write(tmp_path / "old_numpy.py", program)
    result = launch(["old_numpy.py"], tmp_path)
    assert result.returncode == 1, "the program dies of the error: %s" % result.stderr[-2000:]
    lines = result.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):" and error in result.stderr, (
        "Python's traceback and error come first: %s" % result.stderr[-2000:])
    assert lines[-1].startswith("scopecompat run: ") and hint in lines[-1], (
        "a last line should say which release removed it and the fix: %s" % lines[-1])


def test_tsne_n_iter_that_scikit_learn_removed_gets_the_release_and_the_fix(tmp_path):
    pytest.importorskip("sklearn.manifold")
    write(tmp_path / "old_sklearn.py", "from sklearn.manifold import TSNE\nTSNE(n_iter=300)\n")
    result = launch(["old_sklearn.py"], tmp_path)
    lines = result.stderr.splitlines()
    assert "TypeError" in result.stderr and lines[-1].startswith("scopecompat run: ") and "max_iter" in lines[-1], (
        "a last line should say which release removed n_iter and the fix: %s" % result.stderr[-2000:])


def test_a_programs_own_reshape_and_attribute_errors_get_no_numpy_hint(tmp_path):
    """The same TypeError text from the program's own `reshape`, beside numpy's: only numpy's gets the hint."""
    write(tmp_path / "own.py", """\
        import numpy as np
        def reshape(values, shape):
            return values
        try:
            reshape([1], newshape=2)
        except TypeError as error:
            print(error)
        np.reshape(np.arange(4), newshape=(2, 2))
        """)
    write(tmp_path / "own_only.py", "def reshape(values, shape):\n    return values\nreshape([1], newshape=2)\n")
    result = launch(["own.py"], tmp_path)
    assert result.stdout == "reshape() got an unexpected keyword argument 'newshape'\n", result.stdout
    assert result.stderr.count("NumPy 2.4 removed") == 1, "numpy's reshape gets the hint: %s" % result.stderr
    own = launch(["own_only.py"], tmp_path)
    assert "got an unexpected keyword argument 'newshape'" in own.stderr, "the program's own error: %s" % own.stderr
    assert "scopecompat run:" not in own.stderr, "not numpy's reshape: no hint: %s" % own.stderr


def test_an_old_name_imported_from_tensorflow_warns_at_the_scripts_line(tmp_path):
    """`from tensorflow import mul` goes through the launcher's import hook: the LegacyNameWarning must point
    past scopecompat's own frames (in every folder of the package) to the script's line, as `tf.mul` does."""
    write(tmp_path / "old.py", """\
        import warnings
        warnings.simplefilter("always")
        from tensorflow import mul
        import tensorflow as tf
        sub = tf.sub
        """)
    result = launch(["old.py"], cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    where = [line.split(": LegacyNameWarning")[0] for line in result.stderr.splitlines() if "LegacyNameWarning" in line]
    script = str(tmp_path / "old.py")
    assert where == [script + ":3", script + ":5"], "the warnings should point at the script's lines: %s" % where
