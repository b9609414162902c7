"""Do you need scopecompat? Which route runs representative TF1 programs on the installed TF 2.x, measured.

    .venv/bin/python docs/do_you_need.py --markdown > docs/do-you-need-scopecompat.md
    .venv/bin/python docs/do_you_need.py --only scope_tutorial      # one program's table row
    .venv/bin/python docs/do_you_need.py --record TF1_PYTHON        # the goldens of the programs outside the corpus

Each program of PROGRAMS is run, unmodified, three ways, each in a fresh temporary folder:
  (a) TensorFlow's own route: `tf_upgrade_v2 --infile X --outfile Y` (the tool TF 2.x installs), plus the one
      line `tf.compat.v1.disable_v2_behavior()` after `import tensorflow as tf` (tf_upgrade_v2 does not add it,
      and TF1 graph code needs it), then `python Y` with `TF_USE_LEGACY_KERAS=1` in the environment and the
      tf-slim package hidden (as if not installed);
  (b) the same with the tf-slim package installed (`pip install tf_slim`): run only where the upgraded file
      imports `tf_slim`, since otherwise it is (a) exactly;
  (c) `scopecompat run X`.
A route is a success when the program exits 0 and prints what TF 1.15.5 printed: for the programs of
tests/launcher_corpus/, their "variable: NAME SHAPE" lines (the corpus goldens); for the two others (the
bundled tutorial and a pre-1.0 script), their whole output, recorded here in docs/do-you-need/ by `--record`.

Standard library only (this process imports no TensorFlow); the programs run in child processes, one at a
time (each takes 10-60 s). tests/test_do_you_need.py regenerates one row and compares it with the page.
"""

import argparse
import collections
import datetime
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tests"))
sys.path.insert(0, REPO)
from launcher_corpus import record_goldens as corpus  # noqa: E402  (the corpus: its programs, arguments, goldens)

HERE = os.path.join(REPO, "docs", "do-you-need")
TUTORIAL = os.path.join(REPO, "scopecompat", "_programs", "scope_tutorial.py")
# The tutorial is TF1 code but for its import line, which says what it was.
TUTORIAL_IMPORT = "import scopecompat as tf  # was: import tensorflow as tf"
TF1_IMPORT = "import tensorflow as tf"
# What route (a) adds after the program's `import tensorflow as tf`: the one line the issue names.
GRAPH_MODE_LINE = "tf.compat.v1.disable_v2_behavior()"

Program = collections.namedtuple("Program", "name uses")
# One row each: the corpus programs by their name in tests/launcher_corpus/programs/; two of our own.
PROGRAMS = (
    Program("scope_tutorial", "variable scopes, `tf.nn.rnn_cell` (the bundled tutorial)"),
    Program("08_tf_data_iterators", "`tf.get_variable`, `tf.data` iterators, `tf.losses`, optimizers"),
    Program("01_mlp_layers_dense", "`tf.layers`"),
    Program("02_lstm_contrib_rnn", "`from tensorflow.contrib import rnn`"),
    Program("19_char_rnn_sequence_loss", "`tf.contrib.rnn`, `tf.contrib.seq2seq`"),
    Program("18_slim_train_and_finetune", "`tf.contrib.slim`, `tf.contrib.framework`"),
    Program("22_estimator_custom_model_fn", "`tf.estimator`"),
    Program("pre_1_0_names", "pre-1.0 names (`tf.mul`, `tf.pack`, `tf.scalar_summary`, ...)"),
)
OWN_GOLDEN = ("scope_tutorial", "pre_1_0_names")  # whole output compared, golden in docs/do-you-need/

# What tf_upgrade_v2 leaves in a file that TF 2.x has no more: tf.contrib, and (TF 2.21's tool) tf.layers.
LEFT_AS_THEY_WERE = (r"(?:from tensorflow\.contrib import \w+|import tensorflow\.contrib\.\w+"
                     r"|(?<![\w.])tf\.(?:contrib|layers)\.\w+)")

ROUTES = ("a", "b", "c")
HEADER = ("| Program | TF1 API it uses | what `tf_upgrade_v2` said | (a) `tf_upgrade_v2` + `TF_USE_LEGACY_KERAS=1` "
          "| (b) (a) + `tf_slim` | (c) `scopecompat run` |")
SAME = "✓ same output"


# -- the programs -----------------------------------------------------------------------------------------

def golden_path(name, version="1.15.5"):
    if name in OWN_GOLDEN:
        return os.path.join(HERE, "%s.tf-%s.txt" % (name, version))
    return corpus.golden_path(name, version)


