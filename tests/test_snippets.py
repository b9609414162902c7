"""Snippets in tests/snippets/ run through scopecompat print exactly what real TF 1.x printed
(goldens recorded by tests/snippets/record_goldens.py)."""

import glob
import os
import sys

import pytest

from snippets.record_goldens import HERE, run_snippet

GOLDENS = sorted(glob.glob(os.path.join(HERE, "golden", "*.txt")))


@pytest.mark.parametrize("golden", GOLDENS, ids=os.path.basename)
def test_snippet_output_through_scopecompat_equals_real_tf1(golden):
    snippet = os.path.join(HERE, os.path.basename(golden).split(".tf-")[0] + ".py")
    with open(golden) as f:
        expected = f.read()
    assert run_snippet(sys.executable, snippet, backend="scopecompat") == expected, "output differs from %s" % golden


def test_there_are_goldens():
    assert GOLDENS, "no goldens recorded in tests/snippets/golden"
