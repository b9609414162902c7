"""The `scopecompat` command, as installed (console script) and as `python -m scopecompat`."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, is_tf_session_info_log, run_python

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


def test_no_subcommand_prints_help_and_fails():
    result = run()
    assert result.returncode == 2 and "usage: scopecompat" in result.stdout, result.stdout


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
    noise, in_cpp_log = [], False
    for line in result.stderr.splitlines():
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
