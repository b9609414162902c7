"""The scopecompat namespace tree: tf.compat.v1, cloned by identity, plus what the tables add.

Three sources, one mechanism:
- tf.compat.v1: every public name is copied by identity into the matching scopecompat namespace
  (a dict entry, so `scopecompat.get_variable` costs what `tf.compat.v1.get_variable` costs);
- overrides.OVERRIDES: the few names that are replaced, resolved lazily on first access;
- _legacy/names.py: old TF1 names, resolved lazily on first access, with one LegacyNameWarning each.

Resolved names are cached in the namespace's `__dict__`, so each is looked up and warned about once.
A namespace that gains names (`nn`, `train`, `contrib`, `contrib.rnn`, ...) is a module of our own,
`scopecompat.<path>`, holding its tf.compat.v1 counterpart's names; every other submodule is
tf.compat.v1's own module object. A meta-path finder makes `import scopecompat.X.Y` resolve the same
objects as attribute access does.
"""

import importlib
import importlib.abc
import importlib.util
import sys
import types
import warnings

from scopecompat import _keras_bridge
from scopecompat._diagnostics import facts
from scopecompat._facade import bootstrap, overrides
from scopecompat._legacy import names as legacy_names

PACKAGE = "scopecompat"


def _ancestors(path):
    """"contrib.rnn.BasicLSTMCell" -> [("", "contrib"), ("contrib", "rnn"), ("contrib.rnn", "BasicLSTMCell")]."""
    parts = path.split(".")
    return [(".".join(parts[:i]), parts[i]) for i in range(len(parts))]


def _lazy_children():
    """For each namespace path, the names in it that are not plain tf.compat.v1 copies."""
    children = {}
    table_paths = (
        [row.old for row in legacy_names.RENAMED]
        + [row.old for row in legacy_names.NOT_PROVIDED]
        + list(overrides.BY_PATH)
    )
    for path in table_paths:
        for parent, child in _ancestors(path):
            children.setdefault(parent, set()).add(child)
    return children


# namespace path ("" is the top) -> names resolved lazily in it
LAZY_CHILDREN = _lazy_children()
# the namespaces of our own (every non-leaf path above, but not the top, which is the package itself)
OWN_NAMESPACES = frozenset(path for path in LAZY_CHILDREN if path)


def _module_name(path):
    """The module of the namespace at `path`: "" -> "scopecompat", "nn" -> "scopecompat.nn"."""
    return _join(PACKAGE, path) if path else PACKAGE


def _join(path, name):
    return path + "." + name if path else name


def tf_v1_counterpart(path):
    """The module whose names the namespace at `path` holds: tf.compat.v1's there ("" -> tf.compat.v1), or the
    tf_keras module a Keras override routes it to (tf.layers under Keras 3), or None (e.g. for "contrib")."""
    module, walked = bootstrap.tf_v1, ""
    for part in path.split(".") if path else ():
        walked = _join(walked, part)
        keras_override = overrides.BY_PATH.get(walked) if walked in _keras_bridge.TF_KERAS_MODULES else None
        if keras_override is not None and keras_override.applies():
            module = keras_override.load()
        else:
            module = getattr(module, part, None)
        if not isinstance(module, types.ModuleType):
            return None
    return module


def public_names(module):
    """A module's public names: its `__all__` (else `dir()`), without underscored names.

    (tf.compat.v1's `__all__` lists `__path__`, pointing into TF's and Keras's folders: copying it would
    make `scopecompat` import its private modules from there.)
    """
    names = getattr(module, "__all__", None)
    if names is None:
        names = dir(module)
    return [name for name in names if not name.startswith("_")]


def identity_copies(path):
    """The tf.compat.v1 names that the namespace at `path` holds by identity."""
    base = tf_v1_counterpart(path)
    if base is None:
        return {}
    lazy = LAZY_CHILDREN.get(path, ())
    return {name: getattr(base, name) for name in public_names(base) if name not in lazy}


def provided_lazy_names(path):
    """The names the tables add to the namespace at `path` that resolve to something (not the not-provided ones)."""
    return sorted(name for name in LAZY_CHILDREN.get(path, ())
                  if _join(path, name) not in legacy_names.NOT_PROVIDED_BY_OLD_NAME)


