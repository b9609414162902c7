"""`scopecompat run` for the shapes real TF1 repositories have (issue 25): modules of the program outside the
script's folder, `python -m package.module` programs, TensorFlow's own protocol buffers and tools, Ctrl-C with
atexit handlers and buffered files, and the hints for SciPy/NumPy/scikit-learn removals. Where the point is
fidelity, each is compared with what plain `python` does."""

import importlib
import importlib.util
import os
import signal
import subprocess
import sys
import time
import warnings

import pytest
from packaging.version import Version

from conftest import launch, python_path, write
from scopecompat._launcher import errors

TF1_PYTHON = "/work/oracles/tf-1.15.5/bin/python"
TF_LOG = ("I0000 ", "W0000 ", "E0000 ", "WARNING: All log messages before absl")


def without_tf_logs(text):
    """`text` without the lines TF's C++ runtime logs when it loads (they vary with the machine)."""
    return "".join(line for line in text.splitlines(True) if not line.startswith(TF_LOG))


# -- 1. the program's own code is every module that is not installed code ----------------------------------

SRC_LIB = """\
import tensorflow as tf


def weights():
    with tf.variable_scope("model"):
        return tf.get_variable("w", [2])
"""


def test_a_module_on_pythonpath_or_put_on_sys_path_by_the_script_is_the_programs_code(tmp_path):
    """`PYTHONPATH=src python test/x_test.py` and `sys.path.insert(0, "../lib")`: their modules call
    tf.get_variable as the script does, and build what TF 1.15.5 builds."""
    write(tmp_path / "src" / "lib.py", SRC_LIB)
    write(tmp_path / "lib" / "other.py", "import tensorflow as tf\nfrom tensorflow.contrib import layers\n"
                                         "def bias():\n    return tf.get_variable('b', [3])\n")
    write(tmp_path / "test" / "x_test.py", """\
        import os, sys
        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
        import lib, other
        print(lib.weights().name, other.bias().name)
        """)
    result = launch(["test/x_test.py"], tmp_path, env=python_path(str(tmp_path / "src")))
    assert result.returncode == 0, "the program's modules outside its folder failed: %s" % result.stderr[-3000:]
    assert result.stdout == "model/w:0 b:0\n", "what the modules built: %r" % result.stdout
    if os.path.exists(TF1_PYTHON):
        tf1 = subprocess.run([TF1_PYTHON, "test/x_test.py"], cwd=tmp_path, capture_output=True, text=True,
                             env=dict(os.environ, PYTHONPATH=str(tmp_path / "src")), timeout=300)
        assert tf1.stdout == result.stdout, "TF 1.15.5 built other names: %r (%s)" % (tf1.stdout, tf1.stderr[-1000:])


def test_installed_code_on_pythonpath_keeps_the_real_tensorflow(tmp_path):
    """A `pip install --target` folder on PYTHONPATH is installed code (its distribution lists the file), and
    so is a site-packages folder anywhere: their `import tensorflow` is TensorFlow's."""
    target = tmp_path / "target"
    write(tmp_path / "dist" / "pyproject.toml", """\
        [project]
        name = "tf2tool"
        version = "0.1"
        [build-system]
        requires = ["setuptools"]
        build-backend = "setuptools.build_meta"
        """)
    write(tmp_path / "dist" / "tf2tool.py", "import tensorflow as tf\n")
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-index", "--no-deps",
                                "--no-build-isolation", "--target", str(target), str(tmp_path / "dist")],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, "pip install --target failed: %s" % installed.stderr[-2000:]
    write(tmp_path / "main.py", """\
        import sys
        import tensorflow as tf
        import tf2tool
        print(tf.__name__, tf2tool.tf is sys.modules["tensorflow"])
        """)
    result = launch(["main.py"], tmp_path, env=python_path(str(target)))
    assert result.stdout == "scopecompat True\n", "the script gets scopecompat, the installed module TF: %r %s" % (
        result.stdout, result.stderr[-2000:])


# -- 2. scopecompat run -m MODULE --------------------------------------------------------------------------

MODULE_PROBE = '''\
"""What a module run with -m sees."""
import os
import sys

print("argv", sys.argv)
print("name", __name__, "spec", __spec__.name, "package", __package__, "file", __file__)
print("path[0]", sys.path[0], "cwd", os.getcwd())
print("main module", sys.modules["__main__"].__dict__ is globals())
from . import helper
helper.fail()
'''


