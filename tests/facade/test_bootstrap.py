"""What `import scopecompat` does to a process, each in a fresh interpreter: TF1 mode once, quietly,
whatever was imported before; nothing else changed."""

import importlib.util

import pytest

from scopecompat._facade import bootstrap
from conftest import CPP_LOG_LINE, is_tf_session_info_log, run_python

CHECK_TF1_MODE = (
    "import tensorflow\n"
    "assert not tensorflow.executing_eagerly(), 'graph mode is off'\n"
    "assert not tensorflow.compat.v1.resource_variables_enabled(), 'ref variables are off'\n"
    "assert type(tensorflow.compat.v1.get_variable('v', [1])).__name__ == 'RefVariable', 'not a RefVariable'\n"
)


# A failed gather in a session: TF's C++ runtime logs "Local rendezvous is aborting" (a W line) and more.
RUN_TIME_LOGS = """
    import logging, sys
    {imports}
    print("-- imported", file=sys.stderr, flush=True)
    print("tensorflow logger", logging.getLogger("tensorflow").getEffectiveLevel())
    x = tf.constant([1.0, 2.0])
    with tf.Session() as sess:
        try:
            sess.run(tf.gather(x, 5))
        except tf.errors.InvalidArgumentError:
            pass
"""


def test_import_prints_nothing():
    result = run_python("import scopecompat")
    assert (result.stdout, result.stderr) == ("", ""), "import printed: %r %r" % (result.stdout, result.stderr)


def test_import_and_the_tutorial_calls_print_nothing_but_their_output_and_tfs_run_time_logs():
    """TF's start-up lines stay hidden; what TF's runtime logs when the session runs (raw TF logs it too,
    the next test compares) is TF's, and nothing else is printed."""
    result = run_python("""
        import scopecompat as tf
        v = tf.get_variable("w", [1], initializer=tf.constant_initializer(1.0))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(v.name, sess.run(v))
    """)
    assert result.stdout == "w:0 [1.]\n", "unexpected stdout: %r" % result.stdout
    start_up = set(CPP_LOG_LINE.findall(run_python("import tensorflow").stderr))
    assert start_up & set(CPP_LOG_LINE.findall(result.stderr)) == set(), "TF's start-up lines: %r" % result.stderr
    noise = [line for line in result.stderr.splitlines() if not is_tf_session_info_log(line)]
    assert noise == [], "printed beyond TF's run-time log lines: %r" % result.stderr


def test_only_the_import_is_quiet_tf_logs_afterwards_as_raw_tf_does():
    """TF's C++ logging reads TF_CPP_MIN_LOG_LEVEL once: set during the import, it would hide the runtime's
    warnings for the whole process."""
    raw = run_python(RUN_TIME_LOGS.format(imports="import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()"))
    ours = run_python(RUN_TIME_LOGS.format(imports="import scopecompat as tf"))
    raw_after = sorted(CPP_LOG_LINE.findall(raw.stderr.split("-- imported\n", 1)[1]))
    ours_before, ours_after = ours.stderr.split("-- imported\n", 1)
    # TF 2.21 logs 'Local rendezvous is aborting' for the failed run, TF 2.12 'MLIR V1 optimization pass ...'.
    assert raw_after, "raw TF logged nothing at run time, so the comparison below shows nothing: %s" % raw.stderr
    assert ours_before == "", "the import printed: %r" % ours_before
    assert ours.stdout == raw.stdout, "TF's Python logger is left otherwise than raw TF leaves it: %s" % ours.stdout
    ours_after = sorted(CPP_LOG_LINE.findall(ours_after))
    assert ours_after == raw_after, "after the import, TF logged %s through scopecompat, %s raw: %s" % (
        ours_after, raw_after, ours.stderr)


def test_a_users_own_tf_log_level_wins():
    result = run_python("import scopecompat", env={"TF_CPP_MIN_LOG_LEVEL": "0"})
    assert "oneDNN" in result.stderr or "cuda" in result.stderr, "with TF_CPP_MIN_LOG_LEVEL=0 TF's start-up lines should show"


def test_the_process_environment_is_left_as_it_was():
    """scopecompat's import leaves the environment as raw TF's import leaves it (TF 2.12's own import sets
    TF_CPP_MIN_LOG_LEVEL=1; TF 2.13-2.21 set nothing)."""
    report = "import os, {}; print(os.environ.get('TF_CPP_MIN_LOG_LEVEL'), os.environ.get('TF_USE_LEGACY_KERAS'))"
    ours, raw = run_python(report.format("scopecompat")), run_python(report.format("tensorflow"))
    assert ours.stdout == raw.stdout, "import leaked environment variables: %s (raw TF: %s)" % (ours.stdout, raw.stdout)
    assert ours.stdout.split()[1] == "None", "TF_USE_LEGACY_KERAS is never set: %s" % ours.stdout


def test_import_sets_up_tf1_mode():
    run_python("import scopecompat\n" + CHECK_TF1_MODE)


def test_tensorflow_imported_first_still_gets_tf1_mode():
    run_python("import tensorflow as real\nassert real.executing_eagerly()\nimport scopecompat\n" + CHECK_TF1_MODE)


