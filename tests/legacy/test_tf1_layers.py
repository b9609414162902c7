"""tf.layers' convolutions built as TF 1.15 built them (scopecompat/_legacy/tf1_layers.py): what the conformance
family op_counts_tf does not show, the classes' relations, the functional forms' arguments, variable sharing."""

import numpy as np
import pytest

import scopecompat as tf
from scopecompat._facade import namespaces
from scopecompat._legacy import tf1_layers

SERVED = namespaces.tf_v1_counterpart("layers")  # tf_keras's legacy layers under Keras 3, TF's own before
CONVOLUTIONS = ["Conv1D", "Conv2D", "Conv3D"]

pytestmark = pytest.mark.skipif(not tf1_layers.BUILT_AS_TF1, reason="this TF's tf.layers has no convolution_op")


@pytest.mark.parametrize("name", CONVOLUTIONS)
def test_each_convolution_is_a_subclass_of_the_served_class_with_its_name(name):
    ours, served = getattr(tf.layers, name), getattr(SERVED, name)
    assert ours is getattr(tf1_layers, name), "scopecompat.layers.%s is tf1_layers'" % name
    assert issubclass(ours, served) and ours is not served, "%s subclasses the class tf.layers serves" % name
    assert issubclass(ours, tf.layers.Layer), "%s is a tf.layers.Layer" % name
    assert ours.__name__ == name and ours.__doc__ == served.__doc__, "%s keeps its name and docs" % name


def test_other_layers_stay_the_served_objects():
    for name in ("Dense", "dense", "SeparableConv2D", "Conv2DTranspose", "batch_normalization", "max_pooling2d"):
        assert getattr(tf.layers, name) is getattr(SERVED, name), "tf.layers.%s is the served object" % name


def test_the_functional_form_shares_variables_by_name_and_reuse():
    graph = tf.Graph()
    with graph.as_default():
        images = tf.constant(np.ones((1, 6, 6, 2), np.float32))
        first = tf.layers.conv2d(images, 3, 3, name="shared", use_bias=False)
        second = tf.layers.conv2d(images, 3, 3, name="shared", use_bias=False, reuse=True)
        names = [v.name for v in tf.global_variables()]
        with pytest.raises(ValueError, match="already exists"):
            tf.layers.conv2d(images, 3, 3, name="shared")
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            a, b = session.run([first, second])
    assert names == ["shared/kernel:0"], "reuse=True shares the kernel: %s" % names
    assert np.array_equal(a, b), "the shared kernel gives the same output"


def test_keyword_and_positional_arguments_reach_the_layer():
    graph = tf.Graph()
    with graph.as_default():
        seq = tf.constant(np.ones((2, 8, 3), np.float32))
        y = tf.layers.conv1d(seq, 4, 3, 2, "same", activation=tf.nn.relu, name="c", trainable=False)
        assert y.shape.as_list() == [2, 4, 4], "strides=2 and padding='same' (positional) reached the layer"
        assert tf.trainable_variables() == [], "trainable=False reached the layer"
        assert y.op.type == "Relu", "activation reached the layer"


def test_the_dilation_constant_is_made_once_per_layer_in_build():
    graph = tf.Graph()
    with graph.as_default():
        layer = tf.layers.Conv2D(2, 3, name="twice")
        images = tf.constant(np.ones((1, 6, 6, 2), np.float32))
        layer(images)
        layer(images)
        constants = [op.name for op in graph.get_operations() if op.name.endswith("dilation_rate")]
    assert constants == ["twice/dilation_rate"], "TF 1.15 made it in build, once: %s" % constants
