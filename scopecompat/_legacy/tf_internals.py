"""TF 1.15's internals (`tensorflow.python.*`) that TF 2.x moved or dropped: the one table of those facts.

TF1-era code reached into TensorFlow's own modules (`from tensorflow.python.ops import control_flow_ops`, then
`control_flow_ops.cond(...)`), and TF 2.x split some of those modules and moved names out (cond to
tensorflow.python.ops.cond). Each such fact is one row here, written once, whoever meets it:

- `MOVED`: TF 1.15's module and name, where TF 2.x has it ("module:name"; a function of this module where TF
  dropped a one-line function and scopecompat rebuilt it), its public spelling, and why;
- `GONE`: a name TF dropped with nothing equal in its place, and what to write instead.

Three places serve these names, each from these rows, each to its own code only (TF's modules stay untouched):

- scopecompat/_launcher/internals.py: what a TF1 program run by `scopecompat run` sees when it imports
  `tensorflow.python...` (views of TF's modules; docs/tf-internals.md);
- scopecompat/_contrib/tf_slim.py and scopecompat/_estimator/loader.py: what tf-slim's and tensorflow-estimator's
  modules see. Their tables (`REFERENCES`) say only which global of which of their modules is which TF module,
  and which attribute it reads there (a `Reference`); where that attribute is now, and why, is looked up here
  (`moved`, `now`), so a move met by a second package is not written twice. What is not a TF move (another
  package's move, a value TF dropped that something else stands in for) is a `StandIn` row of their own.

Standard-library Python: TF is imported only when a row's object is asked for.
"""

import collections
import functools
import importlib

# One moved name: the TF 1.15 module and name, where TF 2.x has it ("module:name"), its public spelling, why.
Moved = collections.namedtuple("Moved", "module name now spelling why")
# One dropped name: the TF 1.15 module and name, and what to write instead.
Gone = collections.namedtuple("Gone", "module name hint")
# A reference of a TF1-era package's module to a moved name: the package's module, its global (a TF module:
# `from tensorflow.python.ops import control_flow_ops`), that TF module's name, the attribute read there (the
# MOVED row of (tf_module, name) says where it is now and why), and which of the package's code reads it.
Reference = collections.namedtuple("Reference", "module global_name tf_module name read_by")
# A reference of such a module that is not a TF move (so not in MOVED): the same first four columns, what
# stands in for the attribute (a callable; a module it returns replaces the whole global), and why it is no move.
StandIn = collections.namedtuple("StandIn", "module global_name tf_module name stand_in why")


def scalar():
    """TF 1.15's tensor_shape.scalar (rebuilt: TF 2.x dropped this one-line function)."""
    from tensorflow.python.framework import tensor_shape

    return tensor_shape.TensorShape([])


class RegisterShape(object):
    """TF 1.15's ops.RegisterShape (rebuilt), which TF 1.15 already documented as "No longer used": shape
    functions are C++ since TF 1.0, and TF 1.15 kept the Python registrations for nothing. The decorator checks
    its op type as TF 1.15 did and returns the function."""

    def __init__(self, op_type):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, f):
        return f


def unknown_shape(op):
    """TF 1.15's common_shapes.unknown_shape (rebuilt): a Python shape function (see RegisterShape)."""
    from tensorflow.python.framework import tensor_shape

    return [tensor_shape.unknown_shape() for _ in op.outputs]


REBUILT_HERE = "scopecompat._legacy.tf_internals:"

