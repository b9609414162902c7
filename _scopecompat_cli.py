"""The `scopecompat` command (also `python -m scopecompat`).

This module lies beside the scopecompat package, not in it, on purpose: importing the package sets TensorFlow up
(some 1,600 modules, seconds of CPU), and `scopecompat --help`, `--version` and `legacy-names` need none of it.
Each command that runs TF1 code imports scopecompat when it runs.
"""

import argparse
import importlib.util
import os
import sys
import types
from typing import List, Optional, Sequence, Tuple

DESCRIPTION = "Run TensorFlow 1.x code on TensorFlow 2.x: `import scopecompat as tf`."


def installed_version(distribution: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def version_text() -> str:
    return "scopecompat %s (tensorflow %s, tf-keras %s)" % (
        installed_version("scopecompat"), installed_version("tensorflow"), installed_version("tf-keras"))


def legacy_names_table() -> types.ModuleType:
    """scopecompat/_legacy/names.py, run from its file without importing the scopecompat package (which would
    set TensorFlow up). The table is standard-library Python; tests/test_cli.py checks that it stays so."""
    if "scopecompat" in sys.modules:  # already set up (python -m scopecompat): the package's own module
        from scopecompat._legacy import names

        return names
    package = importlib.util.find_spec("scopecompat")
    path = os.path.join(os.path.dirname(package.origin), "_legacy", "names.py")
    spec = importlib.util.spec_from_file_location("_scopecompat_legacy_names", path)
    table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(table)
    return table


def run_tutorial(args: argparse.Namespace) -> int:
    """Run the bundled TF1 scope tutorial program through scopecompat."""
    import runpy

    runpy.run_module("scopecompat._programs.scope_tutorial", run_name="__main__", alter_sys=True)
    return 0


def script_refusal(script: str) -> Optional[str]:
    """Why `script` cannot be run (a folder; a file that can't be opened: python's own words), else None.
    Here, and not in the launcher, so that `scopecompat run nope.py` answers before TensorFlow loads."""
    if os.path.isdir(script):
        return "%s is a folder; give the .py file (or .ipynb notebook) to run." % script
    try:
        with open(script, "rb"):
            return None
    except OSError as error:
        return "can't open file %r: [Errno %s] %s" % (script, error.errno, error.strerror)


def module_refusal(name: str) -> Optional[str]:
    """python's own message for `python -m name` when no module of the program could run (its top-level
    package does not exist, or the name is relative), else None. Nothing of the program runs to find it out:
    a package's __init__ would import tensorflow before the launcher maps it (a missing module inside an
    existing package is found when the launcher runs it, with the same message)."""
    import importlib.util
    import runpy

    path = list(sys.path)
    if not (sys.flags.isolated or getattr(sys.flags, "safe_path", False)):
        sys.path[0] = os.getcwd()  # where `python -m` looks first, as the launcher will have it
    try:
        if name.startswith(".") or importlib.util.find_spec(name.partition(".")[0]) is None:
            runpy._get_module_details(name)  # what `python -m` calls: it raises the error python prints
    except ImportError as error:
        return "%s: %s" % (sys.executable, error)
    finally:
        sys.path[:] = path
    return None


def run_program(args: argparse.Namespace) -> int:
    """Run an unmodified TF1 program: its `import tensorflow` gives scopecompat (see scopecompat/_launcher)."""
    if args.module is None and args.script is None:
        sys.stderr.write("scopecompat run: give the program to run: a SCRIPT (.py or .ipynb), or -m MODULE\n")
        return 2
    if args.module is not None:
        refusal = module_refusal(args.module)
        if refusal:
            sys.stderr.write(refusal + "\n")
            return 1  # as python -m
    else:
        refusal = script_refusal(args.script)
        if refusal:
            sys.stderr.write("scopecompat run: %s\n" % refusal)
            return 2
    from scopecompat._launcher import errors, running

    if args.module is not None:
        return errors.exit_as(running.run_module(args.module, args.args))
    return errors.exit_as(running.run(args.script, args.args))


def print_legacy_names(args: argparse.Namespace) -> int:
    legacy_names = legacy_names_table()
    if args.markdown:
        sys.stdout.write(legacy_names.markdown())
    elif args.contrib_coverage:
        sys.stdout.write(legacy_names.contrib_coverage_markdown())
    else:
        for row in legacy_names.RENAMED:
            print("tf.%-40s -> %-8s %s  (removed in TF %s)" % (
                row.old, row.kind, "tf." + row.modern if row.modern else "(no tf.compat.v1 equivalent)", row.removed_in))
    return 0


def run_conformance(args: argparse.Namespace) -> int:
    """Run the conformance matrix here, or (--merge) render docs/conformance.md from saved runs."""
    import json

    from scopecompat._conformance import report

    if args.merge:
        if not args.markdown:
            raise SystemExit("scopecompat conformance: --merge renders the Markdown page; add --markdown FILE")
        runs = []
        for path in _json_files(args.merge):
            with open(path) as f:
                runs.append(json.load(f))
        _write(args.markdown, report.markdown(runs), "the Markdown page")
        return 0
    if args.markdown:
        raise SystemExit("scopecompat conformance: --markdown needs --merge RUN.json ... (saved with --json)")
    from scopecompat import _conformance as conformance

    cases = conformance.load_cases()
    _progress("running %d conformance cases through raw tf.compat.v1 and through scopecompat "
              "(a minute or two)" % len(cases))
    with _tf_deprecation_logs_hidden():
        matrix = conformance.run(cases=cases, progress=_progress)
    sys.stdout.write(report.text(matrix))
    if args.html:
        _write(args.html, report.html_page(matrix), "the HTML matrix")
    if args.json:
        _write(args.json, json.dumps(matrix.to_json(), indent=1, sort_keys=True) + "\n", "this run's results")
    return 1 if matrix.failures() else 0


def _json_files(paths: Sequence[str]) -> List[str]:
    """The files named, with a folder standing for the .json files in it."""
    import glob

    found = []
    for path in paths:
        found += sorted(glob.glob(os.path.join(path, "*.json"))) if os.path.isdir(path) else [path]
    return found


def _write(path: str, text: str, what: str = "the file") -> None:
    """Write `text` to `path`, saying on stderr what was written where (and which folder was made for it)."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        os.makedirs(folder)
        _progress("made the folder %s" % folder)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    _progress("wrote %s to %s" % (what, os.path.abspath(path)))


def _progress(message: str) -> None:
    """The commands' own progress lines: on stderr, so that stdout stays the result."""
    sys.stderr.write("scopecompat: %s\n" % message)
    sys.stderr.flush()


class _tf_deprecation_logs_hidden(object):
    """The cases call deprecated TF1 APIs on purpose: TF would log, and warn, for each of them. Cases that
    check an error build objects they never use (a TensorArray of a seq2seq helper whose decode fails), and
    TF logs an ERROR "Object was never used" when the garbage collector takes them: the outcome of every case
    is in the results, so TF's logging is silenced up to ERROR, and the garbage collected before it is back."""

    def __enter__(self):
        import logging
        import warnings

        self.logger = logging.getLogger("tensorflow")
        self.level = self.logger.level
        self.logger.setLevel(logging.CRITICAL)
        self.warnings = warnings.catch_warnings()
        self.warnings.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc_info):
        import gc

        gc.collect()
        self.warnings.__exit__(*exc_info)
        self.logger.setLevel(self.level)


