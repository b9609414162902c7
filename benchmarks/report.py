"""Statistics over the samples, and the table of ratios as text and as Markdown.

Every number in the table is computed here from the samples in the JSON that benchmarks/run.py
writes, each time the table is rendered: `run.py --markdown` renders a saved run again without
measuring anything, and the JSON's own "table" is a copy for readers of the JSON.
"""

import math
import re
import statistics


# --- statistics --------------------------------------------------------------------------------------

def summary(values):
    """Median, quartiles, extremes and count of a list of numbers."""
    values = sorted(values)
    if len(values) >= 2:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    else:
        q1 = q3 = values[0]
    return {"median": statistics.median(values), "q1": q1, "q3": q3,
            "min": values[0], "max": values[-1], "n": len(values)}


def median_confidence_interval(values, z=1.96):
    """A 95% confidence interval of the median, distribution-free: the order statistics n/2 -+ z*sqrt(n)/2
    (the median's rank is binomial). How far the median itself could move, where the IQR shows the spread
    of single samples."""
    values = sorted(values)
    n = len(values)
    low = max(0, math.floor(n / 2.0 - z * math.sqrt(n) / 2.0) - 1)
    high = min(n - 1, math.ceil(n / 2.0 + z * math.sqrt(n) / 2.0) - 1)
    return values[low], values[high]


def paired_ratios(ours, raw):
    """scopecompat / raw for each pair of samples measured next to each other."""
    return [a / b for a, b in zip(ours, raw)]


def growth_exponent(points):
    """k in cost = c * N**k, least squares on log-log over (N, cost) points; None with fewer than two N."""
    if len({n for n, _ in points}) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(cost) for _, cost in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    return (sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
            / sum((x - mean_x) ** 2 for x in xs))


# --- rows --------------------------------------------------------------------------------------------

def comparison_row(measure, unit, scale, raw, ours, target=None, extra_calls=None):
    """One table row comparing paired samples (seconds or bytes), with the ratio scopecompat / raw."""
    ratios = paired_ratios(ours, raw)
    ratio = summary(ratios)
    ratio["ci95"] = median_confidence_interval(ratios)
    row = {"measure": measure, "unit": unit, "scale": scale, "n": len(raw),
           "raw": summary(raw), "scopecompat": summary(ours), "ratio": ratio,
           "extra_calls": extra_calls, "target": target,
           "holds": ratio["median"] <= target if isinstance(target, (int, float)) else None}
    return row


def value_row(measure, unit, scale, raw=None, ours=None, note=None, target=None, holds=None, ci95=None):
    """A row that is not a paired comparison: a wall time of one command, or a fitted exponent (with the
    95% confidence interval of scopecompat's value, where there is one)."""
    return {"measure": measure, "unit": unit, "scale": scale, "n": None,
            "raw": raw, "scopecompat": ours, "ratio": None, "extra_calls": None,
            "target": target, "holds": holds, "note": note, "ci95": ci95}


def import_rows(section):
    pairs = section["pairs"]
    # CPU time: each pair's two imports share one core (run.py), so each one's wall time is both's.
    rows = [comparison_row(
        "import (fresh interpreter)", "s", 1, [pair["raw"]["cpu"] for pair in pairs],
        [pair["scopecompat"]["cpu"] for pair in pairs], target=1.05)]
    own = [pair["raw"]["scopecompat_on_top"]["cpu"] for pair in pairs]
    raw_median = rows[0]["raw"]["median"]
    rows.append(value_row(
        "scopecompat's own import work (TF already set up)", "ms", 1e3, ours=summary(own),
        note="%.2f%% of the raw import" % (100 * summary(own)["median"] / raw_median)))
    return rows


# Issue 29's start-up target: a tf.layers program through `scopecompat run` starts in at most this
# fraction of the CPU time of the same graph written in raw tf.compat.v1 (scopecompat's import leaves
# Keras 3 unloaded; TF's own import loads it).
STARTUP_TARGET = 0.80
# The mark of the rows whose raw column is real TF 1.x running the same program file by `python`.
TF1_MARK = "[TF %s]"


