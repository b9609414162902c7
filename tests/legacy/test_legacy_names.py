"""The legacy-name table (scopecompat/_legacy/names.py): every row resolves, warns once, computes what
the modern name computes; not-provided names say what to use; the docs page is generated from it."""

import json
import os
import warnings

import numpy as np
import pytest
import tensorflow

import scopecompat as tf
from scopecompat import _conformance as conformance
from scopecompat._legacy import names as legacy_names
from scopecompat._facade import namespaces
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
        from scopecompat._legacy import names as legacy_names
        report = {}
        for row in legacy_names.RENAMED:
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
@pytest.mark.parametrize("row", legacy_names.RENAMED, ids=lambda row: row.old)
def test_each_old_name_resolves_to_its_target(row):
    assert lookup(row.old) is namespaces.resolve_target(row.target), "tf.%s does not resolve to %s" % (
        row.old, row.target)


@pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")
@pytest.mark.parametrize("row", legacy_names.RENAMED, ids=lambda row: row.old)
def test_each_rows_modern_spelling_is_another_name_that_resolves(row):
    """A warning never tells users to write the name they wrote: the modern spelling differs and exists (or
    there is none, said so, for a rebuilt piece tf.compat.v1 has no equivalent of)."""
    assert row.kind in (legacy_names.RENAME, legacy_names.ADAPTER, legacy_names.REBUILT), "unknown kind %r" % row.kind
    if row.modern is None:
        assert row.kind == legacy_names.REBUILT, "only a rebuilt piece may lack a modern spelling: tf.%s" % row.old
        return
    assert row.modern != row.old, "tf.%s gives itself as its modern spelling" % row.old
    assert lookup(row.modern) is not None, "the modern spelling tf.%s does not resolve" % row.modern
    if row.kind == legacy_names.RENAME:
        assert row.target == row.modern, "a rename's target is its modern spelling: tf.%s" % row.old
    else:
        assert ":" in row.target, "an adapter or rebuilt piece is scopecompat's own code: tf.%s" % row.old


def still_in_installed_tf(old):
    """Whether the installed tf.compat.v1 still has the name (tf.estimator on TF 2.12-2.15; none on TF 2.21)."""
    path, _, name = old.rpartition(".")
    base = namespaces.tf_v1_counterpart(path)
    return base is not None and name in namespaces.public_names(base)


@pytest.mark.parametrize("row", legacy_names.RENAMED, ids=lambda row: row.old)
def test_each_old_name_warns_once_naming_the_modern_spelling(row, first_uses):
    first, second = first_uses[row.old]
    if still_in_installed_tf(row.old):
        assert first == second == [], "this TF still has tf.%s: no warning that it was removed, got %s" % (row.old, first)
        return
    assert len(first) == 1, "first use of tf.%s should warn once, got %s" % (row.old, first)
    category, message, filename = first[0]
    assert category == "LegacyNameWarning", "tf.%s warned with %s" % (row.old, category)
    assert message == row.warning(), "the warning is the row's own text: %s" % message
    assert ("tf.%s" % row.modern if row.modern else "no equivalent") in message and row.removed_in in message, (
        "warning should name the modern spelling tf.%s: %s" % (row.modern, message))
    assert filename == "<string>", "the warning should point at the user's line, not at %s" % filename
    assert second == [], "second use of tf.%s should not warn again, got %s" % (row.old, second)


@pytest.mark.parametrize("name", legacy_names.STILL_IN_COMPAT_V1)
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


