"""The TF1 mapping in the Python child processes of a program that `scopecompat run` started.

A TF1 program may start Python children that run its own code: multiprocessing with "spawn" (macOS's and
Windows's default) or "forkserver" (Python 3.14's default on Linux), concurrent.futures' process pools on
those, or `subprocess.run([sys.executable, "worker.py"])` with a script of its tree; distributed TF1 programs
start their parameter servers and workers this way. Those children are fresh interpreters: the launcher's
`builtins.__import__` (imports.py) is not in them, so their `import tensorflow` would give TF 2.x itself
(`module 'tensorflow._api.v2.train' has no attribute 'Server'`). A "fork" child inherits the launcher's
process as it is and needs nothing here.

How, and why this way: the launcher (`export_to_children`, called by running.run) puts two entries in
its own environment, which every child inherits: SCOPECOMPAT_RUN (JSON: the program's folder tree and the
interpreter's sys.prefix) and, first on PYTHONPATH, the folder child_site/ that holds only a
`sitecustomize.py`. Python's `site` imports `sitecustomize` at start-up, so each Python child runs that
file first; it loads this module by its path (so that nothing imports scopecompat, hence TensorFlow, yet),
calls `start_in_child`, and then runs the `sitecustomize` that the child would have run without us (a
distribution's or the venv's), so none is lost. OpenTelemetry's `opentelemetry-instrument` reaches child
processes the same way; coverage.py's subprocess support uses a .pth file in site-packages instead, which
every Python of that environment runs, launched or not, and which an editable install does not install.
multiprocessing.set_executable() would reach multiprocessing's children only, not `subprocess` ones.
This needs no install step: it works the same for regular and editable installs, and a Python that was
not started under `scopecompat run` never sees any of it.

`start_in_child` replaces `builtins.__import__` by a wrapper that passes every import on unchanged, except
`import tensorflow...` in a child that runs the program's code: its main script is one of the program's
folder tree (a script of it, multiprocessing's re-run of the program's script as `__mp_main__`), or the
importing module is. Only then does it import scopecompat (TF1 mode, as in the launcher) and hand the
import to imports.ProgramCode, which decides as in the launcher (the program's own modules elsewhere, on
PYTHONPATH say, get TF1 too). A child running other code (`python -m some_tool`, `python -c ...`, a script
outside the tree) keeps the real TensorFlow and its TF2 behaviour, and pays one string comparison per import.

Limits: a child started with its own `env=` that drops these two variables, or with `python -E`, `-I` or
`-S`, does not get the mapping; neither does a child of another interpreter (a different sys.prefix).
This module is standard-library Python and imports nothing from scopecompat at module level.
"""

import builtins
import json
import os
import sys

ENVIRONMENT_VARIABLE = "SCOPECOMPAT_RUN"
# The folder holding the children's sitecustomize.py: beside this module, in the installed package.
CHILD_SITE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "child_site")


def export_to_children(root):
    """Make the Python children of this process map `import tensorflow` for the code of the folder tree
    `root` (see the module's docstring): the two environment entries that they inherit."""
    os.environ[ENVIRONMENT_VARIABLE] = json.dumps({"root": os.path.realpath(root), "prefix": sys.prefix})
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    os.environ["PYTHONPATH"] = os.pathsep.join([CHILD_SITE] + [path for path in paths if path and path != CHILD_SITE])


def _is_inside(path, folder):
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _tree_file(module_globals, root):
    """The .py file of the module with `module_globals` if it lies in the program's folder tree `root`
    outside any site folder, or multiprocessing's re-run of the program's script (`__mp_main__`, which
    runpy runs without a loader); else None."""
    filename = module_globals.get("__file__")
    if not isinstance(filename, str) or not filename.endswith(".py"):
        return None
    loader = type(module_globals.get("__loader__")).__name__
    if loader != "SourceFileLoader" and module_globals.get("__name__") != "__mp_main__":
        return None
    path = os.path.realpath(filename)
    if _is_inside(path, root) and not {"site-packages", "dist-packages"} & set(path[len(root):].split(os.sep)):
        return path
    return None


def _runs_the_program(importer_globals, root):
    """A cheap first test, before anything imports scopecompat: does this child run the program's code? Its
    main script is one of the tree (`python tools/worker.py`, multiprocessing's re-run of the program as
    `__mp_main__`), or the importing module is. Then imports.ProgramCode decides, as in the launcher (any
    module of the program's own code, on PYTHONPATH too, gets TF1)."""
    mains = [sys.modules.get(name) for name in ("__main__", "__mp_main__")]
    return any(_tree_file(vars(module), root) for module in mains if module is not None) or bool(
        _tree_file(importer_globals, root))


def start_in_child():
    """In a Python child of a launched program (called by child_site/sitecustomize.py): install the
    `__import__` that maps the tree's `import tensorflow` once scopecompat is needed. Does nothing in a
    Python that was not started under `scopecompat run`, or that is another interpreter."""
    if CHILD_SITE in sys.path:  # the program's own sys.path, as under `python SCRIPT`
        sys.path.remove(CHILD_SITE)
    try:
        launched = json.loads(os.environ[ENVIRONMENT_VARIABLE])
        root, prefix = launched["root"], launched["prefix"]
    except (KeyError, ValueError, TypeError):
        return
    if prefix != sys.prefix:  # another Python (its own TensorFlow, maybe no scopecompat): leave it alone
        return
    real_import = builtins.__import__
    program = []  # the imports.ProgramCode, once the program's code imported tensorflow

    def __import__(name, globals=None, locals=None, fromlist=(), level=0):
        if (level == 0 and name.startswith("tensorflow") and (name == "tensorflow" or name[10] == ".")
                and _runs_the_program(sys._getframe(1).f_globals, root)):
            if not program:
                builtins.__import__ = real_import  # imports.py keeps the real one as its `_real_import`
                from scopecompat._launcher import imports

                program.append(imports.ProgramCode(None))
                builtins.__import__ = __import__
            if program[0].is_tf1_code(sys._getframe(1).f_globals):
                from scopecompat._launcher.imports import tf1_import

                return tf1_import(name, globals, locals, fromlist, level)
        return real_import(name, globals, locals, fromlist, level)

    __import__.__doc__ = real_import.__doc__
    builtins.__import__ = __import__
    sys.excepthook = _with_server_hint(sys.excepthook)


def is_server_start_error(error):
    """TF's error for a tf.train.Server that could not start (it names neither the task nor the port). Told by
    its class name and text, so that a child tests it without importing TensorFlow."""
    return type(error).__name__ == "UnknownError" and str(error).startswith("Could not start gRPC server")


def _with_server_hint(excepthook):
    """`excepthook` followed by the launcher's hint for a task whose server could not start (errors.py),
    as the launcher adds it to the program's own error: a child that runs a TF1 task (`python ps.py`) is
    where that error happens. Only that error imports anything. (multiprocessing's children print their
    target's error themselves, without sys.excepthook: they get TF's error only.)"""

    def hook(kind, error, traceback):
        excepthook(kind, error, traceback)
        if is_server_start_error(error):
            from scopecompat._launcher.errors import server_port_hint

            hint = server_port_hint(error)
            if hint:
                print(hint, file=sys.stderr)

    return hook