def test_run_m_runs_a_module_as_python_m_does(tmp_path):
    write(tmp_path / "nmt" / "__init__.py", "")
    write(tmp_path / "nmt" / "probe.py", MODULE_PROBE)
    write(tmp_path / "nmt" / "helper.py", "def fail():\n    raise ValueError('raised in the package')\n")
    args = ["--src=en", "-x", "--"]
    plain = subprocess.run([sys.executable, "-m", "nmt.probe"] + args, cwd=tmp_path, capture_output=True,
                           text=True, timeout=60)
    launched = launch(["-m", "nmt.probe"] + args, tmp_path)
    assert plain.returncode == 1 and "argv" in plain.stdout, "the probe itself misbehaved: %s" % plain.stderr
    assert launched.stdout == plain.stdout, "what the module saw differs from `python -m`:\n%s---\n%s" % (
        plain.stdout, launched.stdout)
    assert launched.stderr == plain.stderr, "the traceback differs from `python -m`'s:\n%s" % launched.stderr
    assert launched.returncode == plain.returncode, "exit code %d, python gave %d" % (
        launched.returncode, plain.returncode)


def test_run_m_gives_the_module_and_its_package_tf1(tmp_path):
    """NMT-style: `python -m nmt.nmt`, whose package modules import tensorflow too."""
    write(tmp_path / "nmt" / "__init__.py", "import tensorflow as tf\nVERSION = tf.VERSION\n")
    write(tmp_path / "nmt" / "model.py", SRC_LIB)
    write(tmp_path / "nmt" / "nmt.py", """\
        import sys
        import tensorflow as tf
        from nmt import model
        if __name__ == "__main__":
            print(model.weights().name, tf.__name__, sys.argv[1:])
        """)
    result = launch(["-mnmt.nmt", "--out_dir", "x"], tmp_path)
    assert result.returncode == 0, "the module failed: %s" % result.stderr[-3000:]
    assert result.stdout == "model/w:0 scopecompat ['--out_dir', 'x']\n", "what it printed: %r" % result.stdout


@pytest.mark.parametrize("module", ["no_such_module", "nmt.no_such_module", ".relative"])
def test_run_m_of_a_missing_module_gets_pythons_message(tmp_path, module):
    write(tmp_path / "nmt" / "__init__.py", "")
    plain = subprocess.run([sys.executable, "-m", module], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    launched = launch(["-m", module], tmp_path)
    assert plain.returncode == 1 and "No module named" in plain.stderr or "Relative" in plain.stderr, plain.stderr
    assert (launched.returncode, launched.stderr) == (plain.returncode, plain.stderr), (
        "`python -m %s` says %r (exit %d), the launcher %r (exit %d)" % (
            module, plain.stderr, plain.returncode, launched.stderr, launched.returncode))


def cli(*args):
    """`scopecompat ARGS` by its console script's own code (beside the package): did it import TensorFlow?"""
    code = ("import sys; from _scopecompat_cli import main; code = main(sys.argv[1:]); "
            "print('tensorflow' in sys.modules, code)")
    return subprocess.run([sys.executable, "-c", code] + list(args), capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, **python_path()))


def test_run_help_shows_m_and_run_without_a_program_names_both_forms():
    helped = cli("run", "--help")
    assert "-m MODULE" in helped.stdout and "(SCRIPT | -m MODULE) [ARGS ...]" in helped.stdout, (
        "run --help should show -m: %s" % helped.stdout)
    bare = cli("run")
    assert "required" not in bare.stderr and "SCRIPT" in bare.stderr and "-m MODULE" in bare.stderr, (
        "run without a program should say what to give, and ARGS is optional: %s" % bare.stderr)
    assert bare.stdout == "False 2\n", "exit code 2, before TensorFlow loads: %s" % bare.stdout


def test_a_missing_script_is_refused_before_tensorflow_loads(tmp_path):
    result = cli("run", str(tmp_path / "nope.py"))
    assert "can't open file" in result.stderr and result.stdout == "False 2\n", (
        "the missing file should be named, with exit code 2, without loading TensorFlow: %s %s" % (
            result.stdout, result.stderr))


# -- 3. TensorFlow's protocol buffers and tools stay TensorFlow's ------------------------------------------


