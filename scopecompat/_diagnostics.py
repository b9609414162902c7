"""Errors that teach: TensorFlow's variable-sharing errors, with what happened and what to do.

TF1's two famous errors, "Variable X already exists, disallowed" and "Variable X does not exist, or
was not created with tf.get_variable()", say what failed but not why. Through scopecompat they stay
what they were (a ValueError whose message starts with TF's message, unchanged, and whose __cause__
is TF's own exception) and go on with the facts TF had but did not print: where the existing variable
was created in the user's code, the reuse setting of the variable scopes around the call, near names,
a tf.Variable of that name, the optimizer-slot trap; then the fix that fits.

Where errors are caught (on the success path each costs at most one Python call):
- `get_variable`, which runs TF's own one-statement body in its own frame (no extra call) and also counts,
  on each variable, the calls that returned it (for inventory());
- `variable_scope`, in `__exit__`, so that errors raised inside a `with tf.variable_scope(...)` block
  by layers, RNN cells and optimizers (which call TF's own get_variable) teach too;
- the RNN builders of tf.nn (a re-run notebook cell building its LSTM again is the tutorials' classic).
An error that TensorFlow's own code raises outside all of these (tf.layers.dense at the top level, say)
keeps TF's message alone. A hint that cannot be computed is left out: TF's error always comes through.
"""

import difflib
import functools
import linecache
import os
import re
import site
import sys
import sysconfig

from scopecompat._bootstrap import tf_v1

_tensorflow = sys.modules["tensorflow"]


def _partitioned_variable_class():
    """TF's PartitionedVariable (what get_variable returns with a partitioner; not a public name)."""
    try:
        from tensorflow.python.ops.variables import PartitionedVariable
    except ImportError:  # TF moved it: partitioned variables are then seen as their parts only
        return ()
    return PartitionedVariable


PartitionedVariable = _partitioned_variable_class()

# -- counting get_variable calls ---------------------------------------------------------------------

# Each object get_variable returns carries its own count, as this attribute (TF never reads it). Kept on
# the object, the count costs nothing to find: TF has just read that object's attributes, so they are in
# the cache, where a module-level {id(variable): count} dict measured +1% of a reusing get_variable call
# (its memory had gone cold during TF's ~230 calls). And it goes away with the variable: nothing is kept
# alive, no id can be confused with another's.
CALLS_ATTRIBUTE = "_scopecompat_get_variable_calls"


def _count_first_call(value):
    try:
        setattr(value, CALLS_ATTRIBUTE, 1)
    except (AttributeError, TypeError):  # a custom getter returned an object that takes no attributes
        pass


def get_variable_calls(value):
    """How many get_variable calls through scopecompat returned `value`, or None if none did."""
    return getattr(value, CALLS_ATTRIBUTE, None)


# -- get_variable ------------------------------------------------------------------------------------

_tf_get_variable = tf_v1.get_variable
# TF's tf.compat.v1.get_variable is one statement, as it was in TF 1.x (tests/test_diagnostics.py checks it
# on each TF of the matrix; seen on 2.12, 2.16 and 2.21):
#     return get_variable_scope().get_variable(_get_default_variable_store(), name, shape=shape, ...)
# scopecompat's get_variable runs that statement itself, inside its try, rather than calling TF's
# function: the extra frame (15 arguments passed on) measured +0.3-0.5% of a reusing call, and the target
# is 1% all told (benchmarks/README.md). Where TF's function is not that statement (a TF release after
# 2.21, allowed by SCOPECOMPAT_ALLOW_UNTESTED_TF), get_variable calls TF's function instead.
_TF_GET_VARIABLE_NAMES = ("get_variable_scope", "get_variable", "_get_default_variable_store")


def _tf_get_variable_is_one_statement():
    try:
        from tensorflow.python.ops import variable_scope as tf_variable_scope
    except ImportError:
        return False
    return (_tf_get_variable.__code__.co_names == _TF_GET_VARIABLE_NAMES
            and _tf_get_variable.__globals__ is vars(tf_variable_scope))


