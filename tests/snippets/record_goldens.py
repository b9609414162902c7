"""Record the golden output of every snippet in this folder with a real TF 1.x interpreter.

    python tests/snippets/record_goldens.py --python /path/to/tf-1.15.5/bin/python

writes golden/<snippet>.tf-<version>.txt (the snippet's stdout). DEVELOPERS.md says how to install
TF 1.15.5. `--check` compares instead of writing, and fails on any difference.
"""
import argparse
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True, help="interpreter with real TF 1.x installed")
    parser.add_argument("--check", action="store_true", help="compare with the goldens instead of writing")
    args = parser.parse_args()
    version = subprocess.run([args.python, "-c", "import tensorflow as tf; print(tf.__version__)"],
                             capture_output=True, text=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")).stdout.strip()
    failed = False
    for path in snippets():
        golden = os.path.join(HERE, "golden", "%s.tf-%s.txt" % (os.path.basename(path)[:-3], version))
        output = run_snippet(args.python, path)
        if args.check:
            with open(golden) as f:
                if f.read() != output:
                    print("DIFFERS: %s" % golden)
                    failed = True
        else:
            with open(golden, "w") as f:
                f.write(output)
            print("wrote %s" % golden)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
