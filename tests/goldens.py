"""The loop the golden recorders share: ask a real TF 1.x interpreter, then write or check each golden.

tests/snippets/record_goldens.py and tests/launcher_corpus/record_goldens.py each say what their items
are, where an item's golden lives and what output of it is recorded; `main` does the rest.
"""
import argparse
import os
import subprocess
import sys


def tf_version(python):
    """The TensorFlow version `python` imports."""
    return subprocess.run([python, "-c", "import tensorflow as tf; print(tf.__version__)"],
                          capture_output=True, text=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"),
                          check=True).stdout.strip()


def main(description, items, golden_path, output_of):
    """`--python PY [--check]`: write (or compare) golden_path(item, version) with output_of(PY, item)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--python", required=True, help="interpreter with real TF 1.x installed")
    parser.add_argument("--check", action="store_true", help="compare with the goldens instead of writing")
    args = parser.parse_args()
    version = tf_version(args.python)
    failed = False
    for item in items():
        golden = golden_path(item, version)
        output = output_of(args.python, item)
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