def programs_rows(section):
    """Per comparison of whole programs (run.py's measure_programs): start-up, from process start to the
    program's end (CPU time, judged; wall time, shown), and for training programs CPU time from process
    start to the first step's end and per step (median over the steps timed)."""
    rows = []
    for comparison in section["comparisons"]:
        pairs = comparison["pairs"]

        def samples(*keys):
            def value(run):
                for key in keys:
                    run = run[key]
                return run
            return [value(pair["baseline"]) for pair in pairs], [value(pair["scopecompat"]) for pair in pairs]

        if comparison["baseline"] == "tf1":
            prefix = "%s %s" % (TF1_MARK % section["tf1"]["version"], comparison["title"])
        else:
            prefix = "%s via `scopecompat run` / its graph in raw tf.compat.v1" % comparison["title"]
        if comparison["kind"] == "startup":
            target = STARTUP_TARGET if comparison["baseline"] == "raw" else None
            rows.append(comparison_row(prefix + ": start-up, CPU time", "s", 1, *samples("end", "cpu"), target=target))
            rows.append(comparison_row(prefix + ": start-up, wall time (pair sharing a core)", "s", 1,
                                       *samples("end", "wall")))
        else:
            rows.append(comparison_row(prefix + ": CPU time to the first step", "s", 1, *samples("first_step", "cpu")))
            rows.append(comparison_row(prefix + ": CPU time per step", "ms", 1e3, *samples("step", "cpu")))
    return rows


def calls_rows(section):
    rows = []
    for operation, measure in (("get_variable", "get_variable, AUTO_REUSE (per call)"),
                               ("variable_scope", "variable_scope enter+exit (per call)")):
        samples = section[operation]["per_call"]
        # CPU time: the two processes share one core and run each block at the same time (run.py).
        rows.append(comparison_row(
            measure, "µs", 1e6, samples["raw"]["cpu"], samples["scopecompat"]["cpu"], target=1.01,
            extra_calls=section[operation]["extra_calls"]["per_operation"]))
    return rows


def scale_points(section, backend, key):
    return [(run["variables"], run[key]) for size in section["sizes"] for pair in size["pairs"]
            for run in [pair[backend]]]


def reference_cost(build, reference):
    """The median CPU time per variable of the `reference`-variable builds that ran beside one growth build."""
    return statistics.median(run["cpu"] for run in build["references"]) / reference


def growth_points(section):
    """(N, r) for each build of section["growth"]: its CPU time per variable divided by the median of the
    reference builds that ran beside it (run.py's measure_growth); r is 1 at the reference size by
    construction, and stays 1 at every N where the growth is linear."""
    growth = section["growth"]
    points = []
    for size in growth["sizes"]:
        for build in size["builds"]:
            points.append((size["variables"], build["build"]["cpu"] / size["variables"]
                           / reference_cost(build, growth["reference"])))
    return points


def raw_growth_points(section, points):
    """raw's (N, r), from scopecompat's and the pairs' ratios, each measured side by side: raw's cost per
    variable at N over that at the reference size is scopecompat's times ratio(reference) / ratio(N),
    ratio = scopecompat / raw (medians of the pairs). None where the pairs lack one of the two sizes."""
    ratios = {size["variables"]: statistics.median(pair["scopecompat"]["cpu"] / pair["raw"]["cpu"]
                                                   for pair in size["pairs"]) for size in section["sizes"]}
    reference = section["growth"]["reference"]
    if reference not in ratios or any(n not in ratios for n, _ in points):
        return None
    return [(n, r * ratios[reference] / ratios[n]) for n, r in points]


def relative_growth_exponent(points, reference):
    """k in cost = c * N**k from (N, r) points, r the cost per variable relative to that at `reference`
    variables: log r = (k - 1) log(N / reference), least squares through the origin; None without points."""
    xs = [math.log(n / reference) for n, _ in points]
    if not xs or not any(xs):
        return None
    return 1 + sum(x * math.log(r) for x, (_, r) in zip(xs, points)) / sum(x * x for x in xs)


