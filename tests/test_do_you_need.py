"""docs/do-you-need-scopecompat.md is docs/do_you_need.py's output: its form, its rows (one per program the
script lists, in its order), and, on the TensorFlow it was measured on, one row measured again: the bundled
tutorial's, through tf_upgrade_v2 and through `scopecompat run` (about 15 s of CPU; the whole page takes
minutes). On another TF (the other tox envs) the page says nothing about the installed TF: that part skips."""

import importlib.util
import os
import subprocess
import sys

import pytest

from conftest import REPO

PAGE = os.path.join(REPO, "docs", "do-you-need-scopecompat.md")
SCRIPT = os.path.join(REPO, "docs", "do_you_need.py")
REGENERATE = "python docs/do_you_need.py --markdown > docs/do-you-need-scopecompat.md"


def load_script():
    spec = importlib.util.spec_from_file_location("do_you_need", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def test_the_page_is_the_scripts_rendering_of_its_table():
    script = load_script()
    text = read(PAGE)
    assert script.page(*script.read_page(text)) == text, (
        "docs/do-you-need-scopecompat.md is not what docs/do_you_need.py renders from its table; run: " + REGENERATE)


def test_the_page_has_one_row_per_program_the_script_lists():
    script = load_script()
    results, _ = script.read_page(read(PAGE))
    assert list(results) == [program.name for program in script.PROGRAMS], (
        "the page's rows are not the script's programs (regenerate: %s): %s" % (REGENERATE, list(results)))


def test_the_tutorials_row_measured_again_is_the_pages_row():
    script = load_script()
    _, measured = script.read_page(read(PAGE))
    here = script.setup_here(measured["date"])
    if here["tensorflow"] != measured["tensorflow"]:
        pytest.skip("the page was measured on TensorFlow %s, not %s" % (measured["tensorflow"], here["tensorflow"]))
    assert here == measured, "the page was measured with other versions than installed (%s): regenerate: %s" % (
        here, REGENERATE)
    result = subprocess.run([sys.executable, SCRIPT, "--only", "scope_tutorial"], capture_output=True, text=True,
                            cwd=REPO, timeout=600)
    assert result.returncode == 0, "docs/do_you_need.py --only scope_tutorial failed:\n%s" % result.stderr[-3000:]
    row = result.stdout.strip()
    page_rows = [line for line in read(PAGE).splitlines() if line.startswith("| `scope_tutorial` |")]
    assert page_rows == [row], "the tutorial's row measured now differs from the page's:\nnow:  %s\npage: %s" % (
        row, page_rows)