def prepare(name, folder):
    """Put program `name`, as TF1 code, into `folder`; return the file to run."""
    if name == "scope_tutorial":
        with open(TUTORIAL) as f:
            source = f.read()
        if TUTORIAL_IMPORT not in source:
            raise SystemExit("%s no longer has the line %r: update TUTORIAL_IMPORT" % (TUTORIAL, TUTORIAL_IMPORT))
        entry = "scope_tutorial.py"
        with open(os.path.join(folder, entry), "w") as f:
            f.write(source.replace(TUTORIAL_IMPORT, TF1_IMPORT))
        return entry
    if name == "pre_1_0_names":
        shutil.copy(os.path.join(HERE, "pre_1_0_names.py"), folder)
        return "pre_1_0_names.py"
    return corpus.prepare(name, folder)


def compared_output(name, stdout):
    """What of a program's output is compared with TF 1.15.5's."""
    return stdout if name in OWN_GOLDEN else corpus.variable_lines(stdout)


def user_environment(extra=None):
    """A user's shell, not this process's (as record_goldens.run_program does), plus `extra`."""
    environ = {k: v for k, v in os.environ.items()
               if k not in ("TF_CPP_MIN_LOG_LEVEL", "TF_USE_LEGACY_KERAS", "TF2_BEHAVIOR", "PYTHONPATH")}
    environ.update(extra or {})
    return environ


def run(command, folder, env):
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, env=env, timeout=900)


# -- the routes -------------------------------------------------------------------------------------------

Outcome = collections.namedtuple("Outcome", "same cell")
Upgrade = collections.namedtuple("Upgrade", "said mentions_tf_slim")


def tf_upgrade_v2():
    """The tf_upgrade_v2 beside this interpreter (TF 2.x installs it as a console script)."""
    path = os.path.join(os.path.dirname(sys.executable), "tf_upgrade_v2")
    if not os.path.isfile(path):
        raise SystemExit("no tf_upgrade_v2 beside %s: run this script with the venv's python" % sys.executable)
    return path


def upgrade(folder, entry):
    """Run tf_upgrade_v2 on `entry` in place (the TF1 file kept as 'tf1_' + entry), add the graph-mode line;
    return what the tool said: its count of issues, its first ERROR or WARNING, and what it left of contrib."""
    original = "tf1_" + entry  # tf_upgrade_v2 reads only files named *.py
    os.rename(os.path.join(folder, entry), os.path.join(folder, original))
    result = run([tf_upgrade_v2(), "--infile", original, "--outfile", entry, "--reportfile", "report.txt"],
                 folder, user_environment({"TF_CPP_MIN_LOG_LEVEL": "3"}))
    if result.returncode != 0:
        raise SystemExit("tf_upgrade_v2 failed on %s:\n%s" % (entry, result.stderr))
    issues = re.search(r"Detected (\d+) issues that require attention", result.stdout)
    with open(os.path.join(folder, "report.txt")) as f:
        report = f.read()
    # Its ERRORs first: what it could not convert.
    notes = sorted(re.findall(r"^\S+:\d+:\d+: (ERROR|WARNING): (.*)$", report, re.MULTILINE), key=lambda n: n[0])
    count = int(issues.group(1)) if issues else None
    said = "no count of issues" if count is None else "%d issue%s" % (count, "" if count == 1 else "s")
    if notes:
        kinds = [(sum(kind == k for kind, _ in notes), k.lower()) for k in ("ERROR", "WARNING")]
        counted = ", ".join("%d %s%s" % (n, k, "" if n == 1 else "s") for n, k in kinds if n)
        said += " (%s; first: %s)" % (counted, code(shorten(notes[0][1], 60)))
    with open(os.path.join(folder, entry)) as f:
        upgraded = f.read()
    left = sorted(set(re.findall(LEFT_AS_THEY_WERE, upgraded)))
    if left:
        said += "; left as they were: " + ", ".join(code(item) for item in left[:3]) + (", ..." if left[3:] else "")
    if "disable_v2_behavior" not in upgraded:
        lines = upgraded.split("\n")
        if TF1_IMPORT not in lines:
            raise SystemExit("%s has no line %r after tf_upgrade_v2" % (entry, TF1_IMPORT))
        lines.insert(lines.index(TF1_IMPORT) + 1, GRAPH_MODE_LINE)
        with open(os.path.join(folder, entry), "w") as f:
            f.write("\n".join(lines))
    return Upgrade(said, "tf_slim" in upgraded)


def hidden_tf_slim(folder):
    """A folder for PYTHONPATH whose tf_slim fails to import as an uninstalled package does."""
    os.makedirs(os.path.join(folder, "tf_slim"))
    with open(os.path.join(folder, "tf_slim", "__init__.py"), "w") as f:
        f.write("raise ModuleNotFoundError(\"No module named 'tf_slim'\", name='tf_slim')\n")
    return folder