# Student's t, 97.5% quantile, for 1 to 30 degrees of freedom (beyond: the normal's 1.96).
T_975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
         2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


def relative_growth_exponent_interval(points, reference):
    """The 95% confidence interval of relative_growth_exponent: k -+ t * its standard error, the slope's
    of a regression through the origin with n - 1 degrees of freedom (the scatter of the builds' log r
    about the fitted line); None with fewer than two builds."""
    k = relative_growth_exponent(points, reference)
    if k is None or len(points) < 2:
        return None
    xs = [math.log(n / reference) for n, _ in points]
    residuals = [math.log(r) - (k - 1) * x for x, (_, r) in zip(xs, points)]
    degrees = len(points) - 1
    error = math.sqrt(sum(e * e for e in residuals) / degrees / sum(x * x for x in xs))
    t = T_975[degrees - 1] if degrees <= len(T_975) else 1.96
    return k - t * error, k + t * error


def scale_rows(section, build_extra_calls=None):
    rows = []
    for size in section["sizes"]:
        n = size["variables"]
        per_variable = {key: {backend: [pair[backend][key] / n for pair in size["pairs"]]
                              for backend in ("raw", "scopecompat")}
                        for key in ("wall", "cpu", "peak_rss_delta")}
        # CPU time: the two builds of a pair share one core (run.py), so each one's wall time is both's.
        rows.append(comparison_row(
            "build %s variables: CPU time per variable" % format_count(n), "ms", 1e3,
            per_variable["cpu"]["raw"], per_variable["cpu"]["scopecompat"],
            target=BUILD_RATIO_AS_MEASURED if n >= BUILD_RATIO_AS_MEASURED_FROM else 1.02,
            extra_calls=build_extra_calls))
        rows.append(comparison_row(
            "build %s variables: peak RSS per variable" % format_count(n), "KB", 1 / 1024.0,
            per_variable["peak_rss_delta"]["raw"], per_variable["peak_rss_delta"]["scopecompat"],
            target=1.02))
    if section.get("growth"):
        # The target is scopecompat's: raw TF's store grows as N^2 (issue 20), scopecompat's indexed store not.
        reference = section["growth"]["reference"]
        ours = growth_points(section)
        raw = raw_growth_points(section, ours)
        for n in sorted({n for n, _ in ours}):
            rows.append(value_row(
                "build %s variables: CPU time per variable / that of %s-variable builds beside it" % (
                    format_count(n), format_count(reference)), "", 1,
                raw=summary([r for m, r in raw if m == n]) if raw else None,
                ours=summary([r for m, r in ours if m == n]),
                note="raw's = scopecompat's x pair ratio at %s / at %s" % (format_count(reference), format_count(n))))
        exponents = {"raw": relative_growth_exponent(raw or [], reference),
                     "scopecompat": relative_growth_exponent(ours, reference)}
        if exponents["scopecompat"] is not None:
            rows.append(value_row(
                "build CPU time grows as N^k: k", "", 1,
                raw={"median": exponents["raw"]} if exponents["raw"] is not None else None,
                ours={"median": exponents["scopecompat"]}, target="k <= %.2f" % LINEAR_EXPONENT_LIMIT,
                holds=exponents["scopecompat"] <= LINEAR_EXPONENT_LIMIT,
                ci95=relative_growth_exponent_interval(ours, reference)))
    # Peak RSS does not drift with the core's speed: fitted over the pairs' builds, one after the other.
    exponents = {backend: growth_exponent(scale_points(section, backend, "peak_rss_delta"))
                 for backend in ("raw", "scopecompat")}
    if None not in exponents.values():
        rows.append(value_row(
            "build peak RSS grows as N^k: k", "", 1,
            raw={"median": exponents["raw"]}, ours={"median": exponents["scopecompat"]},
            target="k <= %.2f" % LINEAR_EXPONENT_LIMIT, holds=exponents["scopecompat"] <= LINEAR_EXPONENT_LIMIT))
    return rows


