"""tf.contrib.slim and tf.contrib.framework served from tf-slim (scopecompat/_contrib/slim.py, framework.py).

What they build against TF 1.15.5 (and 1.4.1) is in the conformance cases (cases/contrib_slim.json);
these tests check the way they are served: tf-slim's own objects by identity, in the spellings TF1 code
imports them with, with tf-slim's own errors, and a missing tf-slim saying how to install it.
"""

import functools
import sys
import warnings

import pytest

import scopecompat as tf
from scopecompat._contrib import tf_slim
from scopecompat._legacy import names as legacy_names
from conftest import launch, run_python, write


@pytest.fixture(scope="module")
def slim():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        return tf.contrib.slim


def test_contrib_slim_is_the_tf_slim_package(slim):
    assert slim is tf_slim.load(), "tf.contrib.slim is not the tf-slim package by identity"
    assert slim is sys.modules["tf_slim"], "tf.contrib.slim is not the tf_slim module"


@pytest.mark.parametrize("name", ["nets", "learning", "losses", "metrics", "evaluation", "data", "tfexample_decoder",
                                  "queues", "summaries"])
def test_slim_submodules_are_tf_slims_modules(slim, name):
    assert getattr(slim, name) is sys.modules["tf_slim." + {"tfexample_decoder": "data.tfexample_decoder"}.get(
        name, name)], "tf.contrib.slim.%s is not tf-slim's module" % name


def test_slim_nets_has_the_model_zoo_of_contrib_slim_nets(slim):
    for net in ("alexnet", "inception", "overfeat", "resnet_utils", "resnet_v1", "resnet_v2", "vgg"):
        assert getattr(slim.nets, net) is sys.modules["tf_slim.nets." + net], (
            "tf.contrib.slim.nets.%s is not tf-slim's module" % net)


FRAMEWORK_ROWS = [row for row in legacy_names.RENAMED if row.old.startswith("contrib.framework.")]


@pytest.mark.parametrize("row", FRAMEWORK_ROWS, ids=lambda row: row.old)
def test_contrib_framework_names_are_tf_slims_or_tfs_own(row):
    name = row.old.rsplit(".", 1)[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        served = getattr(tf.contrib.framework, name)
    if row.kind == legacy_names.REBUILT:
        expected, whose = getattr(tf_slim.load(), name), "tf-slim's"
    else:
        expected, whose = functools.reduce(getattr, row.target.split("."), tf), "tf.%s" % row.target
    assert served is expected, "tf.contrib.framework.%s is not %s by identity" % (name, whose)


def test_slim_and_framework_are_no_longer_refused():
    refused = {row.old for row in legacy_names.NOT_PROVIDED}
    assert not refused & {"contrib.slim", "contrib.framework"}, "slim or framework is still a not-provided row"


def test_local_and_global_variables_reach_tf1_variable_through_the_moved_row(slim, graph):
    # tf-slim calls variable_scope.variable, an alias TF 2.x dropped (a REFERENCES row of tf_slim.py; the move is
    # a row of _legacy/tf_internals.py).
    counter = slim.local_variable([1.0, 2.0], name="counter")
    step = slim.global_variable(0, name="step")
    assert tf.get_collection(tf.GraphKeys.LOCAL_VARIABLES) == [counter], "local_variable is not a local variable"
    assert step in tf.global_variables() and step not in tf.trainable_variables(), (
        "global_variable is not a non-trainable global variable")


def test_an_unknown_argument_gets_tf_slims_error_unchanged(slim, graph):
    x = tf.ones([1, 4, 4, 3])
    with pytest.raises(TypeError) as raised:
        slim.conv2d(x, 4, [3, 3], filters_count=2)
    assert "unexpected keyword argument 'filters_count'" in str(raised.value).splitlines()[0], (
        "the error is not Python's error for tf-slim's conv2d: %s" % raised.value)
    frames = [str(frame.path) for frame in raised.traceback]
    assert not any("/scopecompat/" in frame for frame in frames[1:]), (
        "scopecompat code stands between the call and tf-slim: %s" % frames)


def test_missing_tf_slim_for_slim_names_the_package_and_the_pip_command():
    result = run_python("""
        import sys, warnings
        sys.modules["tf_slim"] = None  # as if tf-slim were not installed
        import scopecompat as tf
        warnings.simplefilter("ignore")
        for spelling in ("slim", "framework.arg_scope"):
            try:
                eval("tf.contrib." + spelling)
            except ModuleNotFoundError as error:
                print("raised:", spelling, error)
    """)
    for spelling in ("slim", "framework.arg_scope"):
        line = [line for line in result.stdout.splitlines() if line.startswith("raised: %s " % spelling)]
        assert line, "no ModuleNotFoundError for tf.contrib.%s without tf-slim:\n%s" % (spelling, result.stdout)
        assert "tf-slim" in line[0] and "pip install 'tf-slim==1.1.0'" in line[0], (
            "the error does not name the package and its pip command: " + line[0])


def test_tf1_spellings_of_slim_under_the_launcher(tmp_path):
    write(tmp_path / "train.py", """\
        import tensorflow as tf
        from tensorflow.contrib import slim
        import tensorflow.contrib.slim as slim_too
        from tensorflow.contrib.slim.nets import resnet_v1
        import tensorflow.contrib.slim.nets
        from tensorflow.contrib.framework import arg_scope, get_variables_to_restore
        import tensorflow.contrib.framework as framework
        import tf_slim
        checks = {
            "from tensorflow.contrib import slim": slim is tf_slim,
            "import tensorflow.contrib.slim as slim": slim_too is tf_slim,
            "from tensorflow.contrib.slim.nets import resnet_v1": resnet_v1 is tf_slim.nets.resnet_v1,
            "import tensorflow.contrib.slim.nets": tf.contrib.slim.nets is tf_slim.nets,
            "from tensorflow.contrib.framework import arg_scope": arg_scope is tf_slim.arg_scope,
            "get_variables_to_restore": get_variables_to_restore is tf_slim.get_variables_to_restore,
            "import tensorflow.contrib.framework as framework": framework.arg_scope is tf_slim.arg_scope,
        }
        for spelling, ok in checks.items():
            print(spelling, ok)
        """)
    result = launch(["train.py"], cwd=tmp_path)
    assert result.returncode == 0, "the slim script failed under the launcher:\n" + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 7 and all(line.endswith(" True") for line in lines), (
        "a TF1 spelling of slim does not give tf-slim's object:\n" + result.stdout)


def test_importing_a_submodule_of_slim_by_its_scopecompat_name_gives_tf_slims_module():
    # tf-slim is a real package (its __path__ is its folder): the import system's path finder would load a
    # second copy of tf_slim/nets as "scopecompat.contrib.slim.nets" unless scopecompat's finder answers first.
    result = run_python("""
        import importlib, sys, warnings
        warnings.simplefilter("ignore")
        import scopecompat, tf_slim
        nets = importlib.import_module("scopecompat.contrib.slim.nets")
        from scopecompat.contrib.slim.nets import vgg
        print(nets is sys.modules["tf_slim.nets"], tf_slim.nets is sys.modules["tf_slim.nets"],
              vgg is sys.modules["tf_slim.nets.vgg"])
    """)
    assert result.stdout.split() == ["True", "True", "True"], (
        "importing scopecompat.contrib.slim.nets loaded another copy of tf-slim's nets: " + result.stdout)
