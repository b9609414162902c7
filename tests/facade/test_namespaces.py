"""The namespace against the bare tf.compat.v1 (the array-api-compat pattern): nothing missing, nothing
hidden, nothing replaced except the overrides table, nothing extra."""

import types

import pytest
import tensorflow

import scopecompat
import scopecompat as tf
from scopecompat import _keras_bridge
from scopecompat._facade import namespaces, overrides
from scopecompat._legacy import names as legacy_names

V1 = tensorflow.compat.v1


def same(ours, theirs):
    """Identity; for modules, the same TF module file (TF itself may hold alias copies of a submodule
    object, e.g. after `import tensorflow.compat.v1.logging`, so module identity is not stable)."""
    if isinstance(theirs, types.ModuleType) and ours is not theirs:
        return getattr(ours, "__file__", 1) == getattr(theirs, "__file__", 2)
    return ours is theirs


V1_NAMES = namespaces.public_names(V1)
# Namespaces of our own that hold a tf.compat.v1 module's names plus table entries (nn, train, image).
OWN_WITH_COUNTERPART = sorted(p for p in namespaces.OWN_NAMESPACES if namespaces.tf_v1_counterpart(p) is not None)


def lookup(root, path):
    for part in path.split("."):
        root = getattr(root, part)
    return root


def test_the_namespace_has_every_public_name_of_tf_compat_v1():
    missing = [name for name in V1_NAMES if not hasattr(scopecompat, name)]
    assert missing == [], "tf.compat.v1 names missing from scopecompat: %s" % missing


# Overrides and namespaces of our own are tested by the two tests after this one.
@pytest.mark.parametrize("name", [n for n in V1_NAMES if n not in overrides.BY_PATH and n not in namespaces.OWN_NAMESPACES])
def test_each_compat_v1_name_is_the_identical_object(name):
    assert same(getattr(scopecompat, name), getattr(V1, name)), "scopecompat.%s is not tf.compat.v1.%s" % (name, name)


@pytest.mark.parametrize("path", OWN_WITH_COUNTERPART)
def test_own_namespaces_hold_their_compat_v1_module_names_by_identity(path):
    ours, theirs = lookup(scopecompat, path), namespaces.tf_v1_counterpart(path)
    keras_override = overrides.BY_PATH.get(path) if path in _keras_bridge.TF_KERAS_MODULES else None
    if keras_override is not None and keras_override.applies():  # tf.layers under Keras 3: tf_keras's names
        assert theirs is keras_override.load(), "scopecompat.%s holds the names of the tf_keras module" % path
    else:
        assert same(theirs, lookup(V1, path)), "scopecompat.%s holds the names of tf.compat.v1.%s" % (path, path)
    lazy = namespaces.LAZY_CHILDREN[path]
    for name in namespaces.public_names(theirs):
        if "%s.%s" % (path, name) in overrides.BY_PATH:
            continue
        assert same(getattr(ours, name), getattr(theirs, name)), "scopecompat.%s.%s is not tf.compat.v1's" % (path, name)
    assert set(dir(ours)) >= set(namespaces.public_names(theirs)) | lazy, "dir(scopecompat.%s) hides names" % path


def test_nothing_extra_in_the_top_namespace():
    ours = {name for name in dir(scopecompat) if not name.startswith("_")}
    allowed = set(V1_NAMES) | namespaces.LAZY_CHILDREN[""] | set(scopecompat._OWN_API)
    allowed -= {row.old for row in legacy_names.NOT_PROVIDED}
    assert ours - allowed == set(), "scopecompat has names tf.compat.v1 and the tables don't: %s" % (ours - allowed)
    assert allowed - ours == set(), "dir(scopecompat) hides: %s" % (allowed - ours)


def test_star_import_gives_what_the_compat_v1_star_import_gives():
    ours, theirs = {}, {}
    exec("from scopecompat import *", ours)
    exec("from tensorflow.compat.v1 import *", theirs)
    ours.pop("__builtins__"), theirs.pop("__builtins__")
    # TF 2.12's lazy loaders attach internal modules to tf.compat.v1 on first use (e.g. `legacy_rnn` once an
    # RNN cell is built): not API, and not in the `__all__` scopecompat copied at import.
    attached_later = {name for name, value in theirs.items() if name not in V1_NAMES and isinstance(value, types.ModuleType)}
    expected = sorted(name for name in theirs if not name.startswith("_") and name not in attached_later)
    assert sorted(ours) == expected, "star-import names differ"
    ours_by_design = set(overrides.BY_PATH) | namespaces.OWN_NAMESPACES  # tested above
    differing = [name for name in ours if name not in ours_by_design and not same(ours[name], theirs[name])]
    assert differing == [], "star-imported objects that are not tf.compat.v1's: %s" % differing