# A fitted exponent up to this counts as linear growth: from 1k to 100k variables it lets the cost per
# variable grow by at most 100**0.03 = 15% (a bigger graph's dicts and C++ structures outgrow the caches).
LINEAR_EXPONENT_LIMIT = 1.03
# From this many variables, scopecompat's build is faster than raw's: TF's scope store loops over every scope
# opened so far at each scope exit, and scopecompat's indexed store (scopecompat/_facade/scope_store.py) walks
# only the scopes open below it. Issue 20 asked for 1.5x at 100k; issue 29 restated it: the ratio stands as
# measured (0.685, 95% CI 0.677-0.693, in the full run of 2026-12-02; why not 0.67: benchmarks/README.md),
# and every full run reports it with its CI, judged by no fixed number. The growth exponent stays judged.
BUILD_RATIO_AS_MEASURED_FROM = 100_000
BUILD_RATIO_AS_MEASURED = "as measured, with CI (issue 29)"


def conformance_rows(section):
    rows = []
    for workers in section["workers"]:
        runs = [run for run in section["runs"] if run["workers"] == workers]
        rows.append(value_row(
            "conformance matrix, pytest -n %s%s" % (workers, " --collect-only" if section["collect_only"] else ""),
            "s", 1, ours=summary([run["wall"] for run in runs]),
            note=runs[-1]["summary"], holds=all(run["returncode"] == 0 for run in runs)))
    return rows


def table_rows(results):
    sections = results["sections"]
    rows = []
    if "import" in sections:
        rows += import_rows(sections["import"])
    if "programs" in sections:
        rows += programs_rows(sections["programs"])
    if "calls" in sections:
        rows += calls_rows(sections["calls"])
    if "scale" in sections:
        build = sections.get("calls", {}).get("build", {}).get("extra_calls", {}).get("per_operation")
        rows += scale_rows(sections["scale"], build)
    if "conformance" in sections:
        rows += conformance_rows(sections["conformance"])
    return rows


