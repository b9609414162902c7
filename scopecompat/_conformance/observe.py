"""Run conformance cases on a TensorFlow module and record what happened, as plain JSON data.

This file is shared by the oracles and the matrix: it runs on real TF 0.12 (Python 2.7), TF 1.0/1.4
(Python 3.6), TF 1.15 (Python 3.7) and TF 2.x (Python 3.9+). So: standard library only, Python 2.7
syntax, and it never imports scopecompat itself (the module under test is passed in).

A case (cases/<family>.json) is:
    id           stable, descriptive; becomes the test id
    description  one sentence: the rule the case shows
    source       where the rule comes from (tutorial file + section, guide section, TF test name)
    since        first TF version that has the API the case uses ("0.12", "1.4", ...)
    missing_in   optional: TF minor versions that lack it although newer than `since` (["1.0", "1.1"])
    code         lines of TF1 code, run with `tf` bound to the module, in a fresh graph
    observe      Python expressions evaluated after `code`; their values are recorded
    evaluate     optional: expressions run in a session after global_variables_initializer()
    expect_error optional: true when `code` is meant to raise
    printed      optional: what the tutorial printed, keyed by observe/evaluate expression or "error"

`code` and `observe` also see `built_ops(since=0)`: the ops of the default graph from index `since` on, as
{"count": N, "types": [...], "names": [...]} in creation order. A case measuring the ops a block builds says
`start = built_ops()["count"]` before the block and `block = built_ops(start)` after it, and observes `block`
(graph-seeded programs draw from the op count, so a rebuilt block must build TF 1.x's ops).

An observation is {"variables": [...], "observed": {expr: value}, "values": {expr: value},
"error": {"type": ..., "message": first line} or null}. Observe expressions are evaluated also after
an error in `code` (they show what was built before it); an expression that raises is recorded as
{"raised": {"type": ..., "message": ...}}. `evaluate` runs only when `code` succeeded.
"""

from __future__ import print_function

import argparse
import glob
import importlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "cases")
SIGNIFICANT_DIGITS = 6

try:
    TEXT_TYPES = (str, unicode)  # noqa: F821  (Python 2)
except NameError:
    TEXT_TYPES = (str,)


def load_cases(cases_dir=CASES_DIR):
    """Every case, in file then listing order, each with its `family` (the file's name) added."""
    cases = []
    for path in sorted(glob.glob(os.path.join(cases_dir, "*.json"))):
        with open(path) as f:
            family = json.load(f)
        for case in family["cases"]:
            case = dict(case)
            case["family"] = os.path.basename(path)[:-len(".json")]
            cases.append(case)
    return cases


def version_tuple(text):
    """"1.15.5" -> (1, 15); "0.12.1" -> (0, 12)."""
    major, minor = re.match(r"(\d+)\.(\d+)", text).groups()
    return int(major), int(minor)


def applies(case, tf_version):
    """Whether TF `tf_version` has everything the case uses."""
    found = version_tuple(tf_version)
    if found < version_tuple(case.get("since", "0.12")):
        return False
    return "%d.%d" % found not in case.get("missing_in", [])


def plain(value):
    """A JSON-ready copy of `value`: text, bools, ints, floats to 6 significant digits, lists, dicts.

    TF objects are not converted implicitly (a case says `v.name`, not `v`), so an observation never
    depends on a repr that differs between versions.
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, TEXT_TYPES):
        return u"%s" % value
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, int) or type(value).__name__ in ("long", "int32", "int64"):
        return int(value)
    if isinstance(value, float) or type(value).__name__ in ("float32", "float64", "float16"):
        return float("%.*g" % (SIGNIFICANT_DIGITS, value))
    if type(value).__name__ == "bool_":
        return bool(value)
    if hasattr(value, "tolist"):  # numpy arrays
        return plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return dict((u"%s" % key, plain(item)) for key, item in value.items())
    raise TypeError("cannot record a %s; observe a name, shape or value of it instead"
                    % type(value).__name__)


# Parts of error messages that name the Python or TF build rather than the rule being tested.
_MESSAGE_NORMALISATIONS = [
    # "module 'tensorflow' has no attribute 'x'" (Py3), "'module' object has no attribute 'x'" (Py2),
    # "module 'tensorflow._api.v2.compat.v1' has no attribute 'x'", scopecompat's own wording.
    (re.compile(r"^(?:module '[\w.]+'|'module' object) has no attribute"), "module 'tf' has no attribute"),
    # TF 1.x's "No OpKernel ... used by node N (defined at <its install>/ops.py:1748) with these attrs: [...]":
    # the path names the machine, and the attributes come in hash-map order, which varies from run to run.
    (re.compile(r" \(defined at [^)]*\)"), ""),
    (re.compile(r" with these attrs: \[.*\]$"), ""),
]


def error_observation(error):
    """The class name and normalised first line of an exception."""
    lines = str(error).strip().splitlines()
    first = lines[0].strip() if lines else ""
    for pattern, replacement in _MESSAGE_NORMALISATIONS:
        first = pattern.sub(replacement, first)
    return {"type": type(error).__name__, "message": first}


def built_ops(tf, since=0):
    """The default graph's ops from index `since` on: {"count", "types", "names"}, in creation order."""
    operations = tf.get_default_graph().get_operations()[since:]
    return {"count": len(operations),
            "types": [op.type for op in operations],
            "names": [op.name for op in operations]}


