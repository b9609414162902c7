"""The `scopecompat` command, as installed (console script) and as `python -m scopecompat`."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, is_tf_session_info_log, run_python

from scopecompat._conformance import load_cases as conformance_cases
from scopecompat._legacy import names as legacy_names


def run(*args):
    return subprocess.run([sys.executable, "-m", "scopecompat", *args], capture_output=True, text=True, timeout=300)


def test_version_names_the_package_and_tensorflow():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("scopecompat "), result.stdout + result.stderr
    assert "tensorflow 2." in result.stdout, "--version should name the TensorFlow version: %s" % result.stdout


def test_help_lists_the_subcommands():
    result = run("--help")
    assert result.returncode == 0, result.stderr
    assert "tutorial" in result.stdout and "legacy-names" in result.stdout, result.stdout


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["legacy-names"], ["legacy-names", "--markdown"]])
def test_help_version_and_legacy_names_answer_without_importing_tensorflow(args):
    """The command's module lies beside the package: these answers need neither TF nor scopecompat's set-up."""
    result = run_python("""
        import contextlib, io, sys
        import _scopecompat_cli
        with contextlib.redirect_stdout(io.StringIO()) as out:
            try:
                code = _scopecompat_cli.main(%r)
            except SystemExit as exit:
                code = exit.code
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "scopecompat", "tf_keras", "keras"))
        print(code, len(out.getvalue()) > 0, heavy)
    """ % (args,))
    assert result.stdout.split()[-3:] == ["0", "True", "[]"], (
        "scopecompat %s should answer (exit 0, some output) without importing TensorFlow or scopecompat: %s"
        % (" ".join(args), result.stdout[-500:]))


def test_no_subcommand_is_a_usage_error_with_the_help_on_stderr():
    result = run()
    assert result.returncode == 2, "no command should exit 2 (a usage error), not %d" % result.returncode
    assert result.stdout == "", "stdout is for results; the help goes to stderr: %r" % result.stdout
    assert "usage: scopecompat" in result.stderr and "legacy-names" in result.stderr, (
        "the help, with the commands, should be on stderr: %r" % result.stderr)


@pytest.mark.parametrize("args, usage", [
    (["legacy-names", "--bogus"], "usage: scopecompat legacy-names"),
    (["tutorial", "extra"], "usage: scopecompat tutorial"),
    (["--bogus"], "usage: scopecompat [-h]"),
])
def test_an_unknown_option_gets_the_usage_of_its_command(args, usage):
    result = run(*args)
    assert result.returncode == 2, "%s should be a usage error (exit 2)" % args
    assert usage in result.stderr and "unrecognized arguments: %s" % args[-1] in result.stderr, (
        "%s should print %r and name the argument: %r" % (args, usage, result.stderr))


@pytest.mark.parametrize("command", ["tutorial", "run", "legacy-names", "conformance", "inventory"])
def test_every_command_explains_itself_in_its_help(command):
    result = run(command, "--help")
    assert result.returncode == 0, result.stderr
    description = result.stdout.split("\n\n")[1]
    assert len(description.split()) >= 8 and not description.lstrip().startswith(("positional", "options")), (
        "`scopecompat %s --help` should say what the command does before listing its arguments: %r"
        % (command, result.stdout))


def test_legacy_names_markdown_is_the_docs_page():
    result = run("legacy-names", "--markdown")
    assert result.stdout == legacy_names.markdown(), "legacy-names --markdown output differs from the table"


def test_the_console_script_is_installed():
    script = shutil.which("scopecompat", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.skip("scopecompat is not pip-installed in this interpreter's environment")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.startswith("scopecompat 0."), result.stdout + result.stderr


def test_conformance_prints_the_table_and_writes_the_html_and_json_pages(tmp_path):
    page, saved = tmp_path / "matrix.html", tmp_path / "run.json"
    result = run("conformance", "--html", str(page), "--json", str(saved))
    assert result.returncode == 0, "conformance should pass on the installed TF:\n" + result.stdout + result.stderr
    assert "Conformance matrix on TensorFlow 2." in result.stdout and "No failures" in result.stdout, result.stdout
    progress = [line for line in result.stderr.splitlines() if line.startswith("scopecompat: ")]
    assert progress[0].startswith("scopecompat: running %d conformance cases" % len(conformance_cases())), (
        "conformance should say at once what it is doing: %r" % progress[:1])
    assert "scopecompat: wrote the HTML matrix to %s" % page in progress, "where the page went: %r" % progress
    assert "scopecompat: wrote this run's results to %s" % saved in progress, "where the JSON went: %r" % progress
    noise, in_cpp_log = [], False
    for line in result.stderr.splitlines():
        if line in progress:
            continue
        # a C++ log line's message may go on over indented lines ("\t [[{{node ...}}]]" after a failed assert)
        in_cpp_log = is_tf_session_info_log(line) or (in_cpp_log and line[:1].isspace())
        if not in_cpp_log:
            noise.append(line)
    assert noise == [], "TF's deprecation noise about the cases' old APIs is hidden: %r" % "\n".join(noise)[:500]
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<script" not in text and "http" not in text.split("<body>")[1], (
        "the HTML page is one self-contained file")
    assert "000-variable-scope-reuse-variables" in text and "a_variable_scope/var4_1:0" in text, (
        "the page lists each case with its observed names")
    listed = text.split("<h2>Deviations, with their reasons</h2>")[1].split("<h2>Cases</h2>")[0]
    assert "TF 2.x words the invalid scope name error differently" in listed, (
        "the page lists scopecompat's deviations together with their reasons, above the cases")
    assert "lacks the API of" in listed and "tf.compat.v1 has no tf.contrib" in listed, (
        "raw's missing APIs are listed apart from its deviations")
    data = json.loads(saved.read_text())
    assert set(data["results"]) == {"raw", "scopecompat"}, "the saved run has both backends"
    assert all(cell["status"] != "fail" for cell in data["results"]["scopecompat"].values()), "scopecompat fails no case"


def test_conformance_markdown_needs_saved_runs():
    result = run("conformance", "--markdown", "out.md")
    assert result.returncode != 0 and "--merge" in result.stderr, result.stderr


def test_conformance_page_is_generated_from_the_saved_tox_runs(tmp_path):
    saved = os.path.join(REPO, "docs", "conformance")
    out = tmp_path / "conformance.md"
    result = run("conformance", "--markdown", str(out), "--merge", saved)
    assert result.returncode == 0, result.stderr
    with open(os.path.join(REPO, "docs", "conformance.md"), encoding="utf-8") as f:
        committed = f.read()
    assert out.read_text(encoding="utf-8") == committed, (
        "docs/conformance.md is stale: run `tox -e conformance-page` (or the command at its top)")