def test_set_up_runs_once_even_when_imported_again():
    result = run_python("""
        import importlib, tensorflow
        calls = []
        original = tensorflow.compat.v1.disable_v2_behavior
        tensorflow.compat.v1.disable_v2_behavior = lambda: (calls.append(1), original())
        import scopecompat
        w = scopecompat.get_variable("w", [1])
        importlib.reload(scopecompat)
        import scopecompat as again
        assert again.get_variable("w2", [1]).graph is w.graph, "re-import replaced the graph"
        print(len(calls))
    """)
    assert result.stdout.strip() == "1", "disable_v2_behavior ran %s times" % result.stdout.strip()


def test_keras_3_used_first_stays_keras_3():
    result = run_python("""
        import tensorflow as real, keras
        before = real.keras.layers.Dense
        import scopecompat as tf
        x = tf.placeholder(tf.float32, [None, 3])
        y = tf.layers.dense(x, 2)
        cell = tf.nn.rnn_cell.BasicLSTMCell(4)
        assert real.keras.layers.Dense is before, "tensorflow.keras changed"
        print(keras.__version__.split(".")[0], real.keras.__name__, tf.keras.__name__)
    """)
    major, real_keras, ours = result.stdout.split()
    if major != "3":
        pytest.skip("this TF uses Keras %s: the bridge is not in force" % major)
    assert real_keras.startswith("keras"), "tensorflow.keras is no longer Keras 3: %s" % real_keras
    assert ours.startswith("tf_keras"), "scopecompat.keras should be tf_keras under Keras 3: %s" % ours


KERAS_3_ON_FIRST_TOUCH = """
    import sys
    import scopecompat as tf
    loaded_at_import = "keras" in sys.modules
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.layers.dense(x, 2)
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    loaded_by_tf1_code = "keras" in sys.modules
    import tensorflow
    dense = tensorflow.keras.layers.Dense
    import keras
    print(keras.__version__.split(".")[0], loaded_at_import, loaded_by_tf1_code, dense is keras.layers.Dense,
          type(tensorflow.keras.optimizers.Adam()).__module__.split(".")[0], sys.meta_path[0].__module__)
"""


def test_keras_3_loads_on_first_touch_not_at_import():
    """TF's __init__ imports Keras 3 eagerly (1.6 s of 4.2); scopecompat's import defers it: TF1 code (whose
    tf.layers and cells are tf_keras's) never loads it, and `tensorflow.keras` then loads it as itself."""
    major, at_import, by_tf1_code, same_dense, optimizer, first_finder = run_python(KERAS_3_ON_FIRST_TOUCH).stdout.split()
    if major != "3":
        pytest.skip("this TF uses Keras %s: TF1's layers are Keras 2's, which load as TF loads them" % major)
    assert at_import == "False", "import scopecompat loaded Keras 3"
    assert by_tf1_code == "False", "tf.layers.dense or a tf.nn.rnn_cell cell loaded Keras 3"
    assert same_dense == "True", "tensorflow.keras after the deferral is not the keras package's own objects"
    assert optimizer == "keras", "tensorflow.keras.optimizers.Adam is not Keras 3's: %s" % optimizer
    assert first_finder != bootstrap.__name__, "the deferring finder stayed on sys.meta_path"


def test_tensorflow_without_scopecompat_still_loads_keras_3_at_import():
    """Nothing changes for a process that imports TF itself first: TF loads Keras 3 as it always does."""
    result = run_python("""
        import sys, tensorflow
        at_tf_import = "keras" in sys.modules
        import scopecompat
        print(at_tf_import, [f for f in sys.meta_path if "Keras3" in type(f).__name__])
    """)
    at_tf_import = result.stdout.split()[0]
    keras_installed = importlib.util.find_spec("keras") is not None  # Keras 3 from TF 2.16, Keras 2 before
    assert at_tf_import == str(keras_installed), (
        "raw `import tensorflow` should load the installed Keras (3, or TF 2.12-2.15's 2): %s" % result.stdout)
    assert result.stdout.strip().endswith("[]"), "a deferring finder is left on sys.meta_path: %s" % result.stdout


@pytest.mark.parametrize("version, error", [
    ("1.15.5", "On TensorFlow 1.x"),
    ("2.11.0", "Upgrade: pip install"),
    ("2.99.0", "not been tested on"),
])
def test_unsupported_tf_versions_get_a_clear_error(version, error):
    with pytest.raises(ImportError, match=error) as raised:
        bootstrap.check_version(version, environ={})
    assert "supports TensorFlow 2.12 to 2.21" in str(raised.value), "the error should give the supported range"


@pytest.mark.parametrize("version", ["2.12.0", "2.16.0rc0", "2.21.0"])
def test_supported_tf_versions_pass(version):
    bootstrap.check_version(version, environ={})


def test_a_newer_tf_can_be_allowed_explicitly():
    bootstrap.check_version("2.22.0", environ={bootstrap.ALLOW_UNTESTED_ENV: "1"})
