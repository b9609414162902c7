"""`scopecompat run SCRIPT [ARGS...]`: run an unmodified TF1 program (a .py file or a notebook).

The program runs as `python SCRIPT ARGS` would run it (sys.argv, `__main__`, `__file__`, sys.path[0],
the working directory, stdin and stdout, exit code, tracebacks), except that its own code sees TF1:
in SCRIPT and in the modules it loads from .py files in its own folder tree, `import tensorflow`
(and `from tensorflow... import ...`, `import tensorflow.contrib.rnn`, ...) gives scopecompat.

How: `builtins.__import__` is replaced, in this process only, by one that maps `tensorflow` to scopecompat
(TF1_MODULES) when the code importing is TF1 code: the script's `__main__`, or a module loaded from a .py
file of its folder tree that is not installed code (site folders, folders that .pth files add, the files
of distributions on sys.path, the packages of editable installs). Every other module (TensorFlow itself,
third-party packages, the standard library) gets the real `tensorflow`, and `sys.modules["tensorflow"]`
stays TensorFlow. The builtins stay the one live builtins module, as under `python SCRIPT`.

Limits: `importlib.import_module("tensorflow")` in the script gets the real TensorFlow (only import
statements and `__import__` are mapped); a module of the tree in a zip archive or as a .pyc without its
source is not TF1 code; a child process that multiprocessing starts with "spawn" (macOS's and Windows's
default, not Linux's) imports the script again without the launcher.
"""

import ast
import builtins
import importlib.machinery
import importlib.metadata
import json
import linecache
import os
import re
import signal
import site
import sys
import types

from scopecompat._diagnostics import facts