def outcome(name, result, golden):
    """✓, or ✗ with the first line of the failure: Python's exception line, or the first line that differs."""
    if result.returncode != 0:
        return Outcome(False, "✗ " + code(shorten(failure_line(result.stderr), 90)))
    got = compared_output(name, result.stdout).splitlines()
    want = golden.splitlines()
    if got == want:
        return Outcome(True, SAME)
    for index, (line, expected) in enumerate(zip(got + [""] * len(want), want + [""] * len(got))):
        if line != expected:
            return Outcome(False, "✗ ran; printed %s where TF 1.15.5 printed %s" % (
                code(shorten(line, 50)) if line else "nothing more", code(shorten(expected, 50)) if expected
                else "nothing more"))


def failure_line(stderr):
    """The exception line of the last traceback in `stderr` (else its last line)."""
    lines = stderr.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("Traceback (most recent call last):")]
    for line in lines[starts[-1] + 1:] if starts else []:
        if line and not line.startswith(" "):
            return line
    return next((line for line in reversed(lines) if line.strip()), "exit code without a message")


def measure(program):
    """What tf_upgrade_v2 said of `program`, and the table cell of each route. Each run in a fresh folder."""
    with open(golden_path(program.name)) as f:
        golden = f.read()
    args = corpus.ARGS.get(program.name, [])
    cells = {}
    with tempfile.TemporaryDirectory() as folder:
        entry = prepare(program.name, folder)
        upgraded = upgrade(folder, entry)
        hidden = hidden_tf_slim(os.path.join(folder, "_hidden"))
        result = run([sys.executable, entry] + args, folder,
                     user_environment({"TF_USE_LEGACY_KERAS": "1", "PYTHONPATH": hidden}))
        cells["a"] = outcome(program.name, result, golden)
    cells["b"] = Outcome(None, "= (a): the upgraded file does not import `tf_slim`")
    if upgraded.mentions_tf_slim:
        with tempfile.TemporaryDirectory() as folder:
            entry = prepare(program.name, folder)
            upgrade(folder, entry)
            result = run([sys.executable, entry] + args, folder, user_environment({"TF_USE_LEGACY_KERAS": "1"}))
            cells["b"] = outcome(program.name, result, golden)
    with tempfile.TemporaryDirectory() as folder:
        entry = prepare(program.name, folder)
        result = run([sys.executable, "-m", "scopecompat", "run", entry] + args, folder, user_environment())
        cells["c"] = outcome(program.name, result, golden)
    return upgraded.said, cells


# -- the page ---------------------------------------------------------------------------------------------

def code(text):
    return "`%s`" % text.replace("`", "'")


def shorten(text, width):
    text = text.strip().replace("|", "\\|")
    return text if len(text) <= width else text[:width - 3] + "..."


def row(program, said, cells):
    routes = " | ".join(cells[route].cell for route in ROUTES)
    return "| `%s` | %s | %s | %s |" % (program.name, program.uses, said, routes)


# Where and when the page was measured: the page's first line after its title, read back by read_page.
MEASURED = ("Measured on TensorFlow {tensorflow} (tf-keras {tf_keras}, tf-slim {tf_slim}, Python {python}) with "
            "scopecompat {scopecompat} on {date} by `docs/do_you_need.py`.")


def setup_here(date):
    """The MEASURED fields of this interpreter, today being `date`."""
    installed = {name.replace("-", "_"): importlib.metadata.version(name)
                 for name in ("tensorflow", "tf-keras", "tf-slim", "scopecompat")}
    return dict(installed, python="%d.%d" % sys.version_info[:2], date=date)


def conclusion(results):
    """The sentences the table supports, written from it."""
    uses = {program.name: program.uses for program in PROGRAMS}
    own = [name for name, (_, cells) in results.items() if cells["a"].same or cells["b"].same]
    failed = [name for name in results if name not in own]
    unreported = [name for name in failed if results[name][0].startswith("0 issues")]
    ours = [name for name, (_, cells) in results.items() if cells["c"].same]
    needed = [name for name in failed if name in ours]
    listing = lambda names: ", ".join(code(name) for name in names) or "none"  # noqa: E731
    return [
        "- TensorFlow's own route gave TF 1.15.5's output for %d of %d programs: %s." % (
            len(own), len(results), listing(own)),
        "- It failed for %d: %s; for %d of these tf_upgrade_v2 had reported 0 issues: %s." % (
            len(failed), listing(failed), len(unreported), listing(unreported)),
        "- `scopecompat run` gave TF 1.15.5's output, without an edit, for %d of %d: %s." % (
            len(ours), len(results), listing(ours)),
        "",
        "So TensorFlow's own route is enough for TF1 code that uses only what these use: %s; and that you may "
        "edit (the upgraded file, plus one line). You need scopecompat for code that uses %s; or that must run "
        "unedited." % ("; ".join(uses[name] for name in own) or "nothing measured",
                       "; ".join(uses[name] for name in needed) or "nothing measured"),
    ]


