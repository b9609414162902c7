"""The legacy-name table (scopecompat/_legacy_names.py): every row resolves, warns once, computes what
the modern name computes; not-provided names say what to use; the docs page is generated from it."""

import json
import os
import warnings

import numpy as np
import pytest
import tensorflow

import scopecompat as tf
from scopecompat import _legacy_names, _namespaces
from conftest import REPO, run_python


def lookup(path):
    value = tf
    for part in path.split("."):
        value = getattr(value, part)
    return value


@pytest.fixture(scope="session")
def first_uses():
    """In a fresh interpreter, use every old name twice; report the warnings each use raised."""
    result = run_python("""
        import json, warnings
        import scopecompat
        from scopecompat import _legacy_names
        report = {}
        for row in _legacy_names.RENAMED:
            uses = []
            for _ in range(2):
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    value = scopecompat
                    for part in row.old.split("."):
                        value = getattr(value, part)
                uses.append([[w.category.__name__, str(w.message), w.filename]
                             for w in caught if issubclass(w.category, scopecompat.LegacyNameWarning)])
            report[row.old] = uses
        print(json.dumps(report))
    """)
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")  # warnings: the next test
@pytest.mark.parametrize("row", _legacy_names.RENAMED, ids=lambda row: row.old)
def test_each_old_name_resolves_to_its_target(row):
    assert lookup(row.old) is _namespaces.resolve_target(row.new), "tf.%s does not resolve to %s" % (row.old, row.new)


@pytest.mark.parametrize("row", _legacy_names.RENAMED, ids=lambda row: row.old)
def test_each_old_name_warns_once_naming_the_modern_spelling(row, first_uses):
    first, second = first_uses[row.old]
    assert len(first) == 1, "first use of tf.%s should warn once, got %s" % (row.old, first)
    category, message, filename = first[0]
    assert category == "LegacyNameWarning", "tf.%s warned with %s" % (row.old, category)
    assert "tf." + row.modern in message and row.removed_in in message, "warning should name tf.%s: %s" % (row.modern, message)
    assert filename == "<string>", "the warning should point at the user's line, not at %s" % filename
    assert second == [], "second use of tf.%s should not warn again, got %s" % (row.old, second)


@pytest.mark.parametrize("name", _legacy_names.STILL_IN_COMPAT_V1)
def test_names_still_in_compat_v1_are_re_exported_by_identity(name):
    # (tensorflow's own tf.compat.v1: scopecompat's tf.compat.v1 is scopecompat itself)
    assert getattr(tf, name) is getattr(tensorflow.compat.v1, name), "tf.%s should be tf.compat.v1's own object" % name


# Old spelling -> (the same computation in modern spelling), evaluated in one session.
VALUE_CASES = {
    "mul": lambda t, a, b: (t.mul(a, b), t.multiply(a, b)),
    "sub": lambda t, a, b: (t.sub(a, b), t.subtract(a, b)),
    "neg": lambda t, a, b: (t.neg(a), t.negative(a)),
    "inv": lambda t, a, b: (t.inv(a), t.reciprocal(a)),
    "select": lambda t, a, b: (t.select(a > b, a, b), t.where(a > b, a, b)),
    "pack": lambda t, a, b: (t.pack([a, b]), t.stack([a, b])),
    "unpack": lambda t, a, b: (t.unpack(t.stack([a, b]))[1], b),
    "concat_v2": lambda t, a, b: (t.concat_v2([a, b], 0), t.concat([a, b], 0)),
    "batch_matmul": lambda t, a, b: (
        t.batch_matmul(t.reshape(a, [1, 2, 2]), t.reshape(b, [1, 2, 2]), adj_x=True),
        t.matmul(t.reshape(a, [1, 2, 2]), t.reshape(b, [1, 2, 2]), adjoint_a=True)),
    "batch_matrix_inverse": lambda t, a, b: (
        t.batch_matrix_inverse(t.reshape(a, [2, 2])), t.matrix_inverse(t.reshape(a, [2, 2]))),
}


@pytest.mark.parametrize("old", sorted(VALUE_CASES))
def test_values_through_old_names_equal_the_modern_ones(old, graph):
    a = tf.constant([1.0, 2.0, 3.0, 5.0])
    b = tf.constant([4.0, 1.0, 2.0, 8.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        old_tensor, modern_tensor = VALUE_CASES[old](tf, a, b)
    with tf.Session() as sess:
        old_value, modern_value = sess.run([old_tensor, modern_tensor])
    np.testing.assert_allclose(old_value, modern_value, err_msg="tf.%s differs from its modern spelling" % old)


def test_old_summary_functions_write_the_same_summaries_as_tf_summary(graph):
    x = tf.constant(2.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        old = tf.scalar_summary("loss", x)
        merged = tf.merge_all_summaries()
    modern = tf.summary.scalar("loss", x)
    with tf.Session() as sess:
        old_proto, modern_proto = (tf.Summary.FromString(b) for b in sess.run([old, modern]))
    assert old_proto.value[0].simple_value == modern_proto.value[0].simple_value == 2.5, "scalar values differ"
    assert old_proto.value[0].tag == "loss", "the old call keeps its tag: %s" % old_proto.value[0].tag
    assert merged is not None, "merge_all_summaries found no summaries"


def test_a_tensor_of_tags_is_refused_with_the_fix():
    with pytest.raises(TypeError, match="one string tag"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", tf.LegacyNameWarning)
            tf.scalar_summary(["a", "b"], [1.0, 2.0])


@pytest.mark.parametrize("row", _legacy_names.NOT_PROVIDED, ids=lambda row: row.old)
def test_names_not_provided_raise_naming_the_replacement(row):
    with pytest.raises(AttributeError) as raised:
        lookup(row.old)
    assert row.replacement in str(raised.value), "error for tf.%s lacks the replacement: %s" % (row.old, raised.value)
    assert "not provided by scopecompat" in str(raised.value), "error should say scopecompat lacks it"


def test_an_unknown_contrib_name_says_contrib_is_gone():
    with pytest.raises(AttributeError, match="tf.contrib was removed in TF 2.0"):
        tf.contrib.no_such_module


def test_contrib_modules_import_every_way():
    import importlib

    from scopecompat.contrib import layers, rnn

    assert importlib.import_module("scopecompat.contrib.rnn") is rnn is tf.contrib.rnn, "contrib.rnn differs by import path"
    assert layers is tf.contrib.layers, "from scopecompat.contrib import layers differs"
    # an ImportError, not a ModuleNotFoundError, which `from scopecompat.contrib import slim` would swallow
    with pytest.raises(ImportError, match="tf-slim"):
        importlib.import_module("scopecompat.contrib.slim")


def test_the_docs_page_is_generated_from_the_table():
    with open(os.path.join(REPO, "docs", "legacy-names.md"), encoding="utf-8") as page:
        assert page.read() == _legacy_names.markdown(), (
            "docs/legacy-names.md is stale: scopecompat legacy-names --markdown > docs/legacy-names.md")
