"""The `scopecompat` command (also `python -m scopecompat`).

Like any `scopecompat.*` module, this one is reached through `import scopecompat`, which sets up
TensorFlow (quietly): the command starts in a few seconds, as TF does.
"""

import argparse
import runpy
import sys

DESCRIPTION = "Run TensorFlow 1.x code on TensorFlow 2.x: `import scopecompat as tf`."


def installed_version(distribution):
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def version_text():
    return "scopecompat %s (tensorflow %s, tf-keras %s)" % (
        installed_version("scopecompat"), installed_version("tensorflow"), installed_version("tf-keras"))


def run_tutorial(args):
    """Run the bundled TF1 scope tutorial program through scopecompat."""
    runpy.run_module("scopecompat._programs.scope_tutorial", run_name="__main__", alter_sys=True)
    return 0


def run_program(args):
    """Run an unmodified TF1 program: its `import tensorflow` gives scopecompat (see _launcher)."""
    from scopecompat import _launcher

    return _launcher.run(args.script, args.args)


def print_legacy_names(args):
    from scopecompat import _legacy_names

    if args.markdown:
        sys.stdout.write(_legacy_names.markdown())
    else:
        for row in _legacy_names.RENAMED:
            print("tf.%-40s -> tf.%s  (removed in TF %s)" % (row.old, row.modern, row.removed_in))
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="scopecompat", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=version_text())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    tutorial = commands.add_parser(
        "tutorial", help="run the bundled TF1 scope tutorial (name_scope, variable_scope, a shared RNN)")
    tutorial.set_defaults(run=run_tutorial)
    program = commands.add_parser(
        "run", help="run an unmodified TF1 program (.py or .ipynb): its `import tensorflow` gives scopecompat",
        description="Run SCRIPT as `python SCRIPT ARGS` would, with `import tensorflow` in SCRIPT and in the "
                    "modules of its folder giving scopecompat. A .ipynb notebook runs its code cells in order.")
    program.add_argument("script", metavar="SCRIPT", help="the TF1 program: a .py file or a .ipynb notebook")
    program.add_argument("args", metavar="ARGS", nargs=argparse.REMAINDER, help="its own arguments, passed as they are")
    program.set_defaults(run=run_program)
    legacy = commands.add_parser("legacy-names", help="list the old TF1 names scopecompat maps to modern ones")
    legacy.add_argument("--markdown", action="store_true", help="print the docs page docs/legacy-names.md")
    legacy.set_defaults(run=print_legacy_names)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return args.run(args)