@pytest.mark.parametrize("module_path", ["nn", "train", "image", "math", "compat.v1", "summary", "nn.rnn_cell",
                                         "layers", "contrib", "contrib.rnn", "contrib.layers"])
def test_import_statement_gives_the_attribute(module_path):
    import importlib

    module = importlib.import_module("scopecompat." + module_path)
    assert module is lookup(scopecompat, module_path), "import scopecompat.%s differs from attribute access" % module_path


def test_the_keras_bridge_table_covers_every_keras_lazy_loader_of_compat_v1():
    from tensorflow.python.util import lazy_loader

    if not hasattr(lazy_loader, "KerasLazyLoader"):  # TF 2.13 added it; before, Keras 2 modules were plain
        assert not _keras_bridge.tf_uses_keras_3(), "Keras 3 without KerasLazyLoader: the bridge needs a look"
        return
    found = set()
    for name in V1_NAMES:  # TF 2.12-2.21 keep them at depth 1 or 2 (nn.rnn_cell)
        value = V1.__dict__.get(name) if name in V1.__dict__ else getattr(V1, name)
        if isinstance(value, lazy_loader.KerasLazyLoader):
            found.add(name)
        elif isinstance(value, types.ModuleType) and name not in ("compat",):
            inner = getattr(value, "_tfmw_wrapped_module", value)
            found |= {name + "." + child for child, obj in vars(inner).items()
                      if isinstance(obj, lazy_loader.KerasLazyLoader)}
    assert found == set(_keras_bridge.TF_KERAS_MODULES), "Keras lazy loaders not in the bridge table: %s" % found


@pytest.mark.parametrize("override", overrides.OVERRIDES, ids=lambda o: o.path)
def test_each_override_is_in_force_exactly_when_it_applies(override):
    value = lookup(scopecompat, override.path)
    if override.applies() and override.path in namespaces.OWN_NAMESPACES:
        # A Keras-routed namespace with replacements of its own (tf.layers' convolutions): ours, holding the
        # tf_keras module's other names (test_own_namespaces_hold_their_compat_v1_module_names_by_identity).
        assert value.__name__ == "scopecompat." + override.path, "scopecompat.%s is our namespace" % override.path
        assert namespaces.tf_v1_counterpart(override.path) is override.load(), (
            "scopecompat.%s's names come from %s" % (override.path, _keras_bridge.TF_KERAS_MODULES[override.path]))
    elif override.applies():
        expected = override.load()
        assert value is expected, "scopecompat.%s is not its replacement %s" % (override.path, expected)
        if override.path in _keras_bridge.TF_KERAS_MODULES:
            assert value.__name__ == _keras_bridge.TF_KERAS_MODULES[override.path], (
                "scopecompat.%s is not the tf_keras module %s" % (override.path, value.__name__))
    else:
        assert same(value, lookup(V1, override.path)), "inactive override %s is not tf.compat.v1's" % override.path
    assert override.reason, "override %s has no reason" % override.path


# -- tf.compat.v1 through scopecompat is scopecompat ------------------------------------------------------

def test_compat_v1_reached_through_scopecompat_is_scopecompat_itself():
    """TF 1.13-1.15 code spells TF1 as `tf.compat.v1.X`: that path must reach scopecompat's names (the
    tf_keras layers, the teaching get_variable, the Saver that reads old checkpoints), not TF's own."""
    import importlib

    assert scopecompat.compat.v1 is scopecompat, "scopecompat.compat.v1 should be the scopecompat package"
    assert scopecompat.compat.v1.compat.v1 is scopecompat, "tf.compat.v1.compat.v1 should be scopecompat too"
    assert scopecompat.compat.v1.get_variable is scopecompat.get_variable, "compat.v1.get_variable is not ours"
    assert scopecompat.compat.v1.train.Saver is scopecompat.train.Saver, "compat.v1.train.Saver is not ours"
    assert scopecompat.compat.v1.layers is scopecompat.layers, "compat.v1.layers is not ours"
    assert same(scopecompat.compat.v2, V1.compat.v2), "scopecompat.compat.v2 should stay TensorFlow's"
    assert importlib.import_module("scopecompat.compat.v1") is scopecompat, "import scopecompat.compat.v1"
    namespace = {}
    exec("from scopecompat.compat import v1", namespace)
    assert namespace["v1"] is scopecompat, "from scopecompat.compat import v1"
    assert scopecompat.__spec__.name == "scopecompat", (
        "importing scopecompat.compat.v1 must not rename the package's own __spec__: %s" % scopecompat.__spec__.name)


def test_importing_a_tf_module_through_scopecompat_leaves_its_spec_alone():
    """`import scopecompat.math` gives tf.compat.v1.math; TensorFlow's module keeps its own __spec__."""
    import importlib

    spec = V1.linalg.__spec__
    assert importlib.import_module("scopecompat.linalg") is scopecompat.linalg, "import scopecompat.linalg"
    assert V1.linalg.__spec__ is spec, "tf.compat.v1.linalg's __spec__ was replaced: %s" % V1.linalg.__spec__