MOVED = (
    Moved("tensorflow.python.ops.control_flow_ops", "cond", "tensorflow.python.ops.cond:cond", "tf.compat.v1.cond",
          "TF 2.x moved cond to tensorflow.python.ops.cond (the same function, TF 1.x's signature)."),
    Moved("tensorflow.python.framework.ops", "Tensor", "tensorflow.python.framework.tensor:Tensor", "tf.Tensor",
          "TF 2.x moved Tensor to tensorflow.python.framework.tensor."),
    Moved("tensorflow.python.ops.control_flow_ops", "while_loop", "tensorflow.python.ops.while_loop:while_loop",
          "tf.compat.v1.while_loop", "TF 2.x moved while_loop to tensorflow.python.ops.while_loop (the v1 function)."),
    Moved("tensorflow.python.pywrap_tensorflow", "NewCheckpointReader",
          "tensorflow.python.training.py_checkpoint_reader:NewCheckpointReader", "tf.compat.v1.train.NewCheckpointReader",
          "TF 2.x's pywrap_tensorflow no longer re-exports the checkpoint reader."),
    Moved("tensorflow.python.framework.graph_util", "convert_variables_to_constants",
          "tensorflow.python.framework.convert_to_constants:convert_variables_to_constants",
          "tf.compat.v1.graph_util.convert_variables_to_constants",
          "TF 2.x moved it to tensorflow.python.framework.convert_to_constants (the same signature)."),
    Moved("tensorflow.python.util.nest", "is_sequence", "tensorflow.python.util.nest:is_nested", "tf.nest.is_nested",
          "TF 2.x renamed is_sequence to is_nested (the same test)."),
    Moved("tensorflow.python.ops.array_ops", "stack", "tensorflow.python.ops.array_ops_stack:stack", "tf.stack",
          "TF 2.x moved stack to tensorflow.python.ops.array_ops_stack."),
    Moved("tensorflow.python.ops.array_ops", "unstack", "tensorflow.python.ops.array_ops_stack:unstack", "tf.unstack",
          "TF 2.x moved unstack to tensorflow.python.ops.array_ops_stack."),
    Moved("tensorflow.python.ops.control_flow_ops", "Assert", "tensorflow.python.ops.control_flow_assert:Assert",
          "tf.debugging.Assert", "TF 2.x moved Assert to tensorflow.python.ops.control_flow_assert."),
    Moved("tensorflow.python.framework.ops", "IndexedSlices", "tensorflow.python.framework.indexed_slices:IndexedSlices",
          "tf.IndexedSlices", "TF 2.x moved IndexedSlices to tensorflow.python.framework.indexed_slices."),
    Moved("tensorflow.python.pywrap_tensorflow", "EventsWriter",
          "tensorflow.python.client._pywrap_events_writer:EventsWriter", "tf.summary.FileWriter",
          "TF 2.x's events writer lives in tensorflow.python.client._pywrap_events_writer (the same methods)."),
    # Not in the repositories measured; TF 1.15's own contrib tests use them.
    Moved("tensorflow.python.ops.variables", "VariableV1", "tensorflow.python.ops.variable_v1:VariableV1",
          "tf.compat.v1.Variable", "TF 2.x moved VariableV1 to tensorflow.python.ops.variable_v1."),
    Moved("tensorflow.python.ops.variable_scope", "enable_resource_variables",
          "tensorflow.python.ops.resource_variables_toggle:enable_resource_variables",
          "tf.compat.v1.enable_resource_variables",
          "TF 2.x moved it to tensorflow.python.ops.resource_variables_toggle."),
    # Not in the repositories measured either; TF 1.15's contrib code as tf-slim carries it reads them
    # (scopecompat/_contrib/tf_slim.py's REFERENCES).
    Moved("tensorflow.python.ops.variable_scope", "variable", "tensorflow.python.ops.variable_v1:VariableV1",
          "tf.compat.v1.Variable",
          "TF 1.x's variable_scope.variable was an alias of variables.VariableV1; TF 2.x dropped the alias and moved "
          "VariableV1 to tensorflow.python.ops.variable_v1."),
    Moved("tensorflow.python.ops.control_flow_ops", "case", "tensorflow.python.ops.control_flow_case:case",
          "tf.compat.v1.case", "TF 2.x moved case to tensorflow.python.ops.control_flow_case (the v1 function)."),
    # Rebuilt here (the functions above).
    Moved("tensorflow.python.framework.tensor_shape", "scalar", REBUILT_HERE + "scalar", "tf.TensorShape([])",
          "Rebuilt: TF 2.x dropped this one-line function (TensorShape([]))."),
    Moved("tensorflow.python.framework.ops", "RegisterShape", REBUILT_HERE + "RegisterShape", None,
          "Rebuilt: TF 1.15 already ignored Python shape functions; TF 2.x dropped the decorator."),
    Moved("tensorflow.python.framework.common_shapes", "unknown_shape", REBUILT_HERE + "unknown_shape", None,
          "Rebuilt: the shape function TF 1.15's RegisterShape took; TF 2.x dropped it."),
)

GONE = (
    Gone("tensorflow.python.ops.resource_variable_ops", "_from_proto_fn",
         "TF 2.x dropped this private helper; use tf.compat.v1.Variable.from_proto(variable_def, import_scope=...)."),
    Gone("tensorflow.python.ops.resource_variable_ops", "_to_proto_fn",
         "TF 2.x dropped this private helper; use variable.to_proto(export_scope=...)."),
    Gone("tensorflow.python.framework.op_def_registry", "get_registered_ops",
         "TF 2.x dropped it; op_def_registry.get(op_type) gives one op's OpDef (the op names: dir(tf.raw_ops))."),
)

_MOVED_AT = {(row.module, row.name): row for row in MOVED}


def moved(module_name, name):
    """The MOVED row of TF 1.15's `module_name.name`."""
    try:
        return _MOVED_AT[module_name, name]
    except KeyError:
        raise KeyError("%s.%s has no row in scopecompat/_legacy/tf_internals.py's MOVED: write the move there, once "
                       "(where TF 2.x has it, its public spelling, why)" % (module_name, name)) from None


def load(target):
    """The object at "module:name"."""
    module_name, _, name = target.partition(":")
    return getattr(importlib.import_module(module_name), name)


def has(module, name):
    """Whether `module.name` is there on the installed TF (a lazy loader whose target moved raises ImportError)."""
    try:
        getattr(module, name)
    except (AttributeError, ImportError):
        return False
    return True


def now(module_name, name):
    """TF 1.15's `module_name.name` on the installed TF: where TF still has it at its old place (an older TF 2.x),
    that one; else the object at its new place (its MOVED row)."""
    row = moved(module_name, name)
    module = importlib.import_module(module_name)
    return getattr(module, name) if has(module, name) else load(row.now)


def mends(references, stand_ins):
    """(module, its global, the attribute it reads there, what it is now (a callable), why) for each Reference
    (the move looked up in MOVED) and each StandIn of a TF1-era package's tables: what its loader mends, where the
    installed TF lacks the attribute."""
    rows = [(ref.module, ref.global_name, ref.name, functools.partial(now, ref.tf_module, ref.name),
             moved(ref.tf_module, ref.name).why) for ref in references]
    rows += [(row.module, row.global_name, row.name, row.stand_in, row.why) for row in stand_ins]
    return tuple(rows)
