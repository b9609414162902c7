"""The facts the diagnoses and the Jupyter extension read, each answered here once.

- Which of TF's variable errors is this (`classify`, from TF's first line; the table of TF's messages).
- Is this file the user's code or library code (`is_user_code`), and where in the user's code did
  something happen (`call_site` from a frame, `creation_site` from a variable's creation traceback).
- What made a variable (`created_by`: get_variable, Variable, a layer, an RNN cell, an optimizer, a moving
  average; from its creation traceback) and what a name says (`made_next_to`: an optimizer slot or a moving
  average; `is_batch_norm_variable`).
- The graph's variables: TF's variable store (read only), every variable in any collection, and whether
  an op of a name is a variable (`has_variable_op`: what tf.Variable made, where get_variable finds nothing).
Nothing here changes TF's state or imports IPython.
"""

import functools
import linecache
import os
import re
import site
import sys
import sysconfig

from scopecompat._facade.bootstrap import tf_v1

_tensorflow = sys.modules["tensorflow"]
# scopecompat's own package folder (this module is in its _diagnostics/ subpackage).
_PACKAGE_FOLDER = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _partitioned_variable_class():
    """TF's PartitionedVariable (what get_variable returns with a partitioner; not a public name)."""
    try:
        from tensorflow.python.ops.variables import PartitionedVariable
    except ImportError:  # TF moved it: partitioned variables are then seen as their parts only
        return ()
    return PartitionedVariable


PartitionedVariable = _partitioned_variable_class()

# -- which of TF's variable errors -------------------------------------------------------------------

ALREADY_EXISTS = "already exists"
DOES_NOT_EXIST = "does not exist"
SHAPE_MISMATCH = "shape mismatch"
DTYPE_MISMATCH = "dtype mismatch"
NO_SHAPE = "no shape"
SHAPE_WITH_VALUE = "shape with a value initializer"
INVALID_NAME = "invalid name"
INVALID_REUSE = "invalid reuse"

# TF's messages (TF 2.12-2.21 variable_scope.py), first line. A partitioned variable's messages carry the
# group `partitioned`: its name is not an op's name (its parts are `name/part_0`, ...).
TF_ERRORS = [
    (ALREADY_EXISTS, re.compile(r"Variable (?P<name>\S+) already exists, disallowed\.")),
    (ALREADY_EXISTS, re.compile(r"(?P<partitioned>Partitioned) variable with name (?P<name>\S+) already exists\.")),
    (DOES_NOT_EXIST, re.compile(r"Variable (?P<name>\S+) does not exist, or was not created with tf\.get_variable")),
    (DOES_NOT_EXIST, re.compile(r"(?P<partitioned>Partitioned)Variable (?P<name>\S+) does not exist, or was not "
                                r"created")),
    (SHAPE_MISMATCH, re.compile(r"Trying to (?:share|reuse partitioned) variable (?P<name>\S+), but specified "
                                r"shape (?P<asked>.+) and found shape (?P<found>.+)\.$")),
    (DTYPE_MISMATCH, re.compile(r"Trying to (?:share|reuse partitioned) variable (?P<name>\S+), but specified "
                                r"dtype (?P<asked>\S+) and found dtype (?P<found>\S+)\.$")),
    (NO_SHAPE, re.compile(r"Variable (?P<name>\S+) did not get an initializer, so its `shape` argument must")),
    (SHAPE_WITH_VALUE, re.compile(r"If initializer is a constant, do not specify shape\.")),
    (INVALID_NAME, re.compile(r"'(?P<name>.*)' is not a valid (?:root )?scope name\.")),
    # Raised by variable_scope's constructor: taught only inside an enclosing scopecompat scope.
    (INVALID_REUSE, re.compile(r"The reuse parameter must be True or False or None\.")),
]


def classify(message):
    """(kind, fields) of TF's variable error `message` (fields: the named groups, e.g. name), or (None, None)."""
    first_line = message.split("\n", 1)[0]
    for kind, pattern in TF_ERRORS:
        match = pattern.match(first_line)
        if match:
            return kind, match.groupdict()
    return None, None


# -- the user's code ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def library_folders():
    """Folders whose code is not the user's: Python's, installed packages', scopecompat's own."""
    folders = set()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            folders.add(path)
    for path in getattr(site, "getsitepackages", lambda: [])() + [getattr(site, "USER_SITE", None) or ""]:
        if path:
            folders.add(path)
    folders.add(_PACKAGE_FOLDER)
    return tuple(os.path.join(os.path.realpath(folder), "") for folder in folders)