def test_tensorflow_core_and_tools_are_tensorflows_own(tmp_path):
    write(tmp_path / "protos.py", """\
        import sys
        import tensorflow as tf
        from tensorflow.core.protobuf import config_pb2
        from tensorflow.core.framework import graph_pb2, summary_pb2
        from tensorflow.core.util import event_pb2
        from tensorflow.core.example import example_pb2
        import tensorflow.core.framework.graph_pb2 as graph_pb2_too
        import tensorflow.tools
        modules = [config_pb2, graph_pb2, summary_pb2, event_pb2, example_pb2, graph_pb2_too, tensorflow.tools]
        print(all(module is sys.modules[module.__name__] and module.__name__.startswith("tensorflow.")
                  for module in modules))
        config = config_pb2.ConfigProto(intra_op_parallelism_threads=1)
        print(config_pb2.ConfigProto is tf.ConfigProto, type(tf.get_default_graph().as_graph_def()) is graph_pb2.GraphDef)
        with tf.Session(config=config) as session:
            print(session.run(tf.constant(3)))
        """)
    result = launch(["protos.py"], tmp_path)
    assert result.returncode == 0, "TF's protocol buffers failed to import: %s" % result.stderr[-3000:]
    assert result.stdout == "True\nTrue True\n3\n", "TF's own modules and classes: %r" % result.stdout


# -- 6. Ctrl-C: atexit handlers and files, then death by SIGINT, as python ---------------------------------

TRAINING = """\
import atexit, os, time
{import_tf}
w = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
step = tf.assign_add(w, [1.0, 1.0])
saver = tf.train.Saver()
session = tf.Session()
session.run(tf.global_variables_initializer())
atexit.register(lambda: saver.save(session, os.path.join(os.getcwd(), "checkpoint", "model")))
log = open("train.log", "w")
print("training", flush=True)
while True:
    log.write("step %d\\n" % session.run(step)[0])
    time.sleep(0.01)
"""


def interrupt_training(command, folder):
    """Start `command` in `folder`, in its own process group with SIGINT at its default (as a terminal's
    foreground job has it); once it trains, send the group SIGINT (Ctrl-C). Returns (exit status, stderr,
    checkpoint files, lines of its log)."""
    environ = dict(os.environ, **python_path())
    environ.pop("TF_CPP_MIN_LOG_LEVEL", None)
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=environ, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert process.stdout.readline() == "training\n", "the program never started training"
        time.sleep(1)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
    checkpoint = folder / "checkpoint"
    files = sorted(os.listdir(checkpoint)) if checkpoint.is_dir() else []
    log = (folder / "train.log").read_text() if (folder / "train.log").exists() else ""
    return process.returncode, stderr, files, log.splitlines()


def test_ctrl_c_runs_atexit_and_flushes_files_then_dies_of_sigint_as_python(tmp_path):
    launched_folder, raw_folder = tmp_path / "launched", tmp_path / "raw"
    write(launched_folder / "train.py", TRAINING.format(import_tf="import tensorflow as tf"))
    write(raw_folder / "train.py", TRAINING.format(
        import_tf="import tensorflow.compat.v1 as tf\ntf.disable_eager_execution()"))
    raw = interrupt_training([sys.executable, "train.py"], raw_folder)
    launched = interrupt_training([sys.executable, "-m", "scopecompat", "run", "train.py"], launched_folder)
    for who, (status, stderr, files, log) in (("python with raw TF2", raw), ("scopecompat run", launched)):
        assert status == -signal.SIGINT, "%s should die of SIGINT, as python does: %s\n%s" % (who, status, stderr[-2000:])
        assert stderr.rstrip().endswith("KeyboardInterrupt"), "%s: Python's report of the interrupt: %s" % (
            who, stderr[-2000:])
        assert "model.index" in files and "checkpoint" in files, "%s: the atexit handler saved no checkpoint: %s" % (
            who, files)
        assert len(log) > 0 and log[0] == "step 1", "%s: the buffered log was not flushed: %r" % (who, log[:3])


# -- 7. what SciPy, NumPy and scikit-learn removed ------------------------------------------------------