def page(results, setup):
    lines = [
        "# Do you need scopecompat?",
        "",
        "<!-- generated by `python docs/do_you_need.py --markdown`; do not edit by hand -->",
        MEASURED.format(**setup),
        "",
        "TensorFlow 2.x has its own route for TF1 code: `tf_upgrade_v2` rewrites a file to `tf.compat.v1`, "
        "and `TF_USE_LEGACY_KERAS=1` makes `tf.keras` (and so `tf.compat.v1.layers`) tf-keras's. Each program "
        "below, TF1 code as it was, went three ways, each in a fresh folder:",
        "",
        "- (a) `tf_upgrade_v2 --infile X --outfile Y`; then one line, `%s`, after `import tensorflow as tf` "
        "(tf_upgrade_v2 does not add it, and TF1 graph code needs it); then `TF_USE_LEGACY_KERAS=1 python Y`, "
        "with the tf-slim package not importable." % GRAPH_MODE_LINE,
        "- (b) as (a), with `pip install tf_slim`: run where the upgraded file imports `tf_slim`.",
        "- (c) `scopecompat run X`, the file unchanged.",
        "",
        "✓: the program exited 0 and printed what TF 1.15.5 printed (for the corpus programs of "
        "`tests/launcher_corpus/`, their variable names and shapes; for `scope_tutorial` and `pre_1_0_names` "
        "([its source](do-you-need/pre_1_0_names.py)), their whole output, recorded from TF 1.15.5 in "
        "[docs/do-you-need/](do-you-need/)). ✗: the first line of the error, or the first line printed "
        "differently.",
        "",
        HEADER,
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [row(program, *results[program.name]) for program in PROGRAMS if program.name in results]
    lines += ["", "## What this says", ""] + conclusion(results)
    return "\n".join(lines) + "\n"


def read_page(text):
    """The results and the setup a page was rendered from: `page(*read_page(text))` is `text` again."""
    pattern = re.sub(r"\\{(\w+)\\}", r"(?P<\1>\\S+?)", re.escape(MEASURED))
    setup = re.search(pattern, text).groupdict()
    results = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 3 + len(ROUTES) and cells[0].startswith("`"):
            outcomes = {route: Outcome(cell == SAME, cell) for route, cell in zip(ROUTES, cells[3:])}
            results[cells[0].strip("`")] = (cells[2], outcomes)
    return results, setup


# -- recording the goldens of the programs outside the corpus -----------------------------------------

def tf1_spelling(source):
    """`source` with each pre-1.0 name scopecompat's legacy table renames written in TF 1.x's spelling."""
    import _scopecompat_cli

    table = _scopecompat_cli.legacy_names_table().BY_OLD_NAME

    def modern(match):
        found = table.get(match.group(1))
        return "tf." + found.modern if found is not None and found.modern else match.group(0)

    return re.sub(r"\btf\.([A-Za-z_][\w.]*[A-Za-z_0-9])", modern, source)


def record(tf1_python):
    version = subprocess.run([tf1_python, "-c", "import tensorflow as tf; print(tf.__version__)"],
                             capture_output=True, text=True, check=True,
                             env=user_environment({"TF_CPP_MIN_LOG_LEVEL": "3"})).stdout.strip()
    for name in OWN_GOLDEN:
        with tempfile.TemporaryDirectory() as folder:
            entry = prepare(name, folder)
            with open(os.path.join(folder, entry)) as f:
                source = f.read()
            with open(os.path.join(folder, entry), "w") as f:
                f.write(tf1_spelling(source))
            result = run([tf1_python, entry], folder, user_environment({"TF_CPP_MIN_LOG_LEVEL": "3"}))
        if result.returncode != 0:
            raise SystemExit("%s failed on %s:\n%s" % (name, tf1_python, result.stderr))
        with open(golden_path(name, version), "w") as f:
            f.write(result.stdout)
        print("wrote %s" % golden_path(name, version))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="the page (the default output)")
    parser.add_argument("--only", metavar="PROGRAM", choices=[p.name for p in PROGRAMS],
                        help="print only this program's table row")
    parser.add_argument("--record", metavar="TF1_PYTHON",
                        help="record the outputs of %s on this TF 1.x interpreter" % ", ".join(OWN_GOLDEN))
    args = parser.parse_args(argv)
    if args.record:
        record(args.record)
        return
    programs = [p for p in PROGRAMS if args.only in (None, p.name)]
    results = {}
    for program in programs:
        results[program.name] = measure(program)
        print("measured %s" % program.name, file=sys.stderr)
    if args.only:
        print(row(programs[0], *results[args.only]))
    else:
        sys.stdout.write(page(results, setup_here(datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"))))


if __name__ == "__main__":
    main(sys.argv[1:])