def not_provided_explanation(full):
    """Why `tf.<full>` is not there, for a part of TF1 that scopecompat does not provide; else None."""
    missing = legacy_names.NOT_PROVIDED_BY_OLD_NAME.get(full)
    if missing is not None:
        return "tf.%s is not provided by scopecompat: %s" % (full, missing.replacement)
    if full.startswith("contrib."):
        return ("tf.%s is not provided by scopecompat: %s See docs/legacy-names.md for the parts of tf.contrib "
                "that scopecompat does provide." % (full, legacy_names.CONTRIB_SUNSET))
    return None


def resolve_target(target):
    """A legacy row's target: a path in the scopecompat namespace, "module:attr", or "module:" (the module)."""
    if ":" in target:
        module_name, _, attribute = target.partition(":")
        module = importlib.import_module(module_name)
        return getattr(module, attribute) if attribute else module
    value = importlib.import_module(PACKAGE)
    for part in target.split("."):
        value = getattr(value, part)
    return value


def _users_stacklevel():
    """The `stacklevel` that points a warning raised in _resolve at the user's line: past scopecompat's
    own modules, in any of its folders (__getattr__ below, `scopecompat run`'s import hook in _launcher/),
    and importlib's frames, which `warnings` skips itself. Directly: warn <- _resolve <- __getattr__ <- user,
    i.e. 3."""
    level = 2
    frame = sys._getframe(3)  # 0: here, 1: _resolve, 2: __getattr__, 3: its caller
    while frame is not None:
        filename = frame.f_code.co_filename
        if facts.is_scopecompat_code(filename):
            level += 1
        elif not ("importlib" in filename and "_bootstrap" in filename):
            break
        frame = frame.f_back
    return level + 1


def _resolve(path, name):
    """The object `scopecompat.<path>.<name>` stands for; raises AttributeError if there is none."""
    full = _join(path, name)
    override = overrides.BY_PATH.get(full)
    # A namespace with names of its own is ours even where an override routes its module (tf.layers to tf_keras's
    # under Keras 3): the override then says where the namespace's other names come from (tf_v1_counterpart).
    if override is not None and full not in OWN_NAMESPACES:
        if override.applies():
            return override.load()
        return getattr(tf_v1_counterpart(path), name)
    row = legacy_names.BY_OLD_NAME.get(full)
    if row is not None:
        value = resolve_target(row.target)
        # No warning where the installed TF still has the name (tf.estimator on TF 2.12-2.15): the row's text says
        # which TF removed it, which is not this one. (Its public names, not hasattr: that would load a lazy module.)
        base = tf_v1_counterpart(path)
        if base is None or name not in public_names(base):
            warnings.warn(
                row.warning(),
                legacy_names.LegacyNameWarning,
                stacklevel=_users_stacklevel(),
            )
        return value
    if full in OWN_NAMESPACES:
        return namespace(full)
    base = tf_v1_counterpart(path)
    if base is not None and hasattr(base, name):  # a not-provided name this TF still has (tf.estimator <= 2.15)
        return getattr(base, name)
    if full.startswith("contrib.") and full.count(".") >= 2:
        # TF 1.15's implementation paths (tf.contrib.rnn.python.ops.core_rnn_cell), as its import made them
        # attributes: the module that `import scopecompat.<full>` gives (scopecompat/_contrib/paths.py).
        if importlib.import_module("scopecompat._contrib.paths").is_path_of_provided_module(full):
            try:
                return importlib.import_module(_module_name(full))
            except ImportError as error:
                raise AttributeError(str(error)) from None
    explanation = not_provided_explanation(full)
    if explanation is not None:
        raise AttributeError(explanation)
    raise AttributeError("module %r has no attribute %r" % (_module_name(path), name))


def _make_hooks(module, path):
    """Module-level `__getattr__` (PEP 562) and `__dir__` for the namespace `module` at `path`."""
    lazy = provided_lazy_names(path)

    def __getattr__(name):
        value = _resolve(path, name)
        setattr(module, name, value)
        return value

    def __dir__():
        return sorted(set(module.__dict__) | set(lazy))

    return __getattr__, __dir__


def install_hooks(module, path):
    module.__getattr__, module.__dir__ = _make_hooks(module, path)