def print_inventory(args: argparse.Namespace) -> int:
    """Run a TF1 program through the launcher (as `scopecompat run` does), then print its graph's inventory."""
    refusal = script_refusal(args.script)
    if refusal:
        sys.stderr.write("scopecompat inventory: %s\n" % refusal)
        return 2
    from scopecompat._diagnostics import inventory

    return inventory.run_and_print(args.script, args.args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scopecompat", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=version_text())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    tutorial = commands.add_parser(
        "tutorial", help="run the bundled TF1 scope tutorial (name_scope, variable_scope, a shared RNN)",
        description="Run the bundled TF1 program scopecompat/_programs/scope_tutorial.py through scopecompat: "
                    "name_scope against variable_scope, and an LSTM shared by a training and a test RNN. It "
                    "prints the variable names TF 1.x printed. Takes no arguments.")
    tutorial.set_defaults(run=run_tutorial, parser=tutorial)
    program = commands.add_parser(
        "run", help="run an unmodified TF1 program (.py or .ipynb): its `import tensorflow` gives scopecompat",
        usage="scopecompat run [-h] (SCRIPT | -m MODULE) [ARGS ...]",
        description="Run SCRIPT as `python SCRIPT ARGS` would (or MODULE as `python -m MODULE ARGS`), with "
                    "`import tensorflow` in the program's own code giving scopecompat: the script and every "
                    "module that is not installed code (its folder's, PYTHONPATH's, ...). A .ipynb notebook "
                    "runs its code cells in order.")
    program.add_argument("-m", dest="module", metavar="MODULE",
                         help="run the module MODULE as `python -m MODULE` does (e.g. -m nmt.nmt)")
    program.add_argument("script", metavar="SCRIPT", nargs="?", help="the TF1 program: a .py file or a .ipynb notebook")
    program.add_argument("args", metavar="ARGS", nargs="*", help="its own arguments, passed as they are")
    program.set_defaults(run=run_program, parser=program)
    legacy = commands.add_parser(
        "legacy-names", help="list the old TF1 names scopecompat maps to modern ones",
        description="List the TF1 names tf.compat.v1 lost that scopecompat provides (pre-1.0 names, tf.contrib), "
                    "each with its modern spelling and the TF release that removed it. Needs no TensorFlow.")
    legacy.add_argument("--markdown", action="store_true", help="print the docs page docs/legacy-names.md")
    legacy.add_argument("--contrib-coverage", action="store_true",
                        help="print the README's table of the tf.contrib modules covered, from the same table")
    legacy.set_defaults(run=print_legacy_names, parser=legacy)
    matrix = commands.add_parser(
        "conformance", help="run every naming/reuse case on this TensorFlow, raw and through scopecompat",
        description="Run the conformance cases on the installed TensorFlow through raw tf.compat.v1 and through "
                    "scopecompat, judge them against real TF 1.x, and print a table (exit 1 on any failure).")
    matrix.add_argument("--html", metavar="FILE", help="also write the full matrix as one self-contained HTML page")
    matrix.add_argument("--json", metavar="FILE", help="also save this run's results (input for --merge)")
    matrix.add_argument("--markdown", metavar="FILE", help="with --merge: write the docs page from saved runs")
    matrix.add_argument("--merge", metavar="RUN.json", nargs="+",
                        help="saved runs (--json files, or a folder of them) to render with --markdown")
    matrix.set_defaults(run=run_conformance, parser=matrix)
    inventory = commands.add_parser(
        "inventory", help="run a TF1 program, then list the variables of the graph it built",
        description="Run SCRIPT as `scopecompat run SCRIPT ARGS` does, then print the inventory of the graph "
                    "it built: each variable with its shape, the scope and line that created it, and which "
                    "calls reused it (the same as scopecompat.inventory() in a program).")
    inventory.add_argument("script", metavar="SCRIPT",
                           help="the program (unmodified TF1 code, as for `scopecompat run`)")
    inventory.add_argument("args", metavar="ARGS", nargs=argparse.REMAINDER, help="its own arguments, passed as they are")
    inventory.set_defaults(run=print_inventory, parser=inventory)
    return parser


