"""The conformance matrix: every case, on every TF 1.x golden and on the installed TF 2.x, judged.

Data (all in this folder, shipped with the package):
- cases/<family>.json: the cases (observe.py documents the format);
- golden/tf-<version>.json: what real TF 1.x did, recorded by tests/conformance/record.py;
- deviations.py: the known differences, each with its reason.

Columns of the matrix:
- an oracle, "tf-0.12.1" ...: that golden against the reference golden, so every change of behaviour
  between TF versions is either absent or explained;
- a backend, "raw" (tensorflow.compat.v1 + disable_v2_behavior) or "scopecompat", run live here.
The reference for a case is the newest golden that has it (TF 1.15.5 for all but pre-1.0 APIs).

A cell is "pass" (same observation), "deviation" (differs only where a deviation row says, for the
reason it gives), "unsupported" (a backend lacks the API the case uses, as a deviation row of that kind
says: raw tf.compat.v1 has no tf.contrib), "fail", or "n/a" (the case needs an API that TF version lacks). A deviation row that
matches nothing is "stale"; the tests fail on it, so the file cannot rot.
"""

import json
import os
import re
from collections import OrderedDict, namedtuple

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from scopecompat._conformance import observe
from scopecompat._conformance.deviations import DEVIATIONS, UNSUPPORTED

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "golden")
REFERENCE_VERSION = "1.15.5"
BACKENDS = OrderedDict([("raw", "tensorflow.compat.v1"), ("scopecompat", "scopecompat")])

Cell = namedtuple("Cell", "status differences reasons observation")
STATUSES = ("pass", "deviation", "unsupported", "fail", "n/a")


def load_cases():
    return observe.load_cases()


def load_goldens():
    """{"0.12.1": golden data, ...}, oldest first."""
    goldens = {}
    for name in os.listdir(GOLDEN_DIR):
        match = re.match(r"tf-(.+)\.json$", name)
        if match:
            with open(os.path.join(GOLDEN_DIR, name)) as f:
                goldens[match.group(1)] = json.load(f)
    return OrderedDict(sorted(goldens.items(), key=lambda item: Version(item[0])))


def reference_version(case_id, goldens):
    """The newest TF 1.x golden that recorded `case_id`."""
    having = [version for version, golden in goldens.items() if case_id in golden["cases"]]
    if not having:
        raise LookupError("no golden has case %r: re-record the goldens (tests/conformance/record.py)" % case_id)
    return having[-1]


# --- comparing observations -------------------------------------------------------------------------

def differences(actual, expected):
    """The parts of two observations that differ: "variables", "error", "observed:<expr>", "values:<expr>"."""
    found = []
    for part in ("variables", "error"):
        if actual.get(part) != expected.get(part):
            found.append(part)
    for section, same in (("observed", lambda a, b: a == b), ("values", _same_values)):
        mine, theirs = actual.get(section, {}), expected.get(section, {})
        for expression in sorted(set(mine) | set(theirs)):
            if not same(mine.get(expression, "<missing>"), theirs.get(expression, "<missing>")):
                found.append("%s:%s" % (section, expression))
    return found


# Evaluated float32 values (an RNN's outputs, a gradient) come out of kernels that TF 2.x builds with other
# libraries (oneDNN) and sums in another order than TF 1.x: they differ from TF 1.x's in the 6th significant
# digit (cases/contrib_rnn.json). Floats within this tolerance are the same value; ints, bools and text,
# e.g. decoded tags, must be equal.
VALUE_TOLERANCE = 1e-5