RUNS_TF_STATEMENT = _tf_get_variable_is_one_statement()
# The statement's two functions, as TF's function finds them (its module's globals).
_variable_scope_of = _tf_get_variable.__globals__.get("get_variable_scope")
_default_variable_store = _tf_get_variable.__globals__.get("_get_default_variable_store")


# TF's own signature, spelled out (tests/test_diagnostics.py checks that it is TF's): `*args, **kwargs`
# measured 1-2% of a reusing call on CPython 3.11, which does not inline a `f(*args, **kwargs)` call.
@functools.wraps(_tf_get_variable)
def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                 collections=None, caching_device=None, partitioner=None, validate_shape=True, use_resource=None,
                 custom_getter=None, constraint=None, synchronization=tf_v1.VariableSynchronization.AUTO,
                 aggregation=tf_v1.VariableAggregation.NONE):
    try:
        variable = _variable_scope_of().get_variable(
            _default_variable_store(), name, shape=shape, dtype=dtype, initializer=initializer,
            regularizer=regularizer, trainable=trainable, collections=collections, caching_device=caching_device,
            partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
            custom_getter=custom_getter, constraint=constraint, synchronization=synchronization,
            aggregation=aggregation)
    except ValueError as error:
        taught = teach(error, sys._getframe(1))
        if taught is None:
            raise
        raise taught from error
    try:
        variable._scopecompat_get_variable_calls += 1  # CALLS_ATTRIBUTE, spelled out: no getattr() call
    except AttributeError:
        _count_first_call(variable)
    return variable


# -- the other wrappers ------------------------------------------------------------------------------

def teaching(function):
    """`function`, whose variable-sharing errors teach."""

    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ValueError as error:
            taught = teach(error, sys._getframe(1))
            if taught is None:
                raise
            raise taught from error

    return call


def _get_variable_calling_tf(*args, **kwargs):
    """get_variable where TF's function is not the one statement above: TF's function, called."""
    variable = _teaching_tf_get_variable(*args, **kwargs)
    try:  # counted as get_variable above counts
        variable._scopecompat_get_variable_calls += 1
    except AttributeError:
        _count_first_call(variable)
    return variable


_teaching_tf_get_variable = teaching(_tf_get_variable)
if not RUNS_TF_STATEMENT:
    get_variable = functools.wraps(_tf_get_variable)(_get_variable_calling_tf)  # noqa: F811  (on purpose)


# tf.nn's RNN builders: where the cells' variables are made, by TensorFlow's own get_variable.
dynamic_rnn = teaching(tf_v1.nn.dynamic_rnn)
static_rnn = teaching(tf_v1.nn.static_rnn)
bidirectional_dynamic_rnn = teaching(tf_v1.nn.bidirectional_dynamic_rnn)
static_bidirectional_rnn = teaching(tf_v1.nn.static_bidirectional_rnn)

_tf_variable_scope = tf_v1.variable_scope
_tf_variable_scope_exit = _tf_variable_scope.__exit__


class variable_scope(_tf_variable_scope):  # noqa: N801  (TF's name)
    __doc__ = _tf_variable_scope.__doc__

    def __exit__(self, exc_type, exc_value, exc_traceback):
        # Only __exit__ is ours: the success path pays one Python call when the block ends.
        if exc_type is not ValueError:
            return _tf_variable_scope_exit(self, exc_type, exc_value, exc_traceback)
        # Still this block's scope and graph: inner blocks have exited, this one not yet. While an error
        # leaves a `with` block, its frame is at the `with` line: where this scope was opened.
        taught = teach(exc_value, sys._getframe(1), tf_v1.get_variable_scope(), opened=True)
        _tf_variable_scope_exit(self, exc_type, exc_value, exc_traceback)
        if taught is not None:
            raise taught from exc_value
        return None