# TF1 module paths -> the module TF1 code gets under `scopecompat run`; the longest matching prefix wins,
# and the rest of the path follows it ("tensorflow.contrib.rnn" -> "scopecompat.contrib.rnn").
TF1_MODULES = {
    "tensorflow": "scopecompat",
    # TF 1.13-1.15 code written for the move to TF 2 spells TF1 this way.
    "tensorflow.compat.v1": "scopecompat",
    # TensorFlow's own internal modules (`from tensorflow.python.framework import ops`) stay TensorFlow's,
    "tensorflow.python": "tensorflow.python",
    # but for the RNN cells, where TF1 had `tensorflow.python.ops.rnn_cell is tf.nn.rnn_cell`.
    "tensorflow.python.ops.rnn_cell": "scopecompat.nn.rnn_cell",
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


def tf1_import(name, globals=None, locals=None, fromlist=(), level=0):
    """`__import__` for the script's tree: `tensorflow...` as TF1_MODULES maps it, the rest as usual."""
    if level != 0 or not (name == "tensorflow" or name.startswith("tensorflow.")):
        return _real_import(name, globals, locals, fromlist, level)
    target = tf1_module_name(name)
    if fromlist:
        module = _real_import(target, None, None, fromlist, 0)
        redirected = {
            item: tf1_module_name(name + "." + item) for item in fromlist
            if tf1_module_name(name + "." + item) != target + "." + item
        }
        if not redirected:
            return module
        view = _ModuleView(name, module)
        for item, module_name in redirected.items():
            setattr(view, item, _import_module(module_name))
        return view
    # `import tensorflow.a.b [as x]` binds the top module and reads `.a.b` from it.
    leaf = _import_module(target)
    top = sys.modules[TF1_MODULES["tensorflow"]]
    value = top
    for part in name.split(".")[1:]:
        value = getattr(value, part, None)
    return top if value is leaf else _view_along(name, leaf)


# -- the script's own tree ------------------------------------------------------------------------------


def _is_inside(path, folder):
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


def installed_code(root):
    """(folders, files) of installed code that may lie inside the folder `root`: Python's and the site
    folders, the folders .pth files add to sys.path, the files that the distributions on sys.path list as
    theirs, and the packages of editable installs (`pip install -e`)."""
    folders = list(facts.library_folders())
    site_folders = list(site.getsitepackages()) if hasattr(site, "getsitepackages") else []
    if site.ENABLE_USER_SITE:
        site_folders.append(site.getusersitepackages())
    for folder in site_folders:
        folders += _pth_folders(folder)
    files = []
    for distribution in importlib.metadata.distributions():
        base = os.path.realpath(distribution.locate_file(""))
        if _is_inside(base, root):  # e.g. a `pip install --target` folder that the script puts on sys.path
            files += [distribution.locate_file(path) for path in distribution.files or ()]
        direct_url = distribution.read_text("direct_url.json")
        if direct_url and '"editable"' in direct_url and json.loads(direct_url).get("dir_info", {}).get("editable"):
            for path in _editable_package_paths(distribution):
                (folders if os.path.isdir(path) else files).append(path)
    real = [os.path.realpath(str(path)) for path in folders + files]
    return tuple(real[:len(folders)]), frozenset(real[len(folders):])


class ScriptTree:
    """What is TF1 code: the script, and the .py modules of its folder tree that are not installed code."""

    def __init__(self, root, main_globals):
        self.root = os.path.realpath(root)
        self.main_globals = main_globals
        self._tf1_files = {}  # module file -> is it TF1 code (for the sys.path below)
        self._installed = None  # installed_code(), found on this sys.path:
        self._installed_for = None

    def owns_file(self, filename):
        path = os.path.realpath(filename)
        if not _is_inside(path, self.root):
            return False
        if {"site-packages", "dist-packages"} & set(path[len(self.root):].split(os.sep)):
            return False
        folders, files = self._installed
        return path not in files and not any(_is_inside(path, folder) for folder in folders)

    def is_tf1_code(self, module_globals):
        """True for the globals of the script and of the .py modules of its tree."""
        if module_globals is self.main_globals:
            return True
        if not isinstance(module_globals.get("__loader__"), importlib.machinery.SourceFileLoader):
            return False  # not a .py file: a zip archive's module, a .pyc without source, exec'd code
        filename = module_globals.get("__file__")
        if not isinstance(filename, str):
            return False
        if self._installed_for != sys.path:  # the script may have put an install folder on sys.path
            self._installed, self._installed_for = installed_code(self.root), list(sys.path)
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


# -- errors ----------------------------------------------------------------------------------------------

# SyntaxError messages of Python 3 for Python 2 statements, and Python 2 forms Python 3 calls "invalid syntax".
_PYTHON2_MESSAGES = (
    "Missing parentheses in call to 'print'",
    "Missing parentheses in call to 'exec'",
    "multiple exception types must be parenthesized",
    "leading zeros in decimal integer literals are not permitted",
)
_PYTHON2_LINE = re.compile(
    r"""^\s*(print\s+[^\s=(]|exec\s+["'\w]|raise\s+[\w.]+\s*,|except\s+[^:]*,\s*\w+\s*:)"""  # statements
    r"""|`|[\w)\]]\s*<>\s*[\w(\[]|\b\d+[lL]\b|\bur["']"""  # backticks, <>, long literals, ur"" strings
)
# A string literal's text (kept: its prefix and quotes), which may hold anything, backticks and `10L` too.
_STRING_TEXT = re.compile(r"""(\"\"\"|'''|"|')((?:\\.|(?!\1)[^\\])*)\1""")


def looks_like_python2(error):
    """True when a SyntaxError comes from a Python 2 form (`print x`, `except E, e:`, backticks, ...)."""
    if not isinstance(error, SyntaxError) or isinstance(error, IndentationError):
        return False
    message = str(error.msg or "")
    code = _STRING_TEXT.sub(r"\1\1", error.text or "")
    return any(message.startswith(known) for known in _PYTHON2_MESSAGES) or bool(_PYTHON2_LINE.search(code))


def python2_hint(error, notebook=None, command="scopecompat run"):
    """What to do about a Python 2 SyntaxError (in a file, or in a cell of `notebook`)."""
    if notebook is not None and (error.filename or "").startswith("<"):
        where = error.filename.strip("<>")
        return ("%s: %s is Python 2 code (%s, line %s), which Python 3 cannot parse. Convert "
                "the notebook to Python 3 first, e.g. export it with `jupyter nbconvert --to script %s` and "
                "convert the .py with `2to3 -w`." % (command, notebook, where, error.lineno, notebook))
    path = error.filename or "the script"
    if _is_inside(path, os.getcwd()):  # as the user would type it
        path = os.path.relpath(path)
    return ("%s: %s is Python 2 code (line %s), which Python 3 cannot parse. Convert it to "
            "Python 3 first, e.g. with 2to3: `2to3 -w %s` (Python 3.9 to 3.12 also have it as "
            "`python -m lib2to3`)." % (command, path, error.lineno, path))


# Python's own SyntaxError for a script that is not UTF-8 and declares no encoding: compile() of the bytes
# words it otherwise ("(unicode error) 'utf-8' codec can't decode ...").
_PEP_263 = ("Non-UTF-8 code starting with '\\x%.2x' in file %s on line %d, but no encoding declared; "
            "see https://peps.python.org/pep-0263/ for details")
_CODING_LINE = re.compile(br"^[ \t\f]*#.*?coding[:=]", re.MULTILINE)


def _undeclared_non_utf8(source, path):
    """The SyntaxError `python path` gives if `source` is not UTF-8 and declares no encoding, else None."""
    if _CODING_LINE.search(b"\n".join(source.splitlines()[:2])):
        return None
    try:
        source.decode("utf-8")
        return None
    except UnicodeDecodeError as error:
        return SyntaxError(_PEP_263 % (source[error.start], path, source.count(b"\n", 0, error.start) + 1))


# Habits of TF1-era code that NumPy and scikit-learn removed: (exception type, message pattern, what was
# called with a removed keyword or None, the hint). Each is recognised only from the library's own message,
# and a removed keyword only when the call on the failing line is the library's own function.
_NUMPY_ALIAS = re.compile(r"module 'numpy' has no attribute '(\w+)'\.\n`np\.\1` was a deprecated alias for the "
                          r"builtin `(\w+)`")
_REMOVED_HABITS = (
    (AttributeError, _NUMPY_ALIAS, None,
     "NumPy 1.24 removed `np.{0}` (an alias of the builtin `{1}`, deprecated since 1.20): write `{1}`, or "
     "`np.{1}64`-style types where the precision matters."),
    (TypeError, re.compile(r"reshape\(\) got an unexpected keyword argument 'newshape'$"), ("numpy", "reshape"),
     "NumPy 2.4 removed np.reshape's `newshape=` (deprecated since 2.1): pass the shape positionally, "
     "`np.reshape(a, shape)`, or install NumPy 1.x: pip install \"numpy<2\"."),
    (OverflowError, re.compile(r"Python integer -?\d+ out of bounds for u?int\d+$"), None,
     "NumPy 2.0 (NEP 50) keeps an array's integer dtype when a Python int is mixed in, and raises where NumPy "
     "1.x widened it (`uint8 array + 300` gave uint16) or wrapped around: cast first (`x.astype(np.int64)`), "
     "or install NumPy 1.x: pip install \"numpy<2\"."),
    (TypeError, re.compile(r"TSNE\.__init__\(\) got an unexpected keyword argument 'n_iter'$"),
     ("sklearn.manifold", "TSNE"),
     "scikit-learn 1.7 removed TSNE's `n_iter` (renamed `max_iter` in 1.5): write `max_iter=`."),
)


def _named_object(node, frame):
    """What a name or a dotted module path (`np.reshape`) in `frame` refers to; None for anything else
    (nothing of the program runs)."""
    if isinstance(node, ast.Name):
        for namespace in (frame.f_locals, frame.f_globals, builtins.__dict__):
            if node.id in namespace:
                return namespace[node.id]
    elif isinstance(node, ast.Attribute):
        owner = _named_object(node.value, frame)
        if isinstance(owner, types.ModuleType):
            return owner.__dict__.get(node.attr)
    return None


def _called_with(traceback, keyword):
    """The functions that the failing line (innermost frame of `traceback`) calls with `keyword=`."""
    while traceback is not None and traceback.tb_next is not None:
        traceback = traceback.tb_next
    if traceback is None:
        return []
    frame = traceback.tb_frame
    try:
        tree = ast.parse(linecache.getline(frame.f_code.co_filename, traceback.tb_lineno).strip())
    except SyntaxError:  # a line of a statement that spans lines: not certain
        return []
    return [_named_object(node.func, frame) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and any(given.arg == keyword for given in node.keywords)]


def removed_habit_hint(error, command="scopecompat run"):
    """One line for an error that NumPy or scikit-learn raises for a habit they removed, else None."""
    for kind, pattern, function, hint in _REMOVED_HABITS:
        found = pattern.match(str(error)) if type(error) is kind else None
        if not found:
            continue
        if function is not None:
            module = sys.modules.get(function[0])
            keyword = re.search(r"argument '(\w+)'", str(error)).group(1)
            if module is None or getattr(module, function[1], None) not in _called_with(error.__traceback__, keyword):
                continue
        return "%s: %s" % (command, hint.format(*found.groups()))
    return None


def _without_launcher_frames(traceback):
    """`traceback` without this module's frames, so that it reads as it would under `python SCRIPT`."""
    kept = []
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename != __file__:
            kept.append(traceback)
        traceback = traceback.tb_next
    for entry, following in zip(kept, kept[1:] + [None]):
        entry.tb_next = following
    return kept[0] if kept else None


# What run() returns for a program stopped by Ctrl-C: the caller dies of SIGINT after its own output
# (exit_as), as Python reports an interrupted program.
INTERRUPTED = -signal.SIGINT


def report_uncaught(error, notebook=None, command="scopecompat run"):
    """Do what Python does with an exception the program did not catch; return the exit code."""
    seen = set()
    chained = error
    while chained is not None and id(chained) not in seen:
        seen.add(id(chained))
        chained.__traceback__ = _without_launcher_frames(chained.__traceback__)
        chained = chained.__cause__ or chained.__context__
    sys.excepthook(type(error), error, error.__traceback__)
    hint = python2_hint(error, notebook, command) if looks_like_python2(error) else removed_habit_hint(error, command)
    if hint:
        sys.stderr.write(hint + "\n")
    return INTERRUPTED if isinstance(error, KeyboardInterrupt) else 1


def exit_as(code):
    """Return exit code `code`, or, for INTERRUPTED, die of SIGINT as Python does after a KeyboardInterrupt."""
    if code == INTERRUPTED:
        sys.stdout.flush()
        sys.stderr.flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    return code


def fail(message, command="scopecompat run"):
    sys.stderr.write("%s: %s\n" % (command, message))
    return 2


# -- notebooks -------------------------------------------------------------------------------------------

# Cell magics whose body is Python: the body runs once, as it would without the magic.
PYTHON_BODY_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun")
# IPython lines that are not Python: magics, shell escapes, help (`tf.Variable?`), and `x = !ls`.
_IPYTHON_LINE = re.compile(r"^\s*([%!]|\?|[\w.\[\]'\"]+\s*\?\??\s*$|[\w\s,]+=\s*[%!])")


def _json_list(value, what):
    if not isinstance(value, list):
        raise ValueError("its %s are not a list" % what)
    return value


def _json_object(value, what):
    if not isinstance(value, dict):
        raise ValueError("%s is not a JSON object" % what)
    return value


def notebook_cells(data):
    """The code cells of a notebook's JSON `data` as (number, source), in order (nbformat 4, and 3's
    worksheets); ValueError, naming the cell, if it is not a notebook."""
    notebook = _json_object(json.loads(data), "its JSON")
    if "cells" in notebook:
        cells = _json_list(notebook["cells"], "cells")
    else:
        cells = []
        for number, sheet in enumerate(_json_list(notebook.get("worksheets", []), "worksheets"), 1):
            cells += _json_list(_json_object(sheet, "worksheet %d" % number).get("cells", []), "cells")
    sources = []
    for number, cell in enumerate(cells, 1):
        if _json_object(cell, "cell %d" % number).get("cell_type") == "code":
            source = cell.get("source", cell.get("input", ""))
            if isinstance(source, list) and all(isinstance(line, str) for line in source):
                source = "".join(source)
            if not isinstance(source, str):
                raise ValueError("code cell %d: its source is not text (a string or a list of strings)"
                                 % (len(sources) + 1))
            sources.append(source)
    return list(enumerate(sources, 1))


def cell_python(source, where, command="scopecompat run"):
    """The Python of a code cell: IPython-only lines become `pass` (same line numbers), each with a note."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].split()[0]
        if magic not in PYTHON_BODY_CELL_MAGICS:
            sys.stderr.write("%s: skipped %s (cell magic %s)\n" % (command, where, magic))
            return ""
        sys.stderr.write("%s: %s: ran the body of %s once, without the magic\n" % (command, where, magic))
        lines[0] = ""
    text = "\n".join(lines)
    try:
        ast.parse(text)
        return text  # valid Python as it is: a line such as `    % args` is a continuation, not a magic
    except SyntaxError:
        pass
    for number, line in enumerate(lines):
        if _IPYTHON_LINE.match(line):
            sys.stderr.write("%s: skipped IPython line in %s, line %d: %s\n"
                             % (command, where, number + 1, line.strip()))
            lines[number] = line[:len(line) - len(line.lstrip())] + "pass"
    return "\n".join(lines)


def _compile_cell(text, filename):
    """A cell's code objects: its statements, then its last expression in "single" mode, so that its value
    is shown as Jupyter shows it (unless the cell ends with `;`)."""
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    tree = compile(text, filename, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    shown = []
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not text.rstrip().endswith(";"):
        shown = [ast.Interactive([tree.body.pop()])]
    return [compile(tree, filename, "exec", dont_inherit=True)] + [
        compile(node, filename, "single", dont_inherit=True) for node in shown]


# -- running ---------------------------------------------------------------------------------------------


def _absolute(path):
    """The path as Python names a script it runs: joined to the working directory, not normalized."""
    return path if os.path.isabs(path) else os.path.join(os.getcwd(), path)


def _main_module(path, is_notebook):
    """A fresh `__main__` as Python makes it for `python SCRIPT` (a notebook has no `__file__`)."""
    module = types.ModuleType("__main__")
    module.__dict__.update(__builtins__=builtins, __annotations__={}, __spec__=None, __package__=None)
    if not is_notebook:
        module.__dict__.update(__file__=_absolute(path), __cached__=None)
        module.__loader__ = importlib.machinery.SourceFileLoader("__main__", module.__file__)
    sys.modules["__main__"] = module
    return module


def _run_notebook(script, cells, main, command):
    os.chdir(os.path.dirname(os.path.realpath(script)))  # Jupyter runs a notebook in its own folder
    for number, source in cells:
        filename = "<%s code cell %d>" % (script, number)
        for code in _compile_cell(cell_python(source, "code cell %d" % number, command), filename):
            exec(code, main.__dict__)


def run(script, args, command="scopecompat run"):
    """Run `script` (a .py file or a .ipynb notebook) with `args`; return its exit code (INTERRUPTED if
    Ctrl-C stopped it: pass it to exit_as). `command` names the command in the launcher's own messages."""
    if os.path.isdir(script):
        return fail("%s is a folder; give the .py file (or .ipynb notebook) to run." % script, command)
    try:
        with open(script, "rb") as file:
            source = file.read()
    except OSError as error:
        return fail("can't open file %r: [Errno %s] %s" % (script, error.errno, error.strerror), command)
    is_notebook = script.endswith(".ipynb")
    if is_notebook:
        try:
            cells = notebook_cells(source)
        except ValueError as error:
            return fail("%s is not a Jupyter notebook that scopecompat can read: %s" % (script, error), command)
    else:
        try:
            code = compile(source, _absolute(script), "exec", dont_inherit=True)
        except SyntaxError as error:
            return report_uncaught(_undeclared_non_utf8(source, _absolute(script)) or error, command=command)

    sys.argv = [script] + list(args)
    folder = os.path.dirname(os.path.realpath(script))
    if not (sys.flags.isolated or getattr(sys.flags, "safe_path", False)):  # as python does for a script
        sys.path[0] = folder
    main = _main_module(script, is_notebook)
    ScriptTree(folder, main.__dict__).install()
    try:
        if is_notebook:
            _run_notebook(script, cells, main, command)
        else:
            exec(code, main.__dict__)
    except SystemExit:
        raise
    except BaseException as error:  # noqa: B902  (KeyboardInterrupt too: reported as Python reports it)
        return report_uncaught(error, notebook=script if is_notebook else None, command=command)
    return 0
