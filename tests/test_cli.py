"""The `scopecompat` command, as installed (console script) and as `python -m scopecompat`."""

import os
import shutil
import subprocess
import sys

import pytest

from scopecompat import _legacy_names


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


def test_no_subcommand_prints_help_and_fails():
    result = run()
    assert result.returncode == 2 and "usage: scopecompat" in result.stdout, result.stdout


def test_legacy_names_markdown_is_the_docs_page():
    result = run("legacy-names", "--markdown")
    assert result.stdout == _legacy_names.markdown(), "legacy-names --markdown output differs from the table"


def test_the_console_script_is_installed():
    script = shutil.which("scopecompat", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.skip("scopecompat is not pip-installed in this interpreter's environment")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.startswith("scopecompat 0."), result.stdout + result.stderr
