"""Render the conformance matrix: a compact text table (terminal), one self-contained HTML page (the
full matrix), and the Markdown page docs/conformance.md (several TF 2.x runs merged)."""

import html
import json
from collections import OrderedDict

from scopecompat import _conformance as conformance
from scopecompat._conformance.deviations import DEVIATIONS


SYMBOLS = {"pass": "✓", "deviation": "≈", "unsupported": "–", "fail": "✗", "n/a": "·"}
COLOURS = {"pass": "#c8e6c9", "deviation": "#ffe0b2", "unsupported": "#dde4ee", "fail": "#ffcdd2", "n/a": "#eeeeee"}
# What the counts of a cell mean, in the order _counts_text gives them.
COUNTS_LEGEND = "pass/deviation/unsupported/fail"


def column_title(matrix, column):
    if column in matrix.backends:
        return "%s (TF %s)" % (column, matrix.tf_version)
    return column.replace("tf-", "TF ")


def _counts_text(counts):
    return "%d/%d/%d/%d" % (counts["pass"], counts["deviation"], counts["unsupported"], counts["fail"])


def _worst(counts):
    """The status a summary cell is coloured by: its worst one present."""
    for status in ("fail", "deviation", "unsupported", "pass"):
        if counts[status]:
            return status
    return "n/a"


def deviating_cases(matrix, backend):
    """[(case id, family, reasons)] of the cases where `backend` deviates (not where it lacks the API)."""
    return [(case["id"], case["family"], matrix.cells[case["id"]][backend].reasons) for case in matrix.cases
            if matrix.cells[case["id"]][backend].status == "deviation"]


def unsupported_by_reason(matrix, backend):
    """{reason: [case ids]} of the cases whose API `backend` lacks."""
    grouped = OrderedDict()
    for case in matrix.cases:
        cell = matrix.cells[case["id"]][backend]
        if cell.status == "unsupported":
            for reason in cell.reasons:
                grouped.setdefault(reason, []).append(case["id"])
    return grouped


def text(matrix):
    """Case family x column: pass/deviation/fail counts, then every failure with what differed."""
    columns = matrix.columns
    titles = [column_title(matrix, c) for c in columns]
    width = max(len(f) for f in matrix.families() + ["family"])
    widths = [max(len(t), 9) for t in titles]
    lines = ["Conformance matrix on TensorFlow %s: %d cases; cells are %s (unsupported: raw tf.compat.v1 "
             "lacks the API; n/a, not counted: that TF 1.x lacks it)." % (matrix.tf_version, len(matrix.cases),
                                                                          COUNTS_LEGEND), ""]
    lines.append("  ".join(["family".ljust(width)] + [t.rjust(w) for t, w in zip(titles, widths)]))
    for family in matrix.families() + [None]:
        row = [(family or "all").ljust(width)]
        row += [_counts_text(matrix.counts(c, family)).rjust(w) for c, w in zip(columns, widths)]
        lines.append("  ".join(row))
    failures = matrix.failures()
    lines.append("")
    if failures:
        lines.append("%d failures:" % len(failures))
        for case_id, column, cell in failures:
            lines.append("  %s on %s: differs in %s" % (case_id, column_title(matrix, column), ", ".join(cell.differences)))
    else:
        lines.append("No failures: every difference from TF 1.15.5 is a listed deviation "
                     "(scopecompat/_conformance/deviations.py).")
    return "\n".join(lines) + "\n"


def _cell_html(cell):
    if cell.status == "n/a":
        return '<td class="na" title="not in this TF version">·</td>'
    shown = OrderedDict()
    if cell.observation is not None:
        shown["variables"] = cell.observation.get("variables")
        if cell.observation.get("error"):
            shown["error"] = cell.observation["error"]
        shown["observed"] = cell.observation.get("observed")
        if cell.observation.get("values"):
            shown["values"] = cell.observation["values"]
    hover = "\n".join(cell.observation.get("variables") or ["(no variables)"]) if cell.observation else ""
    details = json.dumps(shown, indent=1, sort_keys=False, ensure_ascii=False)
    why = "".join("<p class=why>%s</p>" % html.escape(r) for r in cell.reasons)
    differs = "<p>differs in: %s</p>" % html.escape(", ".join(cell.differences)) if cell.differences else ""
    return ('<td class="%s" title="%s"><details><summary>%s %s</summary>%s%s<pre>%s</pre></details></td>'
            % (cell.status.replace("/", ""), html.escape(hover), SYMBOLS[cell.status], cell.status,
               differs, why, html.escape(details)))