REMOVALS = [
    ("scipy", "from scipy.sparse.linalg.eigen.arpack import eigsh\n", "SciPy 1.12 removed `scipy.sparse.linalg.eigen.arpack`"),
    ("scipy", "from scipy.misc import imread\n", "SciPy 1.3.0 removed `scipy.misc.imread`"),
    ("scipy", "import scipy.misc\nscipy.misc.imresize([[0]], (2, 2))\n", "SciPy 1.3.0 removed `scipy.misc.imresize`"),
    ("numpy", "import numpy as np\npairs = [([1, 2], 0), ([3], 1)]\nbatch = np.array(pairs)\n",
     "NumPy 1.24 removed ragged arrays"),
    ("numpy", "import numpy as np\nprint(np.Inf)\n", "NumPy 2.0 removed `np.Inf`: write `np.inf`"),
    ("numpy", "from numpy import NaN\n", "NumPy 2.0 removed `np.NaN`: write `np.nan`"),
    ("numpy", "import numpy as np\nx = np.zeros(2, dtype=np.float_)\n", "NumPy 2.0 removed `np.float_`"),
    ("sklearn", "from sklearn.cross_validation import train_test_split\n",
     "scikit-learn 0.20 removed `sklearn.cross_validation`"),
    ("sklearn", "from sklearn.grid_search import GridSearchCV\n", "scikit-learn 0.20 removed `sklearn.grid_search`"),
]


@pytest.mark.parametrize("library, program, hint", REMOVALS)
def test_a_removed_library_habit_gets_pythons_error_then_the_release_and_the_fix(tmp_path, library, program, hint):
    pytest.importorskip(library)
    write(tmp_path / "old.py", program)
    plain = subprocess.run([sys.executable, "old.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    launched = launch(["old.py"], tmp_path)
    lines = launched.stderr.splitlines()
    assert launched.returncode == plain.returncode == 1, "the program dies of the error: %s" % launched.stderr[-2000:]
    # (from its traceback on: a DeprecationWarning that a module warns when first imported, `import scipy.misc`,
    # came while the launcher set TensorFlow up, which imports it)
    assert without_tf_logs("\n".join(lines[:-1]) + "\n") == plain.stderr[plain.stderr.index("Traceback"):], (
        "Python's traceback and error come first, as python prints them:\n%s---\n%s" % (plain.stderr, launched.stderr))
    assert lines[-1].startswith("scopecompat run: ") and hint in lines[-1], (
        "a last line should say which release removed it and the fix: %s" % lines[-1])


def test_the_programs_own_errors_that_look_alike_get_no_hint(tmp_path):
    """The same names and messages from the program's own code: a module `mylib.cross_validation` it lacks,
    an attribute `Inf` missing from its own module, a ValueError of its own with NumPy's words."""
    write(tmp_path / "mylib" / "__init__.py", "")
    write(tmp_path / "mine.py", """\
        import sys
        import mylib
        for attempt in ("import mylib.cross_validation", "mylib.Inf",
                        "raise ValueError('setting an array element with a sequence. The requested array has an "
                        "inhomogeneous shape after 1 dimensions.')"):
            try:
                exec(attempt)
            except Exception as error:
                print(type(error).__name__)
        import mylib.grid_search
        """)
    result = launch(["mine.py"], tmp_path)
    assert result.stdout == "ModuleNotFoundError\nAttributeError\nValueError\n", result.stdout
    assert "No module named 'mylib.grid_search'" in result.stderr and "scopecompat run:" not in result.stderr, (
        "the program's own module is not a library's removal: %s" % result.stderr[-2000:])


def test_every_removed_name_in_the_table_is_gone_from_the_installed_release():
    """Each module or name row: where the installed library is at least the release the row names, the name
    is really gone (its import fails, or its module lacks it), so that the row's release is not a guess."""
    checked = []
    for row in errors.REMOVED_HABITS:
        if row.error is not None:
            continue
        try:
            library = importlib.import_module(row.library)
        except ImportError:
            continue
        if Version(library.__version__) >= Version(row.release):
            assert is_gone(row.used), "%s is still in %s %s: the row says %s removed it" % (
                row.used, row.library, library.__version__, row.release)
            checked.append(row.used)
    assert len(checked) >= 30, "the rows checked against installed libraries: %s" % checked


def is_gone(path):
    """True when `path` (a module, or a module's name) cannot be imported or looked up."""
    owner, _, name = path.rpartition(".")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NumPy warns for some names it is about to define anew
        try:
            getattr(importlib.import_module(owner), name)
            return False
        except (ImportError, AttributeError):
            pass
        try:
            return importlib.util.find_spec(path) is None
        except ImportError:
            return True