def namespace(path):
    """The module `scopecompat.<path>` of our own, built on first use."""
    name = _module_name(path)
    module = sys.modules.get(name)
    if module is not None:
        return module
    base = tf_v1_counterpart(path)
    module = types.ModuleType(name, getattr(base, "__doc__", None) or "scopecompat's tf.%s namespace." % path)
    module.__path__ = []  # a package, so that `import scopecompat.<path>.<child>` reaches the finder
    module.__dict__.update(identity_copies(path))
    # What `from scopecompat.<path> import *` gives: the counterpart's public names and the tables' own.
    public = public_names(base) if base is not None else []
    module.__all__ = public + [name for name in provided_lazy_names(path) if name not in public]
    install_hooks(module, path)
    sys.modules[name] = module
    return module


def _is_tf_1_15_contrib_path(path):
    """Whether TF 1.15 had `tf.<path>` ("contrib.rnn", "contrib.bigtable.python.ops") as a module path or a
    tf.contrib name (scopecompat/_contrib/contrib_paths_tf_1_15.json, _legacy/contrib_names_tf_1_15.json)."""
    parts = path.split(".")
    if len(parts) == 3 and parts[2] in legacy_names.contrib_names_tf_1_15().get(parts[1], ()):
        return True
    return path in importlib.import_module("scopecompat._contrib.paths").tf_1_15_paths()


class NamespaceFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """`import scopecompat.<path>` for every module-valued name of the namespace tree.

    The module imported is the object attribute access gives (tf.compat.v1's own module, a tf_keras
    module through the bridge, a namespace of our own, or for `scopecompat.compat.v1` the package
    itself). scopecompat's private modules (`scopecompat._x`) are left to the normal import system.
    """

    def __init__(self):
        # module name -> the __spec__ its module had before importlib set this finder's spec on it
        self._own_specs = {}
        # module name -> the module find_spec found, which create_module hands to importlib
        self._modules = {}

    def find_spec(self, fullname, path=None, target=None):
        prefix = PACKAGE + "."
        if not fullname.startswith(prefix) or fullname[len(prefix):].startswith("_"):
            return None
        path = fullname[len(prefix):]
        if path.startswith("contrib.") and path.count(".") >= 2:
            # TF 1.15's implementation paths (`contrib.rnn.python.ops.core_rnn_cell`): scopecompat/_contrib/paths.py
            contrib_paths = importlib.import_module("scopecompat._contrib.paths")
            if contrib_paths.is_path_of_provided_module(path):
                self._modules[fullname] = contrib_paths.module(path)  # raises where TF 1.15's file is not served
                return importlib.util.spec_from_loader(fullname, self)
        value, reached = sys.modules[PACKAGE], ""
        for part in path.split("."):
            try:
                value = getattr(value, part)
            except AttributeError as error:
                failed = _join(reached, part)
                if failed.startswith("contrib.") and not _is_tf_1_15_contrib_path(failed):
                    return None  # TF 1.15 never had it: Python's own error, as TF 1.15 gave ("No module named ...")
                # `from X import Y` swallows a ModuleNotFoundError for X.Y and says only "cannot import name
                # 'Y'": a part scopecompat does not provide raises an ImportError instead, which keeps the
                # explanation in both spellings (`import X.Y` and `from X import Y`).
                error_type = ModuleNotFoundError if not_provided_explanation(failed) is None else ImportError
                raise error_type(str(error), name=fullname) from None
            reached = _join(reached, part)
        if not isinstance(value, types.ModuleType):
            return None
        self._modules[fullname] = value
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        value = self._modules.pop(spec.name)
        self._own_specs[spec.name] = getattr(value, "__spec__", None)
        return value

    def exec_module(self, module):
        # importlib has just set this finder's spec on the module, which is an existing module (TF's, the
        # package itself): it keeps its own, which reload(), pickle and `python -m` read.
        own = self._own_specs.pop(module.__spec__.name, None)
        if own is not None:
            module.__spec__ = own


def install_finder():
    # First, before the path finder: a name served from a real package (tf.contrib.slim is tf-slim's) would
    # otherwise be found again in that package's folder and loaded as a second copy under scopecompat's name.
    if not any(isinstance(finder, NamespaceFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, NamespaceFinder())
