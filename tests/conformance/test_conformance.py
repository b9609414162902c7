"""The conformance matrix (scopecompat/_conformance): the case files, the TF 1.x goldens, the
deviations file, and every case run live on the installed TF 2.x through raw tf.compat.v1 and through
scopecompat, judged against the TF 1.15.5 golden and against what the tutorials printed."""

import json
import os
import re

import pytest

import scopecompat
from conftest import REPO
from scopecompat import _conformance as conformance
from scopecompat._conformance import observe
from scopecompat._conformance.deviations import DEVIATIONS


CASES = conformance.load_cases()
CASES_BY_ID = dict((case["id"], case) for case in CASES)
GOLDENS = conformance.load_goldens()
ORACLE_VERSIONS = list(GOLDENS)
CASE_KEYS = {"id", "description", "source", "since", "missing_in", "code", "observe", "evaluate",
             "expect_error", "printed", "family"}
# A source is a tutorial file, one of the TF1 guides, TF's own test file, or a TF docstring.
SOURCE = re.compile(r"^(tutorials/00[0-4]_[0-9a-f]{16}\.txt|guide variables?\.md|guide variable_scope\.md|"
                    r"variable_scope_test\.py|tf\.[\w.]+ docstring|variable_scope docstring)")
TF_VERSION = scopecompat.__version__


# --- the case files ----------------------------------------------------------------------------------

def test_case_ids_are_unique_and_descriptive():
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids: %s" % sorted(i for i in ids if ids.count(i) > 1)
    bad = [i for i in ids if not re.match(r"^[0-9a-z]+(-[0-9a-z]+)+$", i)]
    assert not bad, "case ids must be lowercase-words-with-hyphens (they are test ids): %s" % bad


def test_every_cited_tutorial_file_is_named_in_the_sources_page():
    """The tutorials are not in the repository: docs/sources.md must say what each cited file is."""
    sources_page = open(os.path.join(REPO, "docs", "sources.md"), encoding="utf-8").read()
    cited = set(re.findall(r"tutorials/(00[0-4]_[0-9a-f]{16}\.txt)", " ".join(case["source"] for case in CASES)))
    unnamed = sorted(name for name in cited if "`%s`" % name not in sources_page)
    assert not unnamed, "docs/sources.md gives no title, author and address for %s" % unnamed


def test_there_are_at_least_80_cases_and_every_tutorial_has_some():
    assert len(CASES) >= 80, "the matrix promises 80+ cases, found %d" % len(CASES)
    tutorials = set(re.findall(r"tutorials/(00[0-4])_", " ".join(case["source"] for case in CASES)))
    assert tutorials == {"000", "001", "002", "003", "004"}, "cases cite tutorials %s, not all five" % sorted(tutorials)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_case_is_well_formed(case):
    assert set(case) <= CASE_KEYS, "unknown keys %s" % sorted(set(case) - CASE_KEYS)
    assert case["description"].strip() and case["source"].strip(), "a case needs a description and a source"
    assert SOURCE.match(case["source"]), "source %r cites no tutorial file, guide, TF test or docstring" % case["source"]
    assert isinstance(case["code"], list) and all(isinstance(line, str) for line in case["code"]), "code is a list of lines"
    compile("\n".join(case["code"]), case["id"], "exec")  # a SyntaxError here names the case
    readable = set(case.get("observe", [])) | set(case.get("evaluate", [])) | {"error"}
    assert set(case.get("printed", {})) <= readable, (
        "printed keys %s are neither observed nor evaluated" % sorted(set(case.get("printed", {})) - readable))
    observe.version_tuple(case.get("since", "0.12"))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_case_ran_as_declared_on_its_reference_tf(case):
    """Runnable: the reference golden recorded it; it raised exactly when the case says it should."""
    version = conformance.reference_version(case["id"], GOLDENS)
    recorded = GOLDENS[version]["cases"][case["id"]]
    raised = [key for key, value in list(recorded["observed"].items()) + list(recorded["values"].items())
              if isinstance(value, dict) and "raised" in value]
    errored = bool(recorded["error"] or raised)
    assert errored == bool(case.get("expect_error")), (
        "on TF %s the case %s, but expect_error is %r: %s %s"
        % (version, "raised" if errored else "ran clean", case.get("expect_error"), recorded["error"], raised))