# -- star imports and from-imports of our own namespaces -----------------------------------------------

def provided_lazy_names(path):
    return {name for name in namespaces.LAZY_CHILDREN.get(path, ())
            if "%s.%s" % (path, name) not in legacy_names.NOT_PROVIDED_BY_OLD_NAME}


@pytest.mark.parametrize("path", sorted(namespaces.OWN_NAMESPACES))
def test_star_import_of_an_own_namespace_gives_its_public_names(path):
    import warnings

    counterpart = namespaces.tf_v1_counterpart(path)
    expected = set(namespaces.public_names(counterpart) if counterpart is not None else ()) | provided_lazy_names(path)
    imported = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", scopecompat.LegacyNameWarning)
        exec("from scopecompat.%s import *" % path, imported)
    imported = {name: value for name, value in imported.items() if not name.startswith("__")}  # __builtins__, ...
    assert set(imported) == expected, "from scopecompat.%s import * gave %s, expected %s" % (
        path, sorted(set(imported) ^ expected), "its counterpart's and the tables' provided names")
    assert all(imported[name] is lookup(scopecompat, path + "." + name) for name in imported), (
        "star-imported objects differ from attribute access in scopecompat.%s" % path)


def not_provided(old):
    row = legacy_names.NOT_PROVIDED_BY_OLD_NAME[old]
    return ["tf.%s is not provided by scopecompat" % old, row.replacement]


@pytest.mark.parametrize("statement, expected", [
    ("from scopecompat.contrib import image", not_provided("contrib.image")),
    ("import scopecompat.contrib.image", not_provided("contrib.image")),
    ("from scopecompat.contrib.cudnn_rnn import CudnnLSTMSaveable", not_provided("contrib.cudnn_rnn.CudnnLSTMSaveable")),
    # a part TF 1.15 never had either keeps Python's own message, as TF 1.15 gave it
    ("from scopecompat.contrib import nosuchpart", ["cannot import name 'nosuchpart' from 'scopecompat.contrib'"]),
    ("import scopecompat.contrib.nosuchpart", ["No module named 'scopecompat.contrib.nosuchpart'"]),
    ("import scopecompat.contrib.rnn.python.ops.nosuchmodule",
     ["No module named 'scopecompat.contrib.rnn.python.ops.nosuchmodule'"]),
    # a name that no table knows keeps Python's own message
    ("from scopecompat.nn import no_such_op", ["cannot import name 'no_such_op' from 'scopecompat.nn'"]),
], ids=lambda value: value if isinstance(value, str) else "")
def test_a_not_provided_part_explains_itself_in_every_import_spelling(statement, expected):
    """`from X import Y` swallows a ModuleNotFoundError for X.Y and says only "cannot import name": the
    explanation of a part scopecompat does not provide must reach the user in every spelling."""
    with pytest.raises(ImportError) as raised:
        exec(statement, {})
    for text in expected:
        assert text in str(raised.value), "%s should say %r: %s" % (statement, text, raised.value)


def test_under_the_launcher_a_not_provided_part_explains_itself_in_both_spellings(tmp_path):
    from conftest import launch, write

    for statement in ("from tensorflow.contrib import image", "import tensorflow.contrib.image"):
        write(tmp_path / "uses_image.py", statement + "\n")
        result = launch(["uses_image.py"], tmp_path)
        assert result.returncode == 1, "%s should fail: %s" % (statement, result.stderr)
        last_line = result.stderr.strip().splitlines()[-1]
        assert "tf.contrib.image is not provided by scopecompat" in last_line, (
            "%s under scopecompat run lost the explanation: %s" % (statement, last_line))


def test_a_missing_top_level_name_is_reported_as_python_reports_it():
    with pytest.raises(AttributeError) as raised:
        tf.no_such_name_in_tf1  # noqa: B018
    assert str(raised.value) == "module 'scopecompat' has no attribute 'no_such_name_in_tf1'", (
        "the message names the module as Python does: %s" % raised.value)


def test_tf_estimator_is_tfs_own_where_tf_has_it_and_else_tensorflow_estimators():
    real_v1 = V1
    if hasattr(real_v1, "estimator"):  # TF <= 2.15
        assert tf.estimator is real_v1.estimator, "tf.estimator should be TF's own where TF still has it"
        return
    served = tf.estimator
    import tensorflow_estimator.python.estimator.api._v1.estimator as tensorflow_estimators

    assert served is tensorflow_estimators, (
        "where TF removed tf.estimator (TF >= 2.16) it is tensorflow-estimator's TF1 API: %r" % tf.estimator)