def html_page(matrix):
    """One self-contained page: cases x (TF 1.x oracles, raw, scopecompat), colour-coded, each cell
    showing its variable names on hover and the full observation when expanded."""
    columns = matrix.columns
    head = "".join("<th>%s</th>" % html.escape(column_title(matrix, c)) for c in columns)
    summary_rows = []
    for family in matrix.families() + [None]:
        cells = "".join('<td class="%s">%s</td>' % (_worst(counts).replace("/", ""), _counts_text(counts))
                        for counts in (matrix.counts(c, family) for c in columns))
        summary_rows.append("<tr><th>%s</th>%s</tr>" % (html.escape(family or "all"), cells))
    rows = []
    for family in matrix.families():
        rows.append('<tr class="family"><th colspan="%d">%s</th></tr>' % (len(columns) + 1, html.escape(family)))
        for case in matrix.cases:
            if case["family"] != family:
                continue
            label = ('<th><details><summary>%s</summary><p>%s</p><p class=src>%s</p><pre>%s</pre></details></th>'
                     % (html.escape(case["id"]), html.escape(case["description"]), html.escape(case["source"]),
                        html.escape("\n".join(case["code"]))))
            rows.append("<tr>%s%s</tr>" % (label, "".join(_cell_html(matrix.cells[case["id"]][c]) for c in columns)))
    listed = []
    for backend in matrix.backends:
        deviating = deviating_cases(matrix, backend)
        items = "".join("<li><b>%s</b> (%s): %s</li>" % (
            html.escape(case_id), html.escape(family), " ".join(html.escape(r) for r in reasons))
            for case_id, family, reasons in deviating)
        listed.append("<h3>%s: %d deviation%s</h3><ul>%s</ul>" % (
            html.escape(column_title(matrix, backend)), len(deviating), "" if len(deviating) == 1 else "s",
            items or "<li>none</li>"))
        missing = unsupported_by_reason(matrix, backend)
        if missing:
            listed.append("<p>%s lacks the API of %d cases (unsupported, not deviations):</p><ul>%s</ul>" % (
                html.escape(column_title(matrix, backend)), len({case_id for ids in missing.values() for case_id in ids}),
                "".join("<li>%d cases: %s</li>" % (len(ids), html.escape(reason)) for reason, ids in missing.items())))
    style = ("body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}"
             "td,th{border:1px solid #bbb;padding:2px 4px;vertical-align:top;font-size:13px}"
             "th{text-align:left;background:#fafafa}tr.family th{background:#ddd}pre{font-size:11px;max-width:40em;"
             "white-space:pre-wrap}p.why{color:#8a5300}p.src{color:#555}"
             + "".join("td.%s{background:%s}" % (s.replace("/", ""), c) for s, c in COLOURS.items()))
    return """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>scopecompat conformance on TensorFlow {tf}</title>
<style>{style}</style></head><body>
<h1>scopecompat conformance matrix, TensorFlow {tf}</h1>
<p>{n} cases from the five tutorials, the TF1 guides and TF's variable_scope_test.py. Columns: real TF 1.x
(goldens recorded by tests/conformance/record.py) against TF 1.15.5; raw tf.compat.v1 and scopecompat run
live on TensorFlow {tf}. ✓ pass, ≈ listed deviation (its reason shown), – unsupported (raw tf.compat.v1
lacks the API), ✗ fail, · not in that TF version. Hover a cell for its variable names; click to expand the
observation.</p>
<h2>Summary ({legend})</h2>
<table><tr><th>family</th>{head}</tr>{summary}</table>
<h2>Deviations, with their reasons</h2>
{listed}
<h2>Cases</h2>
<table><tr><th>case</th>{head}</tr>{rows}</table>
</body></html>
""".format(tf=html.escape(str(matrix.tf_version)), style=style, n=len(matrix.cases), head=head,
           summary="".join(summary_rows), rows="".join(rows), legend=COUNTS_LEGEND, listed="".join(listed))