# --- the goldens -------------------------------------------------------------------------------------

@pytest.mark.parametrize("version", ORACLE_VERSIONS)
def test_golden_has_exactly_the_cases_that_apply(version):
    golden = GOLDENS[version]
    assert golden["tf_version"] == version and golden["module"] == "tensorflow", "golden file names its TF"
    expected = {case["id"] for case in CASES if observe.applies(case, version)}
    assert set(golden["cases"]) == expected, (
        "golden tf-%s is out of date with the case files (missing %s, extra %s): re-record it with "
        "tests/conformance/record.py" % (version, sorted(expected - set(golden["cases"])),
                                         sorted(set(golden["cases"]) - expected)))


@pytest.mark.parametrize("version", ORACLE_VERSIONS)
def test_golden_file_is_in_the_recorder_layout(version):
    path = os.path.join(conformance.GOLDEN_DIR, "tf-%s.json" % version)
    with open(path) as f:
        text = f.read()
    assert text == observe.dumps(json.loads(text)), "%s was edited by hand: goldens are recorded, not written" % path


@pytest.mark.parametrize("version", ORACLE_VERSIONS[:-1])
@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_older_tf_matches_the_reference_or_deviation_says_why(case, version):
    cell = conformance.judge_oracle(case, version, GOLDENS)
    assert cell.status != "fail", (
        "TF %s differs from the reference in %s with no deviation row explaining it" % (version, cell.differences))
    rows = conformance.deviations_for(case["id"], "tf-" + version)
    stale = conformance.stale_deviations(cell.differences, rows)
    assert not stale, "deviation rows no longer deviate, remove them: %s" % [d.reason for d in stale]


# --- the deviations file -----------------------------------------------------------------------------

@pytest.mark.parametrize("row", DEVIATIONS,
                         ids=lambda row: "%s:%s" % ("+".join(row.where), row.cases[0] if row.cases else "none"))
def test_deviation_row_is_well_formed(row):
    assert row.cases, "a deviation row must name its cases"
    unknown = [case_id for case_id in row.cases if case_id not in CASES_BY_ID]
    assert not unknown, "deviation names unknown cases %s" % unknown
    places = ["tf-" + v for v in ORACLE_VERSIONS] + list(conformance.BACKENDS) + ["tutorial"]
    assert row.where and set(row.where) <= set(places), "a deviation is in some of %s, not %s" % (places, row.where)
    assert row.reason.strip(), "every deviation says why"
    assert row.parts and all(re.match(r"^(\*|variables|error|observed|values|(observed|values|printed):.+)$", p)
                             for p in row.parts), "bad parts %s" % (row.parts,)


@pytest.mark.parametrize("case", [c for c in CASES if c.get("printed")], ids=lambda case: case["id"])
def test_tutorial_printed_text_matches_real_tf_or_deviation_says_why(case):
    reference = GOLDENS[conformance.reference_version(case["id"], GOLDENS)]["cases"][case["id"]]
    mismatched = {"printed:" + key for key in conformance.printed_differences(case, reference)}
    rows = conformance.deviations_for(case["id"], "tutorial")
    explained = {part for row in rows for part in row.parts}
    assert mismatched == explained, (
        "the tutorial's printed text differs from real TF at %s; the deviations explain %s"
        % (sorted(mismatched), sorted(explained)))
    for row in rows:
        if row.matches:
            other = GOLDENS[row.matches]["cases"][case["id"]]
            still = [p for p in row.parts if p[len("printed:"):] in conformance.printed_differences(case, other)]
            assert not still, "the deviation says TF %s printed this, but its golden differs at %s" % (row.matches, still)


def test_a_deviation_says_re_exported_unchanged_only_of_names_that_are():
    from scopecompat._facade import overrides

    claims = [(name, row.reason) for row in DEVIATIONS
              for name in re.findall(r"re-exports tf\.compat\.v1's ([\w.]+) unchanged", row.reason)]
    wrong = [(name, reason) for name, reason in claims if name in overrides.BY_PATH]
    assert wrong == [], "deviations call these overridden names re-exported unchanged: %s" % wrong