def test_old_summary_functions_write_the_tag_as_given_where_tf_summary_rewrites_it(graph):
    """TF 0.12's tags, byte for byte: the conformance cases legacy-*-summary-* compare them with real TF 0.12
    and 1.15; this shows the difference from the modern spelling that the docs page describes."""
    x = tf.constant(2.5)
    with tf.name_scope("train"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", tf.LegacyNameWarning)
            old = tf.scalar_summary("loss (x)", x)
            merged = tf.merge_all_summaries()
        modern = tf.summary.scalar("loss (x)", x)
    with tf.Session() as sess:
        old_proto, modern_proto = (tf.Summary.FromString(b) for b in sess.run([old, modern]))
    assert old_proto.value[0].simple_value == modern_proto.value[0].simple_value == 2.5, "scalar values differ"
    assert old_proto.value[0].tag == "loss (x)", "the old call writes its tag as given: %s" % old_proto.value[0].tag
    assert modern_proto.value[0].tag == "train/loss__x_", (
        "the note's example of tf.summary.scalar's tag no longer holds: %s" % modern_proto.value[0].tag)
    assert merged is not None, "merge_all_summaries found no summaries"


def test_contrib_deprecated_rows_say_they_went_with_contrib_in_tf_2_0():
    """Real TF 1.15 ran every tf.contrib.deprecated function (conformance case, 1.15.5 golden)."""
    case_id = "legacy-contrib-deprecated-summaries-tags-as-given"
    code = "\n".join(next(case for case in conformance.load_cases() if case["id"] == case_id)["code"])
    assert conformance.load_goldens()["1.15.5"]["cases"][case_id]["error"] is None, "TF 1.15 ran the case"
    rows = [row for row in legacy_names.RENAMED if row.old.startswith("contrib.deprecated.")]
    assert sorted("tf." + row.old in code for row in rows) == [True] * 6, (
        "the case should use all six tf.contrib.deprecated functions of TF 1.x: %s" % [row.old for row in rows])
    assert {row.removed_in for row in rows} == {"2.0"}, "tf.contrib.deprecated existed through TF 1.15"


# Each SIGNATURE_CHANGES row's claim, checked by running its old call through scopecompat on TF 2.x.
LOGITS, LABELS = [[2.0, 0.5, -1.0]], [[0.0, 0.0, 1.0]]


def _tf_1_15_error(case_id):
    """What real TF 1.15 raised for a conformance case (its golden), as (type name, first line)."""
    error = conformance.load_goldens()["1.15.5"]["cases"][case_id]["error"]
    return error["type"], error["message"]


def _raises_like_tf_1_15(function, old_call, old_order, case_id):
    def check():
        with pytest.raises(ValueError) as raised:
            old_call()
        first_line, _, hint = str(raised.value).partition("\n")
        assert ("ValueError", first_line) == _tf_1_15_error(case_id), (
            "the positional call of %s should raise TF 1.15's error, got %r" % (function, first_line))
        assert "(%s)" % old_order in hint and "labels=..., logits=..." in hint, (
            "the hint should name TF 0.12's order and the keyword fix: %r" % hint)
    return check


def _split_raises():
    with pytest.raises(TypeError, match="Input 'split_dim' of 'Split' Op has type float32"):
        tf.split(0, 2, tf.constant([1.0, 2.0, 3.0, 4.0]))
    with pytest.raises(ValueError, match="Input must be scalar"):
        tf.split(0, 2, tf.constant([1, 2, 3, 4]))


def _concat_raises():
    with pytest.raises(ValueError, match=r"Shape \(2, 1\) must have rank 0"):
        tf.concat(0, [tf.constant([1.0]), tf.constant([2.0])])


def _weighted_reads_labels_first():
    x, y = tf.constant(LOGITS), tf.constant(LABELS)
    positional = tf.nn.weighted_cross_entropy_with_logits(x, y, 2.0)
    labels_first = tf.nn.weighted_cross_entropy_with_logits(labels=x, logits=y, pos_weight=2.0)
    tf_0_12_meaning = tf.nn.weighted_cross_entropy_with_logits(labels=y, logits=x, pos_weight=2.0)
    with tf.Session() as sess:
        positional, labels_first, tf_0_12_meaning = sess.run([positional, labels_first, tf_0_12_meaning])
    np.testing.assert_allclose(positional, labels_first, err_msg="a positional call should read (labels, logits)")
    assert not np.allclose(positional, tf_0_12_meaning), "the example should tell the two orders apart"


def _reverse_refuses_a_boolean_mask():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    for mask in ([True, False], (True, False), np.array([True, False])):
        with pytest.raises(TypeError, match=r"boolean mask .* tf.reverse\(tensor, axis=\[0\]\)"):
            tf.reverse(x, mask)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(tf.reverse(x, [0])), sess.run(tensorflow.compat.v1.reverse(x, [0])),
                                   err_msg="tf.reverse with indices should compute what TF's does")