def _same_values(a, b):
    """Whether two recorded values are equal, floats to VALUE_TOLERANCE (absolute below 1, else relative)."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_values(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(_same_values(a[key], b[key]) for key in a)
    if isinstance(a, float) and isinstance(b, float):
        return a == b or abs(a - b) <= VALUE_TOLERANCE * max(1.0, abs(b))
    return a == b


def _covers(part_pattern, part):
    """A deviation part "observed" covers every "observed:<expr>"; "*" covers everything."""
    return part_pattern in ("*", part) or part.startswith(part_pattern + ":")


def tf_in_range(tf_version, spec):
    """Whether TF `tf_version` is in `spec`, a version specifier ("" is any; ">=2.16", ">=2.12,<2.16").

    Judged on the release's major.minor, as the support range is: "2.16.0rc1" is in ">=2.16".
    """
    major_minor = Version("%d.%d" % Version(tf_version).release[:2])
    return SpecifierSet(spec).contains(major_minor, prereleases=True)


def deviations_for(case_id, where, tf_version=None):
    return [d for d in DEVIATIONS
            if case_id in d.cases and where in d.where and (tf_version is None or tf_in_range(tf_version, d.tf))]


def judge(found, deviations):
    """(status, reasons) for the differences `found`, given the deviation rows that apply: "pass", "fail",
    "deviation", or "unsupported" when the rows that explain them all say the place lacks the API."""
    if not found:
        return "pass", []
    unexplained = [part for part in found if not any(_covers(p, part) for d in deviations for p in d.parts)]
    if unexplained:
        return "fail", []
    explaining = [d for d in deviations if any(_covers(p, part) for p in d.parts for part in found)]
    status = "unsupported" if all(d.kind == UNSUPPORTED for d in explaining) else "deviation"
    return status, sorted(set(d.reason for d in explaining))


def stale_deviations(found, deviations):
    """The rows among `deviations` none of whose parts differ: they no longer deviate."""
    return [d for d in deviations if not any(_covers(p, part) for p in d.parts for part in found)]


# --- the tutorials' printed text ----------------------------------------------------------------------

_NUMBER = re.compile(r"-?\d+\.?\d*(?:e[-+]?\d+)?")


def printed_matches(printed, observation, key):
    """Whether what a tutorial printed for `key` (an observe/evaluate expression or "error") matches."""
    if key == "error":
        error = observation.get("error")
        if not error:
            return False
        text = printed.split(": ", 1)[1] if printed.startswith(error["type"] + ": ") else printed
        return error["message"].startswith(text.rstrip("."))
    if key in observation.get("observed", {}):
        actual = observation["observed"][key]
    elif key in observation.get("values", {}):
        actual = observation["values"][key]
    else:
        return False
    if isinstance(actual, str):
        return actual == printed
    if isinstance(actual, bool):
        return str(actual) == printed
    numbers = [float(n) for n in _NUMBER.findall(printed)]
    flat = list(_flatten(actual))
    return len(numbers) == len(flat) and all(abs(a - b) <= 1e-6 * max(1.0, abs(b)) for a, b in zip(flat, numbers))


def _flatten(value):
    if isinstance(value, list):
        for item in value:
            for leaf in _flatten(item):
                yield leaf
    elif isinstance(value, dict):  # {"raised": ...}: nothing printed can match it
        yield float("nan")
    else:
        yield value


def printed_differences(case, observation):
    return [key for key in sorted(case.get("printed", {})) if not printed_matches(case["printed"][key], observation, key)]


# --- the matrix -------------------------------------------------------------------------------------

def judge_oracle(case, version, goldens):
    """The cell of TF `version`'s golden for `case`, against the reference golden."""
    golden = goldens[version]["cases"]
    if case["id"] not in golden:
        return Cell("n/a", [], [], None)
    reference = goldens[reference_version(case["id"], goldens)]["cases"][case["id"]]
    found = differences(golden[case["id"]], reference)
    status, reasons = judge(found, deviations_for(case["id"], "tf-" + version))
    return Cell(status, found, reasons, golden[case["id"]])


def judge_backend(case, backend, observation, tf_version, goldens):
    """The cell of a live observation on a TF 2.x backend, against the reference golden and the tutorial."""
    reference = goldens[reference_version(case["id"], goldens)]["cases"][case["id"]]
    found = differences(observation, reference)
    found += ["printed:" + key for key in printed_differences(case, observation)
              if not _tutorial_explains(case, "printed:" + key)]
    status, reasons = judge(found, deviations_for(case["id"], backend, tf_version))
    return Cell(status, found, reasons, observation)


