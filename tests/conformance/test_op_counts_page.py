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
