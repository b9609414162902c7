"""Which imports the launcher redirects, and for which code.

TF1_MODULES maps TF1's module paths to scopecompat's. ProgramCode decides what is TF1 code, the program's
own code: its `__main__`, and every module loaded from a .py file that is not installed code, wherever it
sits on sys.path (the script's folder, PYTHONPATH folders, `sys.path.insert(0, "../src")`). Installed code
is the standard library, the site folders, the folders that .pth files add, the files of the distributions
on sys.path (`pip install --target`) and the packages of editable installs. Its install() replaces
`builtins.__import__`, in the launcher's process only, by one that maps `tensorflow...` for TF1 code and
passes every other import to the real `__import__`: TensorFlow itself, third-party packages and the standard
library keep the real `tensorflow`, and the builtins stay the one live builtins module, as under `python SCRIPT`.
"""

import builtins
import importlib
import importlib.machinery
import importlib.metadata
import json
import os
import site
import sys
import types

from scopecompat._diagnostics import facts

# TF1 module paths -> the module TF1 code gets under `scopecompat run`; the longest matching prefix wins,
# and the rest of the path follows it ("tensorflow.contrib.rnn" -> "scopecompat.contrib.rnn").
TF1_MODULES = {
    # TensorFlow's packages that are data or tools, not API (the protocol buffers of `tensorflow.core`:
    # config_pb2, graph_pb2, summary_pb2, event_pb2, example_pb2; `tensorflow.tools`' graph transforms; XLA's
    # `tensorflow.compiler`): TF 2.x has them where TF 1.x had them, and they stay TensorFlow's own.
    "tensorflow.core": "tensorflow.core",
    "tensorflow.tools": "tensorflow.tools",
    "tensorflow.compiler": "tensorflow.compiler",
    "tensorflow": "scopecompat",
    # TF 1.13-1.15 code written for the move to TF 2 spells TF1 this way.
    "tensorflow.compat.v1": "scopecompat",
    # TensorFlow's own internal modules (`from tensorflow.python.framework import ops`) stay TensorFlow's,
    "tensorflow.python": "tensorflow.python",
    # but for the RNN cells, where TF1 had `tensorflow.python.ops.rnn_cell is tf.nn.rnn_cell`.
    "tensorflow.python.ops.rnn_cell": "scopecompat.nn.rnn_cell",
    # and for the Estimator: TF 1.x's tensorflow.python.estimator modules were shims of tensorflow-estimator's,
    # which scopecompat loads where TF has no tf.estimator (`prepare()` of _estimator/loader.py).
    "tensorflow.python.estimator": "tensorflow_estimator.python.estimator",
    # TF 1.x's training_ops re-exported its generated ops module, which TF 2.x keeps (training_ops is gone).
    "tensorflow.python.training.training_ops": "tensorflow.python.ops.gen_training_ops",
}
_PREFIXES_LONGEST_FIRST = sorted(TF1_MODULES, key=len, reverse=True)

# The real `__import__`, for everything that is not TF1 code's `import tensorflow...`.
_real_import = builtins.__import__


def tf1_module_name(name):
    """The module TF1 code means by `name`: "tensorflow.contrib.rnn" -> "scopecompat.contrib.rnn"."""
    for prefix in _PREFIXES_LONGEST_FIRST:
        if name == prefix or name.startswith(prefix + "."):
            return TF1_MODULES[prefix] + name[len(prefix):]
    return name


def _import_module(name):
    """`name` imported with the real `__import__` (which keeps importlib's frames out of tracebacks)."""
    _real_import(name)
    return sys.modules[name]


class _ModuleView(types.ModuleType):
    """What TF1 code sees at `tensorflow.<path>` where TF1_MODULES redirects a child of it: the module
    TF1_MODULES maps the path to, with the redirected children in place. Only made for an import
    statement that names a redirected path (`from tensorflow.python.ops import rnn_cell`)."""

    def __init__(self, name, module):
        super().__init__(name, getattr(module, "__doc__", None))
        self.__dict__["_tf1_module"] = module

    def __getattr__(self, name):
        return getattr(self._tf1_module, name)


