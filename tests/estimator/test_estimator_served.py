"""How tf.estimator is served (scopecompat/_estimator/loader.py): the TF1 spellings, and what stays refused."""

import warnings

import pytest

from conftest import launch, run_python, write


def test_the_tf1_spellings_of_the_estimator_are_one_set_of_objects_under_the_launcher(tmp_path):
    write(tmp_path / "program.py", """\
        import tensorflow as tf
        import tensorflow.estimator
        from tensorflow.python.estimator import estimator as estimator_module
        from tensorflow.python.estimator.canned import dnn
        print(tensorflow.estimator.Estimator is estimator_module.Estimator is tf.estimator.Estimator,
              dnn.DNNClassifier is tf.estimator.DNNClassifier,
              tf.compat.v1.estimator is tf.estimator)
    """)
    result = launch(["program.py"], cwd=tmp_path)
    assert result.returncode == 0, "the program runs under the launcher:\n%s" % result.stderr[-3000:]
    assert result.stdout.split() == ["True", "True", "True"], (
        "import tensorflow.estimator, tensorflow.python.estimator's modules and tf.compat.v1.estimator are "
        "the objects of tf.estimator: %r" % result.stdout)


def test_a_distribution_strategy_in_run_config_is_refused_with_the_reason_where_tf_removed_it():
    import scopecompat as tf
    from scopecompat._estimator import loader

    if loader.tf_has_estimator():
        pytest.skip("TF <= 2.15 serves its own tf.estimator, distribute coordinator included")
    with warnings.catch_warnings():  # the LegacyNameWarning: once per process, whichever test resolves it first
        warnings.simplefilter("ignore", tf.LegacyNameWarning)
        estimator = tf.estimator
    with pytest.raises(NotImplementedError) as raised:
        estimator.RunConfig(train_distribute=tf.distribute.MirroredStrategy(["/cpu:0"]))
    assert "TF 2.16 removed tensorflow.python.distribute.estimator_training" in str(raised.value), (
        "RunConfig(train_distribute=...) says why it is refused, not a silent one-machine run: %s" % raised.value)


def test_a_missing_tensorflow_estimator_names_the_package_and_the_pip_command():
    result = run_python("""
        import sys, warnings
        sys.modules["tensorflow_estimator"] = None  # as if tensorflow-estimator were not installed
        import scopecompat as tf
        from scopecompat._estimator import loader
        warnings.simplefilter("ignore")
        if loader.tf_has_estimator():
            print("TF serves its own")
        else:
            try:
                tf.estimator
            except ModuleNotFoundError as error:
                print("raised:", error)
    """, env={"TF_CPP_MIN_LOG_LEVEL": "3"})
    if "TF serves its own" in result.stdout:
        pytest.skip("TF <= 2.15 serves its own tf.estimator (tensorflow-estimator is TF's own dependency)")
    assert "raised:" in result.stdout, "no ModuleNotFoundError without tensorflow-estimator:\n" + result.stderr[-3000:]
    assert "pip install 'tensorflow-estimator==2.15.0'" in result.stdout, (
        "the error names the package's pip command: " + result.stdout)