def observe(case, tf):
    """Run `case` on the TensorFlow module `tf` in a fresh graph; return its observation."""
    namespace = {"tf": tf, "built_ops": lambda since=0: built_ops(tf, since)}
    result = {"variables": [], "observed": {}, "values": {}, "error": None}
    graph = tf.Graph()
    with graph.as_default():
        try:
            exec(compile("\n".join(case["code"]) + "\n", "<case %s>" % case["id"], "exec"), namespace)
        except Exception as error:  # the observation of an error case
            result["error"] = error_observation(error)
        result["variables"] = [v.name for v in tf.global_variables()]
        for expression in case.get("observe", []):
            result["observed"][expression] = evaluated(lambda: eval(expression, namespace))
        if case.get("evaluate") and result["error"] is None:
            with tf.Session(graph=graph) as session:
                session.run(tf.global_variables_initializer())
                for expression in case["evaluate"]:
                    result["values"][expression] = evaluated(
                        lambda: session.run(eval(expression, namespace)))
    return result


def evaluated(compute):
    """plain(compute()), or {"raised": error} when it raises (e.g. a tutorial's misspelt name)."""
    try:
        value = compute()
    except Exception as error:
        return {"raised": error_observation(error)}
    return plain(value)


def import_tf(module_name):
    """Import the TensorFlow module to record; `tensorflow.compat.v1` gets switched to TF1 mode."""
    tf = importlib.import_module(module_name)
    if module_name == "tensorflow.compat.v1":
        tf.disable_v2_behavior()
    elif module_name == "tensorflow" and version_tuple(tf.__version__)[0] >= 2:
        raise SystemExit("TensorFlow %s is 2.x: record --tf tensorflow.compat.v1 or --tf scopecompat"
                         % tf.__version__)
    return tf


def tf_version(tf):
    return getattr(tf, "__version__", None) or tf.VERSION


def record(module_name, cases=None):
    """Every applicable case's observation on `module_name`, as the golden file's data."""
    tf = import_tf(module_name)
    version = tf_version(tf)
    observations = {}
    for case in cases if cases is not None else load_cases():
        if applies(case, version):
            observations[case["id"]] = observe(case, tf)
    return {"tf_version": version, "module": module_name, "cases": observations}


def dumps(data):
    """The one JSON layout of golden files, byte-identical on Python 2.7 and 3.x."""
    return json.dumps(data, indent=1, sort_keys=True, separators=(",", ": ")) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Record every conformance case that applies to the running TensorFlow as JSON.")
    parser.add_argument("--tf", required=True, metavar="MODULE",
                        help="tensorflow (real TF 1.x), tensorflow.compat.v1 (raw TF 2.x) or scopecompat")
    parser.add_argument("--out", metavar="FILE", help="write here (default: stdout)")
    parser.add_argument("--check", metavar="GOLDEN",
                        help="compare with this file instead of writing; exit 1 and list the cases that differ")
    args = parser.parse_args(argv)
    text = dumps(record(args.tf))
    if args.check:
        with open(args.check) as f:
            golden = json.load(f)
        fresh = json.loads(text)
        differing = sorted(case_id for case_id in set(golden["cases"]) | set(fresh["cases"])
                           if golden["cases"].get(case_id) != fresh["cases"].get(case_id))
        if golden["tf_version"] != fresh["tf_version"]:
            differing.insert(0, "tf_version: %s != %s" % (golden["tf_version"], fresh["tf_version"]))
        for case_id in differing:
            print("differs: %s" % case_id)
        print("%s: %d cases, %d differ" % (args.check, len(fresh["cases"]), len(differing)))
        return 1 if differing else 0
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