def notes(results):
    """The facts the table's numbers rest on, in words."""
    sections = results["sections"]
    lines = []
    if "import" in sections:
        facts = sections["import"]["modules"]
        lines.append("`import scopecompat` imports %d modules beyond the raw import: %s." % (
            len(facts["extra_modules"]), ", ".join(facts["extra_modules"]) or "none"))
        heavy = facts["heavy_after_import"]
        lines.append("Heavy packages `import scopecompat` loads beyond the raw import: %s. Both load: %s "
                     "(TensorFlow's own import of Keras loads them where they are installed)." % (
                         ", ".join(sorted(set(heavy["scopecompat"]) - set(heavy["raw"]))) or "none",
                         ", ".join(sorted(set(heavy["scopecompat"]) & set(heavy["raw"]))) or "none"))
        for path, use in facts["first_use"].items():  # in the order they were touched
            lines.append("Then the first use of `scopecompat.%s` imports %s (%d module%s, %.2f s) and resolves to `%s`." % (
                path, ", ".join(use["packages"]) or "nothing new", use["modules"], "" if use["modules"] == 1 else "s",
                use["wall"], use["resolves_to"]))
    if "programs" in sections:
        programs = sections["programs"]
        if programs["tf1"]["skipped"]:
            lines.append("Programs: %s." % programs["tf1"]["skipped"])
        for comparison in programs["comparisons"]:
            if comparison["kind"] == "training":
                step = statistics.median(paired_ratios([pair["baseline"]["step"]["cpu"] for pair in comparison["pairs"]],
                                                       [pair["scopecompat"]["step"]["cpu"] for pair in comparison["pairs"]]))
                lines.append("%s: a training step takes %.2fx the CPU time on TF %s that it takes through scopecompat "
                             "on TF %s (%d steps timed per run, one thread for TF's ops)." % (
                                 comparison["title"], step, programs["tf1"]["version"],
                                 results["machine"]["tensorflow"], comparison["pairs"][0]["scopecompat"]["steps_timed"]))
    if "calls" in sections:
        identical = sections["calls"]["identical"]
        lines.append("Identical objects (`scopecompat.X is tensorflow.compat.v1.X`): %s." % ", ".join(
            "%s %s" % (name, "yes" if same else "NO") for name, same in sorted(identical.items())))
        lookup = sections["calls"].get("attribute_lookup")
        if lookup:
            lines.append("The attribute lookup `tf.get_variable` itself: raw %.0f ns, scopecompat %.0f ns (CPython does "
                         "not specialize lookups on a module that defines `__getattr__`, which scopecompat's lazy "
                         "names need; TF's own module type has a C fast path)." % (
                             1e9 * lookup["raw"], 1e9 * lookup["scopecompat"]))
        for operation in ("get_variable", "variable_scope", "build"):
            extra = sections["calls"][operation]["extra_calls"]
            lines.append("cProfile call counts, %s: raw makes %.1f Python calls per %s; scopecompat makes %+g more%s." % (
                operation, extra["raw_calls_per_operation"],
                "variable" if operation == "build" else "call", extra["per_operation"],
                (" (" + ", ".join("%s %+g" % (short_function(function), delta)
                                  for function, delta in extra["differing_functions"].items()) + ")")
                if extra["differing_functions"] else ""))
    if "scale" in sections:
        for size in sections["scale"]["sizes"][-1:]:
            for backend in ("raw", "scopecompat"):
                marginal = [marginal_cost_ratio(pair[backend]["checkpoints"]) for pair in size["pairs"]]
                lines.append("Within the %s-variable build (%s): CPU time per variable in the last tenth / the "
                             "first tenth = %s." % (format_count(size["variables"]), backend,
                                                    ", ".join("%.2f" % value for value in marginal)))
        growth = sections["scale"].get("growth")
        for size in growth["sizes"] if growth else ():
            lines.append("Beside each %s-variable scopecompat build, %s builds of %s variables ended while it ran (CPU time "
                         "per variable: the build's %s ms; the references' medians %s ms)." % (
                             format_count(size["variables"]), ", ".join(str(len(b["references"])) for b in size["builds"]),
                             format_count(growth["reference"]),
                             ", ".join("%.2f" % (1e3 * b["build"]["cpu"] / size["variables"]) for b in size["builds"]),
                             ", ".join("%.2f" % (1e3 * reference_cost(b, growth["reference"])) for b in size["builds"])))
    return lines


def short_function(key):
    """cProfile's "path:line(function)" from where the package lives: tensorflow/..., scopecompat/..."""
    key = re.sub(r"^.*/(?:site|dist)-packages/", "", key)
    return re.sub(r"^.*/(?=scopecompat/)", "", key)


def marginal_cost_ratio(checkpoints):
    """CPU time per variable over the last tenth of a build divided by that over the first tenth."""
    first = checkpoints[0]["cpu"] / checkpoints[0]["variables"]
    last = ((checkpoints[-1]["cpu"] - checkpoints[-2]["cpu"])
            / (checkpoints[-1]["variables"] - checkpoints[-2]["variables"]))
    return last / first


# --- rendering ---------------------------------------------------------------------------------------

COLUMNS = ("measure", "n", "raw tf.compat.v1", "scopecompat", "ratio", "95% CI", "extra calls",
           "target", "holds")


