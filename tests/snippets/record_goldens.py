"""Record the golden output of every snippet in this folder with a real TF 1.x interpreter.

    python tests/snippets/record_goldens.py --python /path/to/tf-1.15.5/bin/python

writes golden/<snippet>.tf-<version>.txt (the snippet's stdout). DEVELOPERS.md says how to install
TF 1.15.5. `--check` compares instead of writing, and fails on any difference.
"""
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def snippets():
    """Every snippet file: the .py files here but this script and __init__.py."""
    return sorted(p for p in glob.glob(os.path.join(HERE, "*.py"))
                  if not os.path.basename(p).startswith(("record", "_")))


def run_snippet(python, path, backend=None):
    """The snippet's stdout, on `python`'s own TensorFlow or (backend="scopecompat") through scopecompat."""
    env = {k: v for k, v in os.environ.items() if k != "SNIPPET_BACKEND"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    if backend:
        env["SNIPPET_BACKEND"] = backend
    result = subprocess.run([python, path], capture_output=True, text=True, env=env, timeout=600)
    if result.returncode != 0:
        raise RuntimeError("%s failed:\n%s" % (path, result.stderr))
    return result.stdout


def golden_path(path, version):
    return os.path.join(HERE, "golden", "%s.tf-%s.txt" % (os.path.basename(path)[:-3], version))


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(HERE))  # tests/, for goldens.py
    import goldens

    goldens.main(__doc__.splitlines()[0], snippets, golden_path, run_snippet)