# -- what the error was about ------------------------------------------------------------------------

ALREADY_EXISTS = "already exists"
DOES_NOT_EXIST = "does not exist"
SHAPE_MISMATCH = "shape mismatch"
DTYPE_MISMATCH = "dtype mismatch"
NO_SHAPE = "no shape"
SHAPE_WITH_VALUE = "shape with a value initializer"
INVALID_NAME = "invalid name"
INVALID_REUSE = "invalid reuse"

# TF's messages (TF 2.12-2.21 variable_scope.py), first line.
_KINDS = [
    (ALREADY_EXISTS, re.compile(r"Variable (?P<name>\S+) already exists, disallowed\.")),
    (ALREADY_EXISTS, re.compile(r"Partitioned variable with name (?P<name>\S+) already exists\.")),
    (DOES_NOT_EXIST, re.compile(r"Variable (?P<name>\S+) does not exist, or was not created with tf\.get_variable")),
    (DOES_NOT_EXIST, re.compile(r"PartitionedVariable (?P<name>\S+) does not exist, or was not created")),
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
_VALID_NAME_CHARACTER = re.compile(r"[A-Za-z0-9_.\\/>-]")
_VALID_FIRST_CHARACTER = re.compile(r"[A-Za-z0-9.]")


def _kind_of(message):
    first_line = message.split("\n", 1)[0]
    for kind, pattern in _KINDS:
        match = pattern.match(first_line)
        if match:
            return kind, match.groupdict()
    return None, None


# -- where things happened: the user's own frames ----------------------------------------------------

@functools.lru_cache(maxsize=1)
def _library_folders():
    """Folders whose code is not the user's: Python's, installed packages', scopecompat's own."""
    folders = set()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            folders.add(path)
    for path in getattr(site, "getsitepackages", lambda: [])() + [getattr(site, "USER_SITE", None) or ""]:
        if path:
            folders.add(path)
    folders.add(os.path.dirname(os.path.abspath(__file__)))
    return tuple(os.path.join(os.path.realpath(folder), "") for folder in folders)


# scopecompat's bundled TF1 programs are user code, although they live in the package.
_USER_CODE_IN_PACKAGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_programs", "")


def is_user_code(filename):
    if filename.startswith("<"):  # <stdin>, <string>, <ipython-input-...> are; <frozen ...> is not
        return not filename.startswith("<frozen")
    path = os.path.realpath(filename)
    if path.startswith(_USER_CODE_IN_PACKAGE):
        return True
    return not path.startswith(_library_folders())


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


def creation_site(variable):
    """Where the user's code created `variable`, from its op's traceback (innermost user frame)."""
    if isinstance(variable, PartitionedVariable):
        variable = list(variable)[0]
    try:
        frames = list(variable.op.traceback)
    except (AttributeError, ValueError, TypeError):
        return None
    for frame in reversed(frames):
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


def _is_notebook_cell(where):
    return where is not None and ("ipykernel_" in where.filename or where.filename.startswith("<ipython-input"))


# -- the graph's variables ---------------------------------------------------------------------------

def _variable_store():
    """The default graph's store of get_variable's variables (TF's own, read only), or None."""
    try:
        from tensorflow.python.ops import variable_scope as tf_variable_scope

        return tf_variable_scope._get_default_variable_store()
    except Exception:  # TF moved it: the hints that need it are left out
        return None


def _get_variable_names():
    store = _variable_store()
    return sorted(getattr(store, "_vars", {})) + sorted(getattr(store, "_partitioned_vars", {}))


def _stored(name):
    store = _variable_store()
    if store is None:
        return None
    found = getattr(store, "_vars", {}).get(name)
    if found is None:  # (not `or`: a resource variable's truth value is its value's, unknown in a graph)
        found = getattr(store, "_partitioned_vars", {}).get(name)
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


def _describe(variable):
    try:
        return "'%s' (shape %s, %s)" % (variable.name, variable.get_shape(), variable.dtype.base_dtype.name)
    except Exception:
        return "'%s'" % (getattr(variable, "name", "?"),)


def _reuse_text(reuse):
    if reuse is True or reuse is False or reuse is None:
        return "reuse=%s" % reuse
    return "reuse=tf.AUTO_REUSE"


# -- the diagnosis -----------------------------------------------------------------------------------

class Diagnosis(object):
    """Facts and fixes for one variable-sharing error; renders the taught message."""

    def __init__(self, message, kind, fields):
        self.message, self.kind = message, kind
        self.name = (fields.get("name") or "").rstrip("/")
        self.fields = fields
        self.facts, self.fixes = [], []
        # (scope name, reuse, Site, opened), innermost first: Site is the `with` line that opened the scope
        # if opened, else the call it was in force at (an error caught inside the block is taught there).
        self.scopes = []
        self.call = None
        self.existing = None
        self.existing_site = None

    # Scopes are added by each scopecompat wrapper the error passes through, innermost first: the call's
    # current scope by get_variable and the RNN builders, then each block's by variable_scope.__exit__,
    # which knows where the block was opened.
    def add_scope(self, scope, frame, opened=False):
        if scope is None:
            return
        entry = (scope.name, scope.reuse, call_site(frame), opened)
        for index, (name, _, _, was_opened) in enumerate(self.scopes):
            if name == scope.name:
                if opened and not was_opened:
                    self.scopes[index] = entry
                return
        self.scopes.append(entry)

    def study(self, frame):
        """Gather the facts and fixes (once, where the error is first caught)."""
        self.call = call_site(frame)
        self.existing = _stored(self.name) if self.name else None
        self.existing_site = creation_site(self.existing) if self.existing is not None else None
        study = {
            ALREADY_EXISTS: self._already_exists,
            DOES_NOT_EXIST: self._does_not_exist,
            SHAPE_MISMATCH: self._mismatch,
            DTYPE_MISMATCH: self._mismatch,
            NO_SHAPE: self._no_shape,
            SHAPE_WITH_VALUE: self._shape_with_value,
            INVALID_NAME: self._invalid_name,
            INVALID_REUSE: self._invalid_reuse,
        }[self.kind]
        study()

    def _existing_fact(self):
        if self.existing is None:
            return
        where = ("at %s" % self.existing_site) if self.existing_site else "by library code (no frame of yours)"
        self.facts.append("The existing variable %s was created %s." % (_describe(self.existing), where))

    def _already_exists(self):
        self._existing_fact()
        same_line = self.existing_site is not None and self.existing_site == self.call
        if same_line:
            self.facts.append("This call is that same line, run a second time in the same graph.")
        elif self.call is not None:
            self.facts.append("This call is at %s." % self.call)
        rerun = in_notebook() and (same_line or _is_notebook_cell(self.existing_site))
        fresh_graph = ("Running a notebook cell again builds on the graph of its earlier run: start the cell "
                       "with tf.reset_default_graph() (or build in `with tf.Graph().as_default():`) to begin "
                       "from a fresh graph.")
        if rerun:
            self.fixes.append(fresh_graph)
        self.fixes.append(self._share_fix())
        self.fixes.append("To make a second, separate variable instead, give it another name or build it in "
                          "another variable scope.")
        if in_notebook() and not rerun:
            self.fixes.append(fresh_graph)

    def _share_fix(self):
        """How to turn reuse on in the scope of the user's call (the innermost scope scopecompat saw)."""
        scope = self.scopes[0][0] if self.scopes else ""
        if not scope:
            return ("To share the variable, turn reuse on around the second use: `with "
                    "tf.variable_scope(tf.get_variable_scope(), reuse=True):`, or reuse=tf.AUTO_REUSE to create "
                    "it on the first call and share it afterwards.")
        return ("To share the variable, turn reuse on in variable scope '%s' for the second use: call "
                "`scope.reuse_variables()` in it before the second use, or re-enter it with `with "
                "tf.variable_scope(scope, reuse=True):` (scope: what `with tf.variable_scope('%s') as scope` "
                "gave), or open it with reuse=tf.AUTO_REUSE to create on the first call and share afterwards."
                % (scope, scope.rsplit("/", 1)[-1]))

    def _does_not_exist(self):
        leaf = self.name.rsplit("/", 1)[-1]
        near = difflib.get_close_matches(self.name, _get_variable_names(), n=3, cutoff=0.6)
        made_by_variable = [v for v in graph_variables() if v.op.name == self.name]
        if near:
            self.facts.append("Near names in the variable store: %s." % ", ".join("'%s'" % n for n in near))
        for variable in made_by_variable:
            where = creation_site(variable)
            self.facts.append(
                "A variable named '%s' exists, but it was made by tf.Variable%s: tf.get_variable only returns "
                "variables that tf.get_variable created." % (self.name, (" at %s" % where) if where else ""))
            self.fixes.append("Create '%s' with tf.get_variable(...) instead of tf.Variable(...) so that it "
                              "can be shared." % self.name)
        if leaf in SLOT_NAMES:
            what = ("a moving average (tf.train.ExponentialMovingAverage.apply() creates it)"
                    if leaf == "ExponentialMovingAverage" else
                    "an optimizer slot (the optimizer's minimize() creates it next to each variable it trains)")
            self.facts.append("'%s' is %s, and that ran inside a variable scope with reuse=True, where "
                              "tf.get_variable cannot create anything." % (self.name + "/", what))
            self.fixes.append("Call minimize() (or apply()) outside the `with tf.variable_scope(..., "
                              "reuse=True)` block, e.g. after it, or open that scope with reuse=tf.AUTO_REUSE.")
        elif leaf in BATCH_NORM_NAMES and (leaf.startswith("moving_") or _BATCH_NORM_SCOPE.search(self.name)):
            self.facts.append("'%s' belongs to a batch normalization, which creates gamma, beta, moving_mean "
                              "and moving_variance the first time it runs; here that first run is inside a "
                              "variable scope with reuse=True, where nothing can be created." % self.name)
            self.fixes.append("Build the network once without reuse (the first call, which creates the batch "
                              "norm variables), or open the reusing scope with reuse=tf.AUTO_REUSE.")
        else:
            self.facts.append("Reuse is on here, so tf.get_variable only returns variables that exist and "
                              "never creates one.")
            self.fixes.append("To create it here, use reuse=tf.AUTO_REUSE (creates what is missing, shares what "
                              "exists), or create it first in a scope without reuse=True.")

    def _mismatch(self):
        what = "shape" if self.kind == SHAPE_MISMATCH else "dtype"
        asked, found = self.fields.get("asked"), self.fields.get("found")
        if self.kind == DTYPE_MISMATCH and found.endswith("_ref"):  # a ref variable's dtype, e.g. float32_ref
            found = found[:-len("_ref")]
        self._existing_fact()
        self.facts.append("This call%s asks for %s %s; the existing variable has %s %s." % (
            (" (at %s)" % self.call) if self.call else "", what, asked, what, found))
        self.fixes.append("A shared variable keeps the %s it was created with: ask for %s %s, or use another "
                          "name or scope for a different variable." % (what, what, found))

    def _no_shape(self):
        self.facts.append("'%s' does not exist yet, so tf.get_variable creates it, and to create a variable it "
                          "needs its shape." % self.name)
        self.fixes.append("Pass shape=[...], or an initializer that is a value (a tensor or numpy array, whose "
                          "shape is used; then leave shape out).")
        near = difflib.get_close_matches(self.name, _get_variable_names(), n=3, cutoff=0.6)
        if near:
            self.fixes.append("If you meant an existing variable, near names are %s; get it with reuse=True."
                              % ", ".join("'%s'" % n for n in near))

    def _shape_with_value(self):
        self.fixes.append("The initializer is a value, which brings its own shape: leave shape out, or pass "
                          "tf.constant_initializer(value) to keep shape=.")

    def _invalid_name(self):
        problems = []
        bad = sorted({c for c in self.name if not _VALID_NAME_CHARACTER.match(c)})
        if bad:
            problems.append("contains %s" % ", ".join(repr(c) for c in bad))
        if self.name and not _VALID_FIRST_CHARACTER.match(self.name[0]) and self.name[0] not in bad:
            problems.append("starts with %r" % self.name[0])
        self.facts.append("Variable and scope names may contain letters, digits and _ . - / and must start "
                          "with a letter, digit or '.'%s." % (
                              ("; %r %s" % (self.name, " and ".join(problems))) if problems else ""))

    def _invalid_reuse(self):
        self.fixes.append("reuse takes True (share existing variables), tf.AUTO_REUSE (create what is missing, "
                          "share what exists), or None or False (inherit the enclosing scope's setting).")

    def render(self):
        lines = [self.message.rstrip("\n"), "", "scopecompat: what happened"]
        lines += ["  - " + fact for fact in self.facts]
        if self.scopes or "/" in self.name:
            lines.append("  - " + self._scopes_text())
        if self.fixes:
            lines.append("What to do")
            lines += ["  - " + fix for fix in self.fixes]
        return "\n".join(lines)

    def _scopes_text(self):
        """The variable scopes around the failing call, innermost first, with their reuse setting."""
        parts = []
        known = {name for name, _, _, _ in self.scopes}
        innermost = self.scopes[0][0] if self.scopes else None
        inner = []
        if self.kind in (ALREADY_EXISTS, DOES_NOT_EXIST, SHAPE_MISMATCH, DTYPE_MISMATCH, NO_SHAPE):
            prefix = self.name.rsplit("/", 1)[0] if "/" in self.name else ""
            while prefix and prefix not in known and (not innermost or prefix.startswith(innermost + "/")):
                inner.append(prefix)
                prefix = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        if inner:
            parts.append(", ".join("'%s'" % name for name in inner)
                         + ": opened by TensorFlow's own code (a layer, RNN cell or optimizer)")
        for name, reuse, where, opened in self.scopes:
            if not name or where is None:  # the root scope is opened nowhere
                site = ""
            elif opened:
                site = " (opened at %s:%d)" % (where.filename, where.lineno)
            else:
                site = " (in force at the call, %s:%d)" % (where.filename, where.lineno)
            parts.append("'%s'%s: %s%s" % (name, " (the root scope)" if not name else "", _reuse_text(reuse), site))
        return ("Variable scopes around the call, innermost first (reuse is inherited by inner scopes):\n      "
                + "\n      ".join(parts))


def teach(error, frame, scope=None, opened=False):
    """The taught version of TF's `error` (a new ValueError), or None to re-raise `error` as it is.

    An error already taught by an inner scopecompat call gains this level's variable scope and goes on
    as it is (None). Anything else than a variable-sharing error is left alone (None). `opened`: `frame`
    is at the `with` line that opened `scope` (variable_scope.__exit__), not at a call in it.
    """
    if type(error) is not ValueError:
        return None
    try:
        if scope is None:
            scope = tf_v1.get_variable_scope()
        diagnosis = getattr(error, "scopecompat_diagnosis", None)
        if diagnosis is not None:
            diagnosis.add_scope(scope, frame, opened)
            error.args = (diagnosis.render(),)
            return None
        message = str(error)
        kind, fields = _kind_of(message)
        if kind is None:
            return None
        diagnosis = Diagnosis(message, kind, fields)
        diagnosis.study(frame)
        diagnosis.add_scope(scope, frame, opened)
        taught = ValueError(diagnosis.render())
        taught.scopecompat_diagnosis = diagnosis
        return taught
    except Exception:  # a hint that cannot be computed must never hide TF's error
        return None