def test_the_readme_gives_the_number_of_cases():
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as readme:
        text = " ".join(readme.read().split())
    assert "%d cases, as data in" % len(CASES) in text, "README.md should say there are %d cases" % len(CASES)


def test_the_readme_says_on_which_cases_scopecompat_deviates_from_tf_1_15():
    """The README's claim is the deviations file's scopecompat rows, on the newest and oldest supported TF."""
    from scopecompat._facade import bootstrap

    words = {0: "none", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
             9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen"}

    def deviating(version):
        return len([case for case in CASES if conformance.deviations_for(case["id"], "scopecompat", version)])

    newest, oldest = ("%d.%d.0" % version for version in (bootstrap.NEWEST_SUPPORTED, bootstrap.OLDEST_SUPPORTED))
    claim = "every case does what it did on TF 1.15.5 except %s (%s on TF %s)" % (
        words[deviating(newest)], words[deviating(oldest)], oldest[:-2])
    with open(os.path.join(REPO, "README.md")) as readme:
        text = " ".join(readme.read().split())
    assert claim in text, "README.md should say: %r" % claim


# --- the matrix: every case on the installed TF 2.x ----------------------------------------------------

@pytest.fixture(scope="module")
def backends():
    return dict((backend, conformance.import_backend(backend)) for backend in conformance.BACKENDS)


@pytest.mark.parametrize("backend", list(conformance.BACKENDS))
@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_case_on_installed_tf(case, backend, backends):
    observation = observe.observe(case, backends[backend])
    cell = conformance.judge_backend(case, backend, observation, TF_VERSION, GOLDENS)
    assert cell.status != "fail", (
        "%s on TF %s differs from TF %s in %s:\n%s" % (
            backend, TF_VERSION, conformance.reference_version(case["id"], GOLDENS), cell.differences,
            json.dumps(observation, indent=1, sort_keys=True)))
    rows = conformance.deviations_for(case["id"], backend, TF_VERSION)
    stale = conformance.stale_deviations(cell.differences, rows)
    assert not stale, "deviation rows no longer deviate on TF %s, remove or narrow them: %s" % (
        TF_VERSION, [d.reason for d in stale])


def test_recorder_writes_the_golden_layout_for_scopecompat():
    """record() is what tests/conformance/record.py runs: same cases, same observation, same JSON layout."""
    subset = [CASES_BY_ID["000-variable-scope-reuse-variables"], CASES_BY_ID["002-code3-get-variable-same-name-raises"]]
    data = observe.record("scopecompat", subset)
    assert data["module"] == "scopecompat" and data["tf_version"] == TF_VERSION, "the recording names its TF"
    for case in subset:
        assert data["cases"][case["id"]] == GOLDENS["1.15.5"]["cases"][case["id"]], (
            "scopecompat's recording of %s equals TF 1.15.5's" % case["id"])
    assert json.loads(observe.dumps(data)) == data, "dumps() round-trips"


def test_evaluated_floats_are_compared_to_the_tolerance_and_the_rest_exactly():
    """TF 2.x's kernels round float32 results differently from TF 1.x's in the 6th significant digit."""
    found = conformance.differences({"values": {"out": [[0.0158439, 6.85911e-05]], "tags": [2, 0]}},
                                    {"values": {"out": [[0.015844, 6.86198e-05]], "tags": [2, 0]}})
    assert found == [], "a float32 rounding difference counts as a difference: %s" % found
    found = conformance.differences({"values": {"out": [0.0159], "tags": [2, 1]}},
                                    {"values": {"out": [0.0158], "tags": [2, 0]}})
    assert found == ["values:out", "values:tags"], "a real difference of value or of a tag is missed: %s" % found
    found = conformance.differences({"observed": {"score": 4.14329}}, {"observed": {"score": 4.1433}})
    assert found == ["observed:score"], "observed values (names, shapes, Python numbers) are not compared exactly"
