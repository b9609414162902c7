"""Shared helpers. Every test runs real TensorFlow: in this process through `import scopecompat`, or
in a fresh interpreter where the test is about what happens at import time."""

import os
import re
import subprocess
import sys
import textwrap

import pytest

import scopecompat
import scopecompat as tf

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_python(code, env=None, check=True):
    """Run `code` in a fresh interpreter; return the CompletedProcess (text stdout/stderr)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("TF_CPP_MIN_LOG_LEVEL", "TF_USE_LEGACY_KERAS")}
    environ.update(env or {})
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=environ,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError("subprocess failed (%d):\n%s\n%s" % (result.returncode, result.stdout, result.stderr))
    return result


# A line of TF's C++ logging, by its source ("local_rendezvous.cc:412"); time stamps and thread ids vary.
# TF's C++ log lines: absl's format (TF >= 2.14: "I0000 00:00:1796540976.686436   22345 file.cc:437] ") and TF's own
# before it (TF 2.12-2.13: "2026-12-06 07:09:28.230629: I tensorflow/compiler/.../file.cc:353] "); group 1: file:line.
CPP_LOG_LINE = re.compile(r"^(?:[IWEF]\d{4} [\d:.]+ +\d+ |\d{4}-\d\d-\d\d [\d:.]+: [IWEF] \S*/)(\S+:\d+)\] ",
                          re.MULTILINE)


def is_tf_session_info_log(line):
    """A line TF's C++ runtime prints at run time, as raw TF does: scopecompat quiets the import only, so
    what TF logs when a session first runs (TF 2.21: "failed call to cuInit" on a machine without a GPU,
    "MLIR V1 optimization pass is not enabled", after absl's preamble) comes through, as it should."""
    return (line == "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"
            or CPP_LOG_LINE.match(line) is not None)


@pytest.fixture
def graph():
    """A fresh default graph for one test, so names start from scratch as in a new TF1 program."""
    with tf.Graph().as_default() as fresh:
        yield fresh


# -- running programs through `scopecompat run` (tests/launcher, and tests of other modules under it) --

def python_path(*folders):
    """PYTHONPATH for the subprocesses: `folders`, then the scopecompat this process tests (a checkout or
    an installed one), then the inherited PYTHONPATH."""
    inherited = [os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []
    return {"PYTHONPATH": os.pathsep.join(list(folders) + [os.path.dirname(os.path.dirname(scopecompat.__file__))] + inherited)}


def launch(args, cwd, stdin=None, env=None):
    """`python -m scopecompat run ARGS` in `cwd`."""
    environ = dict(os.environ, **python_path())
    environ.update(env or {})
    environ.pop("TF_CPP_MIN_LOG_LEVEL", None)
    return subprocess.run([sys.executable, "-m", "scopecompat", "run"] + args, cwd=cwd, input=stdin,
                          capture_output=True, text=True, env=environ, timeout=600)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