# Commands that run a program: what follows its SCRIPT is the program's own arguments.
PROGRAM_COMMANDS = ("run", "inventory")


def _split_program_arguments(argv: List[str]) -> Tuple[List[str], Optional[List[str]]]:
    """(our arguments, the program's or None): for `run`/`inventory`, everything after the first argument
    that is not an option (SCRIPT, or run's `-m MODULE`) belongs to the program, as it is; argparse would
    drop a `--` in it, which `python SCRIPT -- -h` keeps."""
    if not argv or argv[0] not in PROGRAM_COMMANDS:
        return argv, None
    for index, argument in enumerate(argv[1:], 1):
        if argv[0] == "run" and argument.startswith("-m") and argument != "-m":  # -mMODULE, as python takes it
            return argv[:index] + ["-m", argument[2:]], argv[index + 1:]
        if not argument.startswith("-"):
            return argv[:index + 1], argv[index + 1:]
    return argv, None


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    ours, program_arguments = _split_program_arguments(list(sys.argv[1:] if argv is None else argv))
    args, unknown = parser.parse_known_args(ours)
    if args.command is None:
        if unknown:
            parser.error("unrecognized arguments: %s" % " ".join(unknown))
        # No command is a usage error (exit 2): the help goes to stderr with it, stdout stays empty.
        parser.print_help(sys.stderr)
        return 2
    if unknown:  # the command's own usage and error, not the top-level one
        args.parser.error("unrecognized arguments: %s" % " ".join(unknown))
    if program_arguments is not None:
        args.args = program_arguments
    return args.run(args)