# scopecompat's bundled TF1 programs are user code, although they live in the package.
_USER_CODE_IN_PACKAGE = os.path.join(_PACKAGE_FOLDER, "_programs", "")


def is_scopecompat_code(filename):
    """True for a file of scopecompat's own modules, in any of its folders (not its bundled TF1 programs)."""
    path = os.path.realpath(filename)
    return path.startswith(os.path.join(_PACKAGE_FOLDER, "")) and not path.startswith(_USER_CODE_IN_PACKAGE)


def is_user_code(filename):
    if filename.startswith("<"):  # <stdin>, <string>, <ipython-input-...> are; <frozen ...> is not
        return not filename.startswith("<frozen")
    path = os.path.realpath(filename)
    if path.startswith(_USER_CODE_IN_PACKAGE):
        return True
    return not path.startswith(library_folders())


class Site(object):
    """A place in the user's code: file, line, function, source line."""

    def __init__(self, filename, lineno, function, line):
        self.filename, self.lineno, self.function, self.line = filename, lineno, function, (line or "").strip()

    def __eq__(self, other):
        return isinstance(other, Site) and (self.filename, self.lineno) == (other.filename, other.lineno)

    def __str__(self):
        text = "%s:%d" % (self.filename, self.lineno)
        if self.function and self.function != "<module>":
            text += ", in %s()" % self.function
        if self.line:
            text += ": `%s`" % self.line
        return text


def _creation_frames(variable):
    """The frames of the traceback that created `variable`'s op, outermost first ([] if TF has none)."""
    if isinstance(variable, PartitionedVariable):
        variable = list(variable)[0]
    try:
        return list(variable.op.traceback)
    except (AttributeError, ValueError, TypeError):
        return []


def creation_site(variable):
    """Where the user's code created `variable`, from its op's traceback (innermost user frame)."""
    for frame in reversed(_creation_frames(variable)):
        if is_user_code(frame.filename):
            return Site(frame.filename, frame.lineno, frame.name,
                        frame.line or linecache.getline(frame.filename, frame.lineno))
    return None


def call_site(frame):
    """The innermost user frame from `frame` outwards."""
    while frame is not None:
        filename = frame.f_code.co_filename
        if is_user_code(filename):
            return Site(filename, frame.f_lineno, frame.f_code.co_name,
                        linecache.getline(filename, frame.f_lineno))
        frame = frame.f_back
    return None


def in_notebook():
    """True in IPython/Jupyter (looked up in sys.modules: IPython is never imported here)."""
    ipython = sys.modules.get("IPython")
    get_ipython = getattr(ipython, "get_ipython", None)
    return get_ipython is not None and get_ipython() is not None


def is_notebook_cell(where):
    """True if the Site `where` is in a notebook cell (a Jupyter kernel's or IPython's cell file)."""
    return where is not None and ("ipykernel_" in where.filename or where.filename.startswith("<ipython-input"))


# -- what made a variable ----------------------------------------------------------------------------

GET_VARIABLE = "get_variable"
VARIABLE = "Variable"
LAYER = "layer"
RNN_CELL = "rnn cell"
OPTIMIZER = "optimizer"
MOVING_AVERAGE = "moving average"

# TF's module that makes optimizer slots (Adam's m and v, Momentum's accumulator) next to each variable.
SLOT_CREATOR_FILE = "/training/slot_creator.py"
# What made a variable, from the files in its creation traceback, first match in this order (a moving
# average is made by slot_creator.py, as an optimizer slot is; an RNN cell is also a layer; an optimizer
# slot is made next to any variable). Paths cover TF 2.12-2.21: keras 2's and tf_keras's legacy layers
# and cells, TF's own optimizers and moving averages, and tf-slim's layers (tf.contrib.layers and slim).
CREATORS = (
    (("/training/moving_averages.py",), MOVING_AVERAGE),
    ((SLOT_CREATOR_FILE, "/training/optimizer.py"), OPTIMIZER),
    (("/legacy_cells.py", "/rnn_cell_impl.py", "/rnn_cell_wrapper"), RNN_CELL),
    (("/legacy_tf_layers/", "/keras/layers/", "/tf_keras/src/layers/", "/tf_slim/layers/"), LAYER),
)


def _has_file(filenames, markers):
    return any(marker in filename.replace("\\", "/") for filename in filenames for marker in markers)