def _cases_missing_from_runs(runs, cases):
    """[(TF version, how many of `cases` its saved run has no result for)], one per saved run."""
    return [(run["tf_version"], sum(1 for case in cases if case["id"] not in run["results"]["scopecompat"]))
            for run in runs]


def markdown(runs):
    """docs/conformance.md from several runs' JSON (Matrix.to_json()), one per TF 2.x version."""
    matrix = conformance.merged(runs)
    cases = matrix.cases
    titles = [column.replace("tf-", "TF ") for column in matrix.columns]

    lines = [
        "# Conformance matrix",
        "",
        "<!-- Generated by `scopecompat conformance --markdown docs/conformance.md --merge docs/conformance/*.json`;",
        "     the JSON files are written by the tox envs (`tox`). Do not edit by hand. -->",
        "",
        "%d cases (`scopecompat/_conformance/cases/`) from the five TF1 tutorials, TF's \"Variables\" and "
        "\"Sharing Variables\" guides and TF's `variable_scope_test.py`, run on real TensorFlow %s (goldens) and "
        "live on TensorFlow %s, through raw `tf.compat.v1` + `disable_v2_behavior()` and through scopecompat. "
        "Every column is judged against the TF 1.15.5 golden (the TF 0.12 golden for a pre-1.0 API)."
        % (len(cases), ", ".join(matrix.oracle_versions), ", ".join(matrix.tf_version)),
        "",
        "Cells: %s counts; a deviation is a difference listed, with its reason, in "
        "`scopecompat/_conformance/deviations.py` (reasons below); unsupported: raw `tf.compat.v1` lacks the API "
        "the case uses (tf.contrib, `tf.layers` under Keras 3, pre-1.0 names), so the case cannot run there. "
        "`scopecompat conformance --html FILE` writes the full matrix with every observed name." % COUNTS_LEGEND,
    ]
    stale = [(version, missing) for version, missing in _cases_missing_from_runs(runs, cases) if missing]
    if stale:
        lines += ["", "Saved before some cases existed (those cells show %s, not run): %s. `tox` runs them all." % (
            SYMBOLS["n/a"], "; ".join("the TF %s run lacks %d of the %d cases" % (version, missing, len(cases))
                                      for version, missing in stale))]
    lines += [
        "",
        "## By family",
        "",
        "| family | " + " | ".join(titles) + " |",
        "|---|" + "---|" * len(titles),
    ]
    for family in matrix.families() + [None]:
        lines.append("| %s | %s |" % (family or "**all**",
                                      " | ".join(_counts_text(matrix.counts(c, family)) for c in matrix.columns)))
    lines += ["", "## By case", "", "%s pass, %s deviation, %s unsupported, %s fail, %s not in that TF version." % (
        SYMBOLS["pass"], SYMBOLS["deviation"], SYMBOLS["unsupported"], SYMBOLS["fail"], SYMBOLS["n/a"]), "",
        "| case | " + " | ".join(titles) + " |",
        "|---|" + "---|" * len(titles)]
    for case in cases:
        row = matrix.cells[case["id"]]
        lines.append("| `%s` | %s |" % (case["id"], " | ".join(SYMBOLS[row[c].status] for c in matrix.columns)))
    lines += ["", "## Deviations", "", "| where | cases | TF | reason |", "|---|---|---|---|"]
    for row in DEVIATIONS:
        cases = ", ".join("`%s`" % c for c in row.cases)
        lines.append("| %s | %s | %s | %s |" % (", ".join(row.where), cases, row.tf or "all", row.reason.replace("|", "\\|")))
    return "\n".join(lines) + "\n"