SIGNATURE_CHECKS = {
    "concat(concat_dim, values)": _concat_raises,
    "split(split_dim, num_split, value)": _split_raises,
    "nn.softmax_cross_entropy_with_logits(logits, labels)": _raises_like_tf_1_15(
        "softmax_cross_entropy_with_logits", lambda: tf.nn.softmax_cross_entropy_with_logits(
            tf.constant(LOGITS), tf.constant(LABELS)), "logits, labels", "legacy-softmax-xent-positional-raises"),
    "nn.sparse_softmax_cross_entropy_with_logits(logits, labels)": _raises_like_tf_1_15(
        "sparse_softmax_cross_entropy_with_logits", lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(
            tf.constant(LOGITS), tf.constant([2])), "logits, labels", "legacy-sparse-softmax-xent-positional-raises"),
    "nn.sigmoid_cross_entropy_with_logits(logits, targets)": _raises_like_tf_1_15(
        "sigmoid_cross_entropy_with_logits", lambda: tf.nn.sigmoid_cross_entropy_with_logits(
            tf.constant(LOGITS), tf.constant(LABELS)), "logits, targets", "legacy-sigmoid-xent-positional-raises"),
    "nn.weighted_cross_entropy_with_logits(logits, targets, pos_weight)": _weighted_reads_labels_first,
    "reverse(tensor, dims)": _reverse_refuses_a_boolean_mask,
}


def test_every_signature_change_has_a_check():
    assert set(SIGNATURE_CHECKS) == {row.old for row in legacy_names.SIGNATURE_CHANGES}, (
        "each SIGNATURE_CHANGES row needs a check of its claim here")


@pytest.mark.parametrize("row", legacy_names.SIGNATURE_CHANGES, ids=lambda row: row.old.split("(")[0])
def test_each_signature_change_does_what_the_docs_say(row, graph):
    SIGNATURE_CHECKS[row.old]()


@pytest.mark.parametrize("name", ["softmax_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits"])
def test_keyword_cross_entropy_calls_compute_what_tf_computes(name, graph):
    x, y = tf.constant(LOGITS), tf.constant(LABELS)
    ours = getattr(tf.nn, name)(labels=y, logits=x)
    tfs = getattr(tensorflow.compat.v1.nn, name)(labels=y, logits=x)
    assert getattr(tf.nn, name) is not getattr(tensorflow.compat.v1.nn, name), "tf.nn.%s should be the override" % name
    with tf.Session() as sess:
        ours, tfs = sess.run([ours, tfs])
    np.testing.assert_allclose(ours, tfs, err_msg="the keyword call of tf.nn.%s should compute TF's value" % name)


@pytest.mark.parametrize("row", legacy_names.NOT_PROVIDED, ids=lambda row: row.old)
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
    # a part not provided: an ImportError naming the replacement, not a ModuleNotFoundError (which a
    # `try: from scopecompat.contrib import image` / `except ModuleNotFoundError` would take for a missing package)
    with pytest.raises(ImportError, match="tf.contrib.image is not provided") as raised:
        importlib.import_module("scopecompat.contrib.image")
    assert type(raised.value) is ImportError, "not provided is an ImportError: %r" % raised.value


def test_the_docs_page_is_generated_from_the_table():
    with open(os.path.join(REPO, "docs", "legacy-names.md"), encoding="utf-8") as page:
        assert page.read() == legacy_names.markdown(), (
            "docs/legacy-names.md is stale: scopecompat legacy-names --markdown > docs/legacy-names.md")


@pytest.mark.parametrize("name", ["softmax_cross_entropy_with_logits", "sparse_softmax_cross_entropy_with_logits",
                                  "sigmoid_cross_entropy_with_logits"])
def test_tf_1_15_sentinel_passed_as_none_is_accepted(name, graph):
    """TF 1.15's first parameter was `_sentinel=None`: f(None, labels=..., logits=...) and f(None, labels, logits)
    ran there, and compute TF's value here (a non-None first positional still raises: the checks above)."""
    x = tf.constant(LOGITS)
    y = tf.constant([2] if name.startswith("sparse") else LABELS)
    function = getattr(tf.nn, name)
    by_keyword, by_position = function(None, labels=y, logits=x), function(None, y, x)
    tfs = getattr(tensorflow.compat.v1.nn, name)(labels=y, logits=x)
    with tf.Session() as sess:
        by_keyword, by_position, tfs = sess.run([by_keyword, by_position, tfs])
    np.testing.assert_allclose(by_keyword, tfs, err_msg="tf.nn.%s(None, labels=, logits=) should compute TF's value" % name)
    np.testing.assert_allclose(by_position, tfs, err_msg="tf.nn.%s(None, labels, logits) should compute TF's value" % name)