def created_by(variable, made_by_get_variable):
    """get_variable / Variable / layer / rnn cell / optimizer / moving average."""
    filenames = [frame.filename for frame in _creation_frames(variable)]
    for markers, kind in CREATORS:
        if _has_file(filenames, markers):
            return kind
    return GET_VARIABLE if made_by_get_variable else VARIABLE


def runs_slot_creator(filenames):
    """True if these (a traceback's files) run TF's slot creator: an optimizer making its slots."""
    return _has_file(filenames, (SLOT_CREATOR_FILE,))


# Variables TF makes, with its own get_variable, next to a variable of the user's: optimizer slots
# (`w/Adam`, `w/Adam_1`, ...; AdamOptimizer.minimize() makes them) and moving averages. Made inside a
# reuse=True scope, they "do not exist": the classic trap.
SLOT_NAMES = {
    "Adam", "Adam_1", "Momentum", "RMSProp", "RMSProp_1", "Adagrad", "AdagradDA", "Adadelta", "Adadelta_1",
    "Ftrl", "Ftrl_1", "ProximalAdagrad", "ExponentialMovingAverage",
}
# Batch normalization's variables (tf.layers.batch_normalization, tf.contrib.layers.batch_norm).
BATCH_NORM_NAMES = {"moving_mean", "moving_variance", "gamma", "beta"}
_BATCH_NORM_SCOPE = re.compile(r"batch_norm|BatchNorm", re.IGNORECASE)


def made_next_to(name):
    """OPTIMIZER or MOVING_AVERAGE if the variable name `name` is one TF makes next to a user's variable
    (by its last part, e.g. `w/Adam`), else None."""
    leaf = name.rstrip("/").rsplit("/", 1)[-1]
    if leaf not in SLOT_NAMES:
        return None
    return MOVING_AVERAGE if leaf == "ExponentialMovingAverage" else OPTIMIZER


def is_batch_norm_variable(name):
    """True if the variable name `name` is a batch normalization's (gamma, beta, moving_mean, moving_variance)."""
    leaf = name.rstrip("/").rsplit("/", 1)[-1]
    return leaf in BATCH_NORM_NAMES and (leaf.startswith("moving_") or bool(_BATCH_NORM_SCOPE.search(name)))


# -- the graph's variables ---------------------------------------------------------------------------

# The op types of a variable: ref variables (TF1 mode) and resource variables (use_resource=True).
VARIABLE_OP_TYPES = ("VariableV2", "VarHandleOp")


def has_variable_op(graph, name):
    """True if `graph` has a variable op named `name` (one that tf.Variable made, as get_variable's failed)."""
    try:
        return graph.get_operation_by_name(name).type in VARIABLE_OP_TYPES
    except KeyError:
        return False


def variable_store():
    """The default graph's store of get_variable's variables (TF's own, read only), or None."""
    try:
        from tensorflow.python.ops import variable_scope as tf_variable_scope

        return tf_variable_scope._get_default_variable_store()
    except Exception:  # TF moved it: the hints that need it are left out
        return None


def stored_variables(store):
    """(get_variable's variables by name, its partitioned variables by name) in `store` (TF's private dicts)."""
    return getattr(store, "_vars", {}), getattr(store, "_partitioned_vars", {})


def get_variable_names():
    """The names in the default graph's variable store: variables, then partitioned variables, each sorted."""
    variables, partitioned = stored_variables(variable_store())
    return sorted(variables) + sorted(partitioned)


def stored(name):
    """The variable (or partitioned variable) that get_variable made as `name` in the default graph, or None."""
    store = variable_store()
    if store is None:
        return None
    variables, partitioned = stored_variables(store)
    found = variables.get(name)
    if found is None:  # (not `or`: a resource variable's truth value is its value's, unknown in a graph)
        found = partitioned.get(name)
    return found


def graph_variables(graph=None):
    """Every variable in any collection of `graph` (default: the default graph), once, in order."""
    graph = graph if graph is not None else tf_v1.get_default_graph()
    seen, found = set(), []
    for key in [tf_v1.GraphKeys.GLOBAL_VARIABLES, tf_v1.GraphKeys.LOCAL_VARIABLES] + sorted(
            graph.get_all_collection_keys(), key=str):
        for value in graph.get_collection(key):
            if isinstance(value, _tensorflow.Variable) and id(value) not in seen:
                seen.add(id(value))
                found.append(value)
    return found
