"""The tf.contrib coverage table: generated from the legacy table (scopecompat/_legacy/names.py) and TF 1.15.5's
own tf.contrib names (contrib_names_tf_1_15.json, recorded by tests/legacy/record_contrib_names.py), shown in the
README and by `scopecompat legacy-names --contrib-coverage`."""

import os
import re
import subprocess
import sys

from scopecompat._legacy import names as legacy_names
from conftest import REPO


def test_the_readme_shows_the_generated_coverage_table():
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as readme:
        text = readme.read()
    section = re.search(r"<!-- contrib-coverage: [^\n]*-->\n(.*?)<!-- end of contrib-coverage -->", text, re.S)
    assert section, "README.md lacks the contrib-coverage section"
    assert section.group(1) == legacy_names.contrib_coverage_markdown(), (
        "README.md's coverage table is stale: scopecompat legacy-names --contrib-coverage")


def test_the_command_prints_the_table():
    result = subprocess.run([sys.executable, "-m", "scopecompat", "legacy-names", "--contrib-coverage"],
                            capture_output=True, text=True, timeout=300)
    assert result.stdout == legacy_names.contrib_coverage_markdown(), (
        "legacy-names --contrib-coverage does not print the table: " + result.stdout + result.stderr[-2000:])


def test_every_contrib_row_names_a_tf_1_15_name():
    known = legacy_names.contrib_names_tf_1_15()
    for row in legacy_names.RENAMED + legacy_names.NOT_PROVIDED:
        parts = row.old.split(".")
        if parts[0] == "contrib":
            assert parts[1] in known, "tf.%s: TF 1.15 has no tf.contrib.%s" % (row.old, parts[1])
            if len(parts) > 2:
                assert parts[2] in known[parts[1]], "tf.%s is not a name of TF 1.15's tf.contrib.%s" % (
                    row.old, parts[1])


def test_modules_covered_in_full_have_every_tf_1_15_name_and_the_counts_add_up():
    coverage = {module: (total, count) for module, total, count in legacy_names.contrib_coverage()}
    for module in ("metrics", "losses", "slim"):
        total, count = coverage[module]
        assert total and count == total, "tf.contrib.%s should be provided in full: %d of %d" % (module, count, total)
    for module in ("layers", "training", "tpu", "cluster_resolver", "data", "util", "signal", "lookup", "distribute",
                   "keras"):
        total, count = coverage[module]
        refused = [row for row in legacy_names.NOT_PROVIDED if row.old.startswith("contrib.%s." % module)]
        assert count + len(refused) == total, (
            "each TF 1.15 name of tf.contrib.%s is provided or has a not-provided row: %d + %d != %d"
            % (module, count, len(refused), total))


def test_contrib_summary_has_each_name_but_the_future_imports_tf_1_15_listed():
    """TF 1.15's tf.contrib.summary module listed its `from __future__` names among its public ones."""
    total, count = {module: (total, count) for module, total, count in legacy_names.contrib_coverage()}["summary"]
    refused = [row for row in legacy_names.NOT_PROVIDED if row.old.startswith("contrib.summary.")]
    future = {"absolute_import", "division", "print_function"} & set(legacy_names.contrib_names_tf_1_15()["summary"])
    assert count + len(refused) + len(future) == total, (
        "each TF 1.15 name of tf.contrib.summary is provided or has a not-provided row: %d + %d + %d != %d"
        % (count, len(refused), len(future), total))
