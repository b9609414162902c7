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


def print_legacy_names(args):
    from scopecompat import _legacy_names

    if args.markdown:
        sys.stdout.write(_legacy_names.markdown())
    else:
        for row in _legacy_names.RENAMED:
            print("tf.%-40s -> tf.%s  (removed in TF %s)" % (row.old, row.modern, row.removed_in))
    return 0


def print_inventory(args):
    """Run a TF1 program (`import scopecompat as tf` style), then print the inventory of its graph."""
    from scopecompat import _inventory

    return _inventory.run_and_print(args.script, args.args)


def build_parser():
    parser = argparse.ArgumentParser(prog="scopecompat", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=version_text())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    tutorial = commands.add_parser(
        "tutorial", help="run the bundled TF1 scope tutorial (name_scope, variable_scope, a shared RNN)")
    tutorial.set_defaults(run=run_tutorial)
    legacy = commands.add_parser("legacy-names", help="list the old TF1 names scopecompat maps to modern ones")
    legacy.add_argument("--markdown", action="store_true", help="print the docs page docs/legacy-names.md")
    legacy.set_defaults(run=print_legacy_names)
    inventory = commands.add_parser(
        "inventory", help="run a TF1 program, then list the variables of the graph it built")
    inventory.add_argument("script", help="the program (it imports scopecompat as tf)")
    inventory.add_argument("args", nargs=argparse.REMAINDER, help="its arguments")
    inventory.set_defaults(run=print_inventory)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return args.run(args)
