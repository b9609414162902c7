"""tf.layers' convolutions (Conv1D, Conv2D, Conv3D and conv1d, conv2d, conv3d) as TF 1.15 built them.

TF 1.15's tf.layers convolution made its convolution in `build` with `nn_ops.Convolution`, which converted
the dilation rate to a constant (`conv2d/dilation_rate`, unused when it is 1) and named a 1-D convolution's ops
`conv1d/conv1d/...`; the tf.layers that TF 2.x serves (tf_keras's legacy layers under Keras 3, Keras 2's before)
call `tf.nn.convolution` instead: one op fewer per layer, and `conv1d/Conv1D/...` and `conv2d/Conv2D/...` names
for 1-D and dilated convolutions. In a program seeded only by the graph (`tf.set_random_seed`), every random op
draws with the graph's op count as its seed (scopecompat/_legacy/random_seeds.py), so that one op changed the
initial weights of every layer made after a convolution: a CNN trained to other numbers than on TF 1.15.

The classes here are subclasses of the classes scopecompat's tf.layers serves (the same variables, arguments and
values; `isinstance` holds both ways a TF1 program checks) that build TF 1.15's `nn_ops.Convolution` (TF 2.x still
has it: tf.compat.v1.nn.convolution uses it) in `build` and call it; the functions are those classes' functional
forms, argument for argument. Measured against TF 1.15.5 by the conformance family op_counts_tf
(docs/op-counts.md). Grouped convolutions (`groups`, which TF 1.15 did not have) and eager calls use TF 2.x's.

Imported on first use of one of these names, never at `import scopecompat`.
"""

import functools
import inspect

from tensorflow.python.eager import context as _context
from tensorflow.python.framework import tensor_shape as _tensor_shape
from tensorflow.python.ops import nn_ops as _nn_ops

from scopecompat._facade import namespaces

__all__ = ["Conv1D", "Conv2D", "Conv3D", "conv1d", "conv2d", "conv3d"]

# The module whose other names scopecompat's tf.layers holds: tf_keras's legacy layers under Keras 3, else TF's.
_layers = namespaces.tf_v1_counterpart("layers")

# Which data_format TF 1.15's Convolution was given for each rank (conv_utils.convert_data_format).
_DATA_FORMATS = {("channels_last", 1): "NWC", ("channels_last", 2): "NHWC", ("channels_last", 3): "NDHWC",
                 ("channels_first", 1): "NCW", ("channels_first", 2): "NCHW", ("channels_first", 3): "NCDHW"}


class _BuildsTf1Convolution:
    """Makes TF 1.15's nn_ops.Convolution at the end of build (its dilation_rate constant, after the variables,
    where TF 1.15 made it) and convolves with it."""

    def build(self, input_shape):
        super().build(input_shape)
        if _context.executing_eagerly() or getattr(self, "groups", 1) != 1:
            return
        padding = "valid" if self.padding == "causal" else self.padding
        self._tf1_convolution = _nn_ops.Convolution(
            _tensor_shape.TensorShape(input_shape), filter_shape=self.kernel.shape, dilation_rate=self.dilation_rate,
            strides=self.strides, padding=padding.upper() if isinstance(padding, str) else padding,
            data_format=_DATA_FORMATS[self.data_format, self.rank])

    def convolution_op(self, inputs, kernel):
        convolution = getattr(self, "_tf1_convolution", None)
        if convolution is None or _context.executing_eagerly():
            return super().convolution_op(inputs, kernel)
        return convolution(inputs, kernel)


def _built_as_tf1(served_class):
    """A subclass of tf.layers' `served_class` (same name and docs) that builds TF 1.15's convolution."""
    return type(served_class.__name__, (_BuildsTf1Convolution, served_class),
                {"__doc__": served_class.__doc__, "__module__": "scopecompat.layers"})


def _functional(served_function, layer_class):
    """`served_function`'s functional form, argument for argument, building `layer_class` (as it builds its own)."""
    signature = inspect.signature(served_function)

    @functools.wraps(served_function)
    def functional(*args, **kwargs):
        arguments = signature.bind(*args, **kwargs)
        arguments.apply_defaults()
        arguments = dict(arguments.arguments)
        inputs, reuse = arguments.pop("inputs"), arguments.pop("reuse")
        layer = layer_class(_reuse=reuse, _scope=arguments["name"], **arguments)
        return layer(inputs)

    return functional


# tf_keras 2.16+ and Keras 2's Conv (TF 2.12-2.15) have convolution_op, the one place the convolution is made.
BUILT_AS_TF1 = all(hasattr(getattr(_layers, name), "convolution_op") for name in ("Conv1D", "Conv2D", "Conv3D"))

if BUILT_AS_TF1:
    Conv1D, Conv2D, Conv3D = (_built_as_tf1(getattr(_layers, name)) for name in ("Conv1D", "Conv2D", "Conv3D"))
    conv1d, conv2d, conv3d = (_functional(getattr(_layers, name), layer_class)
                              for name, layer_class in (("conv1d", Conv1D), ("conv2d", Conv2D), ("conv3d", Conv3D)))
else:
    Conv1D, Conv2D, Conv3D = _layers.Conv1D, _layers.Conv2D, _layers.Conv3D
    conv1d, conv2d, conv3d = _layers.conv1d, _layers.conv2d, _layers.conv3d