def _tutorial_explains(case, key):
    return any(_covers(p, key) for d in deviations_for(case["id"], "tutorial") for p in d.parts)


def import_backend(backend):
    """The TensorFlow module a backend runs cases on, set up as the recorder sets it up."""
    return observe.import_tf(BACKENDS[backend])


def run(backends=tuple(BACKENDS), cases=None, progress=None):
    """Run every case on each backend here; returns a Matrix. `progress(message)`, if given, hears of each
    family as its cases start (the matrix takes a minute or two)."""
    goldens = load_goldens()
    cases = load_cases() if cases is None else cases
    modules = dict((backend, import_backend(backend)) for backend in backends)
    tf_version = observe.tf_version(modules[backends[0]]) if backends else None
    cells = OrderedDict()
    family = None
    for number, case in enumerate(cases, 1):
        if progress is not None and case["family"] != family:
            family = case["family"]
            progress("cases %d-%d of %d: %s" % (
                number, number - 1 + sum(1 for c in cases if c["family"] == family), len(cases), family))
        row = OrderedDict()
        for version in goldens:
            row["tf-" + version] = judge_oracle(case, version, goldens)
        for backend in backends:
            row[backend] = judge_backend(case, backend, observe.observe(case, modules[backend]), tf_version, goldens)
        cells[case["id"]] = row
    return Matrix(tf_version, list(goldens), list(backends), cases, cells)


def merged(runs):
    """One Matrix of the TF 1.x goldens beside several saved runs (Matrix.to_json() of each TF 2.x version),
    a column per backend and TF minor ("raw 2.16"): what docs/conformance.md shows. Its tf_version is the
    list of the runs' versions."""
    goldens = load_goldens()
    cases = load_cases()
    runs = sorted(runs, key=lambda run: Version(run["tf_version"]))
    cells = OrderedDict((case["id"], OrderedDict(("tf-" + version, judge_oracle(case, version, goldens))
                                                 for version in goldens)) for case in cases)
    columns = []
    for run in runs:
        release = Version(run["tf_version"]).release
        for backend in sorted(run["results"], key=list(BACKENDS).index):
            column = "%s %d.%d" % (backend, release[0], release[1])
            columns.append(column)
            saved = run["results"][backend]
            for case in cases:
                result = saved.get(case["id"], {"status": "n/a", "differences": []})
                status, reasons = result["status"], []
                if status not in ("n/a", "fail"):  # judged again: the deviations file may say more now
                    status, reasons = judge(result["differences"], deviations_for(case["id"], backend, run["tf_version"]))
                cells[case["id"]][column] = Cell(status, result["differences"], reasons, None)
    return Matrix([run["tf_version"] for run in runs], list(goldens), columns, cases, cells)


class Matrix(object):
    """Cells by case id and column, with the TF version the backends ran on."""

    def __init__(self, tf_version, oracle_versions, backends, cases, cells):
        self.tf_version = tf_version
        self.oracle_versions = oracle_versions
        self.backends = backends
        self.cases = cases
        self.cells = cells

    @property
    def columns(self):
        return ["tf-" + v for v in self.oracle_versions] + list(self.backends)

    def failures(self):
        return [(case["id"], column, self.cells[case["id"]][column])
                for case in self.cases for column in self.columns
                if self.cells[case["id"]][column].status == "fail"]

    def counts(self, column, family=None):
        """{status: n} for a column (and family), every status of STATUSES."""
        counts = OrderedDict((status, 0) for status in STATUSES)
        for case in self.cases:
            if family is None or case["family"] == family:
                counts[self.cells[case["id"]][column].status] += 1
        return counts

    def families(self):
        return list(OrderedDict((case["family"], None) for case in self.cases))

    def to_json(self):
        """The backends' results, for merging runs on several TF versions into one page."""
        return {
            "tf_version": self.tf_version,
            "results": dict((backend, dict((case["id"], {
                "status": self.cells[case["id"]][backend].status,
                "differences": self.cells[case["id"]][backend].differences,
            }) for case in self.cases)) for backend in self.backends),
        }