def format_count(n):
    return "%dk" % (n // 1000) if n >= 1000 and n % 1000 == 0 else str(n)


def format_value(value, scale, unit, with_unit=True):
    scaled = value * scale
    if not unit:  # exponents and relative costs, judged against targets such as 1.03: three decimals
        return "%.3f" % scaled
    digits = 0 if abs(scaled) >= 100 else 1 if abs(scaled) >= 10 else 2 if abs(scaled) >= 1 else 3
    return "%.*f %s" % (digits, scaled, unit) if with_unit else "%.*f" % (digits, scaled)


def format_summary(stats, scale, unit):
    """`median [q1–q3]`, or just the median when there is no spread to show."""
    if stats is None:
        return "—"
    text = format_value(stats["median"], scale, unit)
    if stats.get("n", 1) > 1:
        text += " [%s–%s]" % (format_value(stats["q1"], scale, unit, with_unit=False),
                              format_value(stats["q3"], scale, unit, with_unit=False))
    return text


def format_ratio(stats):
    if stats is None:
        return "—"
    text = "%.3f" % stats["median"]
    if stats["n"] > 1:
        text += " [%.3f–%.3f]" % (stats["q1"], stats["q3"])
    return text


def cells(row):
    holds = {True: "yes", False: "NO", None: ""}[row["holds"]]
    ours = format_summary(row["scopecompat"], row["scale"], row["unit"])
    if row.get("note"):
        ours += " (%s)" % row["note"]
    return (
        row["measure"], "" if row["n"] is None else str(row["n"]),
        format_summary(row["raw"], row["scale"], row["unit"]), ours,
        format_ratio(row["ratio"]),
        "%.3f–%.3f" % tuple(row["ci95"]) if row.get("ci95")
        else "—" if row["ratio"] is None or row["n"] < 2 else "%.3f–%.3f" % tuple(row["ratio"]["ci95"]),
        "—" if row["extra_calls"] is None else "%+g" % row["extra_calls"],
        "—" if row["target"] is None else (row["target"] if isinstance(row["target"], str) else "<= %.2f" % row["target"]),
        holds,
    )


def machine_line(results):
    machine = results["machine"]
    return ("%s, %d cores; Python %s; TensorFlow %s, tf-keras %s; scopecompat at %s; `%s` run of %s, took %s; "
            "load average %.1f at start, %.1f at end." % (
                machine["cpu"], machine["cores"], machine["python"], machine["tensorflow"], machine["tf_keras"],
                machine["commit"], results["mode"], results["started"], format_duration(results["duration"]),
                machine["load_start"], machine["load_end"]))


def format_duration(seconds):
    minutes, seconds = divmod(int(round(seconds)), 60)
    return "%d min %02d s" % (minutes, seconds) if minutes else "%d s" % seconds


LEGEND = ("Medians with interquartile range [q1–q3] over n samples; ratio = scopecompat / raw, the median of "
          "the per-pair ratios, with the 95% confidence interval of that median (on the row of k: of k, fitted). "
          "Times are process CPU time, the two backends' processes of a pair running at the same time on one core "
          "(so that the core's changes of speed fall on both). Rows marked " + TF1_MARK % "1.15.5" + " have in "
          "the raw column real TF 1.15.5 (Python 3.7) running the same program file by `python`, and in the "
          "scopecompat column `scopecompat run` of it; programs (benchmarks/programs/) time themselves from process "
          "start to their end (start-up) or to their first step's end, and each training step after a warm-up, "
          "with one thread for TF's ops. Extra calls = Python function calls "
          "scopecompat makes beyond raw per operation (cProfile call counts, exact).")


def text_table(results):
    rows = [COLUMNS] + [cells(row) for row in table_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join([machine_line(results), ""] + lines + ["", LEGEND] + ["- " + note for note in notes(results)])


def markdown(results, with_notes=True):
    """The table of a saved run; with its notes (module lists, call counts, ...: benchmarks/README.md) or
    without them (the README's short form)."""
    def escape(cell):
        return cell.replace("|", "\\|")

    lines = [machine_line(results), "",
             "| " + " | ".join(COLUMNS) + " |",
             "|" + "|".join("---" if i == 0 else "--:" for i in range(len(COLUMNS))) + "|"]
    lines += ["| " + " | ".join(escape(cell) for cell in cells(row)) + " |" for row in table_rows(results)]
    lines += ["", LEGEND]
    if with_notes:
        lines += [""] + ["- " + note for note in notes(results)]
    return "\n".join(lines) + "\n"
