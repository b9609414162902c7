"""What the diagnostics tests share: where the statement under test is, and what a taught error is."""

import sys


def line_of_next_statement():
    """The line after the caller's current line (where the statement under test is)."""
    return sys._getframe(1).f_lineno + 1


def assert_taught(error, tf_first_line_start):
    """The error is a plain ValueError whose message starts with TF's message, and is caused by TF's error."""
    assert type(error) is ValueError, "the taught error should stay a ValueError, got %s" % type(error)
    original = error.__cause__
    assert type(original) is ValueError, "TF's own error should be the cause, got %r" % (original,)
    assert str(original).startswith(tf_first_line_start), "unexpected TF error: %s" % original
    assert str(error).startswith(str(original).rstrip("\n")), "the message should start with TF's, unchanged"
    assert "scopecompat: what happened" in str(error), "no hints were appended: %s" % error
