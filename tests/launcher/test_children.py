"""Child processes of a program run by `scopecompat run` (scopecompat/_launcher/children.py): Python children
that run the program's own code get the TF1 mapping, whatever started them; children running other code
keep the real TensorFlow, and Pythons not started by the launcher are untouched.

One program starts every kind of child in turn (so that the launcher and its TF set-up run once) and
prints a line per child; each test reads its line."""

import pytest

from conftest import launch, python_path, write

PROGRAM = '''\
import concurrent.futures
import multiprocessing
import subprocess
import sys

import report


def in_child(queue):
    queue.put(report.tf1())


if __name__ == "__main__":
    for method in ("spawn", "forkserver"):
        context = multiprocessing.get_context(method)
        queue = context.Queue()
        child = context.Process(target=in_child, args=(queue,))
        child.start()
        print("multiprocessing %s:" % method, queue.get(timeout=240))
        child.join(60)
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        print("ProcessPoolExecutor spawn:", pool.submit(report.tf1).result(timeout=240))
    for what, command in (("subprocess script of the tree", ["tools/child.py"]),
                          ("subprocess script outside the tree", [sys.argv[1]]),
                          ("subprocess python -c", ["-c", "import tensorflow as tf; import report; print(report.seen(tf))"])):
        result = subprocess.run([sys.executable] + command, capture_output=True, text=True, timeout=240)
        print("%s:" % what, result.stdout.strip() or result.stderr[-2000:])
'''

REPORT = '''\
import os
import sys


def seen(tf):
    """What the importing code got: its module's name, TF1's tf.train.Server, graph mode; and whether the
    sitecustomize on the program's PYTHONPATH ran in this process, with sys.path as python makes it."""
    return "%s Server=%s eager=%s theirs=%s clean_path=%s" % (
        tf.__name__, hasattr(tf.train, "Server"), tf.executing_eagerly(), os.environ.get("THEIRS_RAN"),
        not any("child_site" in path for path in sys.path))


def tf1():
    import tensorflow as tf
    return seen(tf)
'''

CHILD = '''\
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import tensorflow as tf
import report
print(report.seen(tf))
'''

OUTSIDE = '''\
import os, sys
sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else os.environ["PROGRAM_FOLDER"])
import tensorflow as tf
import report
print(report.seen(tf))
'''

# A child's sitecustomize of its own (a venv's, a distribution's) still runs beside the launcher's.
TF1 = "scopecompat Server=True eager=False theirs=yes clean_path=True"
REAL_TF = "tensorflow Server=False eager=True theirs=yes clean_path=True"


@pytest.fixture(scope="module")
def children(tmp_path_factory):
    """{kind of child: what it printed} from one launched program."""
    folder = tmp_path_factory.mktemp("children")
    program, outside = folder / "program", folder / "elsewhere" / "tool.py"
    write(program / "main.py", PROGRAM)
    write(program / "report.py", REPORT)
    write(program / "tools" / "child.py", CHILD)
    write(outside, OUTSIDE)
    write(folder / "theirs" / "sitecustomize.py", "import os\nos.environ['THEIRS_RAN'] = 'yes'\n")
    result = launch(["main.py", str(outside)], program,
                    env=dict(python_path(str(folder / "theirs")), PROGRAM_FOLDER=str(program)))
    assert result.returncode == 0, "the launched program failed:\n%s" % result.stderr[-3000:]
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    return lines


@pytest.mark.parametrize("kind", ["multiprocessing spawn", "multiprocessing forkserver", "ProcessPoolExecutor spawn",
                                  "subprocess script of the tree"])
def test_a_child_running_the_programs_code_gets_tf1(children, kind):
    assert children.get(kind) == TF1, "%s: the child's `import tensorflow` should give scopecompat: %r" % (
        kind, children.get(kind))


def test_only_the_programs_tree_gets_tf1_a_child_running_other_code_keeps_the_real_tensorflow(children):
    got = {kind: children.get(kind) for kind in ("subprocess script of the tree", "subprocess script outside the tree",
                                                 "subprocess python -c")}
    assert got == {"subprocess script of the tree": TF1, "subprocess script outside the tree": REAL_TF,
                   "subprocess python -c": REAL_TF}, \
        "a script of the tree should get scopecompat, other code TF 2.x itself in TF2 mode: %s" % got


def test_a_child_without_a_sitecustomize_of_its_own_starts_silently(tmp_path):
    """Where no other sitecustomize exists (a plain venv), the children's start-up file ends as the one."""
    write(tmp_path / "main.py", """\
        import subprocess, sys
        child = subprocess.run([sys.executable, "-c", "print('child ran')"], capture_output=True, text=True, timeout=60)
        print(child.stdout.strip(), repr(child.stderr))
        """)
    result = launch(["main.py"], tmp_path)
    assert result.stdout.strip() == "child ran ''", "the child should start as python does, printing nothing else: %r %s" % (
        result.stdout, result.stderr[-2000:])