def _view_along(name, leaf):
    """A `tensorflow` top module from which the attribute path `name` leads to `leaf`."""
    parts = name.split(".")
    child = leaf
    for depth in range(len(parts) - 1, 0, -1):
        path = ".".join(parts[:depth])
        view = _ModuleView(path, _import_module(tf1_module_name(path)))
        setattr(view, parts[depth], child)
        child = view
    return child


def _in_tf1_spelling(error):
    """A ModuleNotFoundError for a tf.contrib path TF 1.15 never had either, in the program's spelling, as TF 1.15
    raised it ("No module named 'tensorflow.contrib.rnn.python.ops.nope'"); any other, unchanged."""
    contrib = TF1_MODULES["tensorflow"] + ".contrib."
    if not (error.name or "").startswith(contrib):
        return error
    name = "tensorflow.contrib." + error.name[len(contrib):]
    return ModuleNotFoundError("No module named %r" % name, name=name)


def tf1_import(name, globals=None, locals=None, fromlist=(), level=0):
    """`__import__` for the program's own code: `tensorflow...` as TF1_MODULES maps it, the rest as usual."""
    if level != 0 or not (name == "tensorflow" or name.startswith("tensorflow.")):
        return _real_import(name, globals, locals, fromlist, level)
    target = tf1_module_name(name)
    if target.startswith("tensorflow_estimator."):
        importlib.import_module("scopecompat._estimator.loader").prepare()
    if fromlist:
        try:
            module = _real_import(target, None, None, fromlist, 0)
        except ModuleNotFoundError as error:
            raise _in_tf1_spelling(error) from None
        redirected = {
            item: tf1_module_name(name + "." + item) for item in fromlist
            if tf1_module_name(name + "." + item) != target + "." + item
        }
        viewed = {}
        if (target + ".").startswith("tensorflow.python."):  # the names TF 2.x moved: _launcher/internals.py
            internals = importlib.import_module("scopecompat._launcher.internals")
            internals.refuse_gone(target, fromlist)
            module = internals.view(target, module)
            viewed = internals.viewed_children(target, module, fromlist)
        if not redirected and not viewed:
            return module
        view = _ModuleView(name, module)
        for item, module_name in redirected.items():
            setattr(view, item, _import_module(module_name))
        for item, child in viewed.items():
            setattr(view, item, child)
        return view
    # `import tensorflow.a.b [as x]` binds the top module and reads `.a.b` from it.
    try:
        leaf = _import_module(target)
    except ModuleNotFoundError as error:
        raise _in_tf1_spelling(error) from None
    if (target + ".").startswith("tensorflow.python."):
        leaf = importlib.import_module("scopecompat._launcher.internals").view(target, leaf)
    top = sys.modules[TF1_MODULES["tensorflow"]]
    value = top
    for part in name.split(".")[1:]:
        value = getattr(value, part, None)
    return top if value is leaf else _view_along(name, leaf)


# -- the program's own code ----------------------------------------------------------------------------


def is_inside(path, folder):
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _pth_folders(site_folder):
    """The folders that the .pth files of `site_folder` put on sys.path (as site.addpackage reads them)."""
    folders = []
    try:
        names = sorted(name for name in os.listdir(site_folder) if name.endswith(".pth"))
    except OSError:
        return folders
    for name in names:
        try:
            with open(os.path.join(site_folder, name), encoding="utf-8", errors="replace") as file:
                lines = file.read().splitlines()
        except OSError:
            continue
        for line in lines:
            if line.strip() and not line.startswith(("#", "import ", "import\t")):
                folders.append(os.path.join(site_folder, line.rstrip()))
    return folders


def _editable_package_paths(distribution):
    """Where an editable install's import finder (setuptools' `__editable__` finder) finds its top-level
    names: their package folders, or their module files."""
    paths = []
    for name in (distribution.read_text("top_level.txt") or "").split():
        for finder in sys.meta_path:
            if finder is importlib.machinery.PathFinder or not hasattr(finder, "find_spec"):
                continue  # packages found on sys.path entries: the site folders and .pth files tell those
            try:
                spec = finder.find_spec(name, None)
            except Exception:  # noqa: B902  (a finder that can't answer does not know the name)
                continue
            if spec is not None:
                paths += list(spec.submodule_search_locations or []) or [spec.origin]
                break
    return [path for path in paths if path]


