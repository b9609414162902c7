"""docs/op-counts.md is the op_counts families rendered (docs/op_counts.py): TF 1.15.5's golden beside this TF."""

import importlib.util
import os
import re

import pytest

import scopecompat as tf

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGE = os.path.join(REPO, "docs", "op-counts.md")


def renderer():
    spec = importlib.util.spec_from_file_location("op_counts", os.path.join(REPO, "docs", "op_counts.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_page_is_the_families_rendered_on_this_tf():
    with open(PAGE, encoding="utf-8") as page:
        committed = page.read()
    rendered_on = re.search(r"live run through scopecompat on TF ([\w.]+)\.", committed).group(1)
    if rendered_on != tf.__version__:
        pytest.skip("docs/op-counts.md was rendered on TF %s, this is %s" % (rendered_on, tf.__version__))
    assert renderer().render() == committed, (
        "docs/op-counts.md is not what `python docs/op_counts.py > docs/op-counts.md` renders now: rerun it")


def op_counts_cases():
    from scopecompat._conformance import load_goldens, observe

    golden = load_goldens()["1.15.5"]["cases"]
    return [(case, golden[case["id"]]) for case in observe.load_cases() if case["family"] == "op_counts"]


def test_every_op_a_rebuilt_block_builds_otherwise_than_tf_1_15_is_built_by_tf_code_inside_it():
    from scopecompat._conformance import observe

    page = renderer()
    used = set()
    for case, golden in op_counts_cases():
        inside, unexplained = page.tf_code_inside(golden, observe.observe(case, tf))
        assert not unexplained, (
            "%s: scopecompat's own code builds ops TF 1.15.5 did not build in that place (or misses some): %s"
            % (case["id"], unexplained[:10]))
        used.update(inside)
    unused = [what for what, pattern in page.TF_CODE_INSIDE if what not in used]
    assert not unused, "rows of TF_CODE_INSIDE that no op_counts case needs any more (remove them): %s" % unused
