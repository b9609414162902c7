"""docs/do-you-need-scopecompat.md is docs/do_you_need.py's output: its form, its rows (one per program the
script lists, in its order), and one row measured again, the cheapest to run: the bundled tutorial through
tf_upgrade_v2 and through `scopecompat run` (about 15 s of CPU; the whole page takes minutes)."""

import importlib.util
import os
import subprocess
import sys

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
    results, today = script.read_page(text)
    assert script.page(results, today) == text, (
        "docs/do-you-need-scopecompat.md is not what docs/do_you_need.py renders from its table; run: " + REGENERATE)


def test_the_page_has_one_row_per_program_the_script_lists():
    script = load_script()
    results, _ = script.read_page(read(PAGE))
    assert list(results) == [program.name for program in script.PROGRAMS], (
        "the page's rows are not the script's programs (regenerate: %s): %s" % (REGENERATE, list(results)))


def test_the_page_was_measured_on_the_installed_versions():
    script = load_script()
    results, today = script.read_page(read(PAGE))
    assert script.measured_line(today) in read(PAGE), (
        "the page was measured on other versions than installed (%s); regenerate: %s" % (script.versions(), REGENERATE))


def test_the_tutorials_row_measured_again_is_the_pages_row():
    result = subprocess.run([sys.executable, SCRIPT, "--only", "scope_tutorial"], capture_output=True, text=True,
                            cwd=REPO, timeout=600)
    assert result.returncode == 0, "docs/do_you_need.py --only scope_tutorial failed:\n%s" % result.stderr[-3000:]
    row = result.stdout.strip()
    page_rows = [line for line in read(PAGE).splitlines() if line.startswith("| `scope_tutorial` |")]
    assert page_rows == [row], "the tutorial's row measured now differs from the page's:\nnow:  %s\npage: %s" % (
        row, page_rows)