def installed_code():
    """(folders, files) of installed code: Python's and the site folders, scopecompat's own, the folders
    .pth files add to sys.path, the files that the distributions on sys.path outside those folders list as
    theirs (a `pip install --target` folder on PYTHONPATH), and the packages of editable installs."""
    folders = list(facts.library_folders())
    site_folders = list(site.getsitepackages()) if hasattr(site, "getsitepackages") else []
    if site.ENABLE_USER_SITE:
        site_folders.append(site.getusersitepackages())
    for folder in site_folders:
        folders += _pth_folders(folder)
    known = [os.path.realpath(folder) for folder in folders]
    files = []
    for distribution in importlib.metadata.distributions():
        base = os.path.realpath(distribution.locate_file(""))
        installed = distribution.read_text("RECORD") is not None or distribution.read_text("installed-files.txt")
        if installed and not any(is_inside(base, folder) for folder in known):  # (a source tree's .egg-info is not)
            files += [distribution.locate_file(path) for path in distribution.files or ()]
        direct_url = distribution.read_text("direct_url.json")
        if direct_url and '"editable"' in direct_url and json.loads(direct_url).get("dir_info", {}).get("editable"):
            for path in _editable_package_paths(distribution):
                (folders if os.path.isdir(path) else files).append(path)
    real = [os.path.realpath(str(path)) for path in folders + files]
    return tuple(real[:len(folders)]), frozenset(real[len(folders):])


# A module in a folder of this name is installed code wherever the folder is (a venv on sys.path).
_INSTALL_FOLDER_NAMES = {"site-packages", "dist-packages"}


class ProgramCode:
    """What is TF1 code: the program's `__main__`, and every module loaded from a .py file that is not
    installed code (installed_code()), wherever it sits on sys.path."""

    def __init__(self, main_globals):
        self.main_globals = main_globals
        self._tf1_files = {}  # module file -> is it TF1 code (for the sys.path below)
        self._installed = None  # installed_code(), found on this sys.path:
        self._installed_for = None

    def owns_file(self, filename):
        path = os.path.realpath(filename)
        if _INSTALL_FOLDER_NAMES & set(path.split(os.sep)):
            return False
        folders, files = self._installed
        return path not in files and not any(is_inside(path, folder) for folder in folders)

    def is_tf1_code(self, module_globals):
        """True for the globals of the program's `__main__` and of its own .py modules."""
        if module_globals is self.main_globals:
            return True
        if (not isinstance(module_globals.get("__loader__"), importlib.machinery.SourceFileLoader)
                and module_globals.get("__name__") != "__mp_main__"):  # the script, re-run by multiprocessing
            return False  # not a .py file: a zip archive's module, a .pyc without source, exec'd code
        filename = module_globals.get("__file__")
        if not isinstance(filename, str):
            return False
        if self._installed_for != sys.path:  # the program may have put an install folder on sys.path
            self._installed, self._installed_for = installed_code(), list(sys.path)
            self._tf1_files.clear()
        if filename not in self._tf1_files:
            self._tf1_files[filename] = self.owns_file(filename)
        return self._tf1_files[filename]

    def install(self):
        """Make `import tensorflow...` in TF1 code give scopecompat: builtins.__import__ decides by the
        globals of the code that imports (the import statement's frame). The builtins stay the one live
        builtins module that all code shares, as under `python SCRIPT`; every other import is unchanged."""

        def __import__(name, globals=None, locals=None, fromlist=(), level=0):
            if (level == 0 and name.startswith("tensorflow") and (name == "tensorflow" or name[10] == ".")
                    and self.is_tf1_code(sys._getframe(1).f_globals)):
                return tf1_import(name, globals, locals, fromlist, level)
            return _real_import(name, globals, locals, fromlist, level)

        __import__.__doc__ = _real_import.__doc__
        builtins.__import__ = __import__
