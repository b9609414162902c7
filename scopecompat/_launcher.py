"""`scopecompat run SCRIPT [ARGS...]`: run an unmodified TF1 program (a .py file or a notebook).

The program runs as `python SCRIPT ARGS` would run it (sys.argv, `__main__`, `__file__`, sys.path[0],
the working directory, stdin and stdout, exit code, tracebacks), except that its own code sees TF1:
in SCRIPT and in the modules it loads from .py files in its own folder tree, `import tensorflow`
(and `from tensorflow... import ...`, `import tensorflow.contrib.rnn`, ...) gives scopecompat.

How: that code runs with builtins of its own, a copy of the real ones whose `__import__` maps
`tensorflow` to scopecompat (TF1_MODULES). The script gets them when it is executed, its local modules
through a path hook for the folders of its tree. Every other module (TensorFlow itself, third-party
packages, the standard library) keeps the real builtins, so `sys.modules["tensorflow"]` stays
TensorFlow for them. Nothing else changes in the process.

Limits: `importlib.import_module("tensorflow")` in the script gets the real TensorFlow (only import
statements and `__import__` are mapped); the builtins are copied at start-up, so a builtin that other
code adds later is not visible to the script's tree; a child process that multiprocessing starts with
"spawn" (macOS's and Windows's default, not Linux's) imports the script again without the launcher.
"""

import ast
import builtins
import importlib.machinery
import json
import linecache
import os
import re
import signal
import sys
import sysconfig
import types

import scopecompat

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


def tf1_builtins():
    """The builtins of the script's tree: the real ones, with TF1's `import tensorflow`."""
    return dict(builtins.__dict__, __import__=tf1_import)


# -- the script's own tree ------------------------------------------------------------------------------


def _installed_code_folders():
    """Folders of installed code (site-packages, the standard library, scopecompat itself): never the
    script's own, even where they lie inside its folder (a virtualenv in the project folder)."""
    names = ("stdlib", "platstdlib", "purelib", "platlib")
    folders = {sysconfig.get_paths().get(name) for name in names}
    folders.add(os.path.dirname(os.path.abspath(scopecompat.__file__)))
    return [os.path.realpath(folder) for folder in folders if folder]


def _is_inside(path, folder):
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _tf1_source_loader(builtins_dict):
    class TF1SourceLoader(importlib.machinery.SourceFileLoader):
        """Loads a .py module of the script's tree with the TF1 builtins. (They are set when the module
        is made, so that no frame of ours is on the stack while the module runs: tracebacks of errors
        in it read as without the launcher.)"""

        def create_module(self, spec):
            module = types.ModuleType(spec.name)
            module.__builtins__ = builtins_dict
            return module

    return TF1SourceLoader


class ScriptTree:
    """The folder tree of the script: its .py modules are loaded with the TF1 builtins."""

    def __init__(self, root, builtins_dict):
        self.root = os.path.realpath(root)
        self.builtins = builtins_dict
        self.excluded = _installed_code_folders()
        self.source_loader = _tf1_source_loader(builtins_dict)

    def owns(self, folder):
        folder = os.path.realpath(folder or os.getcwd())
        if not _is_inside(folder, self.root):
            return False
        if {"site-packages", "dist-packages"} & set(folder[len(self.root):].split(os.sep)):
            return False
        return not any(_is_inside(folder, excluded) for excluded in self.excluded)

    def path_hook(self, folder):
        """sys.path_hooks entry: a finder for the folders of the tree, with the TF1 source loader."""
        if not self.owns(folder):
            raise ImportError("not in the script's folder tree")
        return importlib.machinery.FileFinder(
            folder,
            (importlib.machinery.ExtensionFileLoader, importlib.machinery.EXTENSION_SUFFIXES),
            (self.source_loader, importlib.machinery.SOURCE_SUFFIXES),
            (importlib.machinery.SourcelessFileLoader, importlib.machinery.BYTECODE_SUFFIXES),
        )

    def install(self):
        sys.path_hooks.insert(0, self.path_hook)
        # Finders cached for folders of the tree (e.g. the working directory) were made before the hook.
        for folder in [folder for folder in sys.path_importer_cache if self.owns(folder)]:
            del sys.path_importer_cache[folder]


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


def looks_like_python2(error):
    """True when a SyntaxError comes from a Python 2 form (`print x`, `except E, e:`, backticks, ...)."""
    if not isinstance(error, SyntaxError) or isinstance(error, IndentationError):
        return False
    message = str(error.msg or "")
    return any(message.startswith(known) for known in _PYTHON2_MESSAGES) or bool(
        _PYTHON2_LINE.search(error.text or ""))


def python2_hint(error, notebook=None):
    """What to do about a Python 2 SyntaxError (in a file, or in a cell of `notebook`)."""
    if notebook is not None and (error.filename or "").startswith("<"):
        return ("scopecompat run: %s is Python 2 code (%s, line %s), which Python 3 cannot parse. Convert "
                "the notebook to Python 3 first, e.g. export it with `jupyter nbconvert --to script %s` and "
                "convert the .py with `2to3 -w`." % (notebook, error.filename.strip("<>"), error.lineno, notebook))
    path = error.filename or "the script"
    if _is_inside(path, os.getcwd()):  # as the user would type it
        path = os.path.relpath(path)
    return ("scopecompat run: %s is Python 2 code (line %s), which Python 3 cannot parse. Convert it to "
            "Python 3 first, e.g. with 2to3: `2to3 -w %s` (Python 3.9 to 3.12 also have it as "
            "`python -m lib2to3`)." % (path, error.lineno, path))


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


def report_uncaught(error, notebook=None):
    """Do what Python does with an exception the program did not catch; return the exit code."""
    seen = set()
    chained = error
    while chained is not None and id(chained) not in seen:
        seen.add(id(chained))
        chained.__traceback__ = _without_launcher_frames(chained.__traceback__)
        chained = chained.__cause__ or chained.__context__
    sys.excepthook(type(error), error, error.__traceback__)
    if looks_like_python2(error):
        sys.stderr.write(python2_hint(error, notebook) + "\n")
    if isinstance(error, KeyboardInterrupt):  # Python reports an interrupted program by dying of SIGINT
        sys.stdout.flush()
        sys.stderr.flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    return 1


def fail(message):
    sys.stderr.write("scopecompat run: %s\n" % message)
    return 2


# -- notebooks -------------------------------------------------------------------------------------------

# Cell magics whose body is Python: the body runs once, as it would without the magic.
PYTHON_BODY_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun")
# IPython lines that are not Python: magics, shell escapes, help (`tf.Variable?`), and `x = !ls`.
_IPYTHON_LINE = re.compile(r"^\s*([%!]|\?|[\w.\[\]'\"]+\s*\?\??\s*$|[\w\s,]+=\s*[%!])")


def notebook_cells(data):
    """The code cells of a notebook's JSON `data` as (number, source), in order (nbformat 4, and 3's
    worksheets); ValueError if it is not a notebook."""
    notebook = json.loads(data)
    if not isinstance(notebook, dict):
        raise ValueError("its JSON is not an object")
    cells = notebook.get("cells")
    if cells is None:
        cells = [cell for sheet in notebook.get("worksheets", []) for cell in sheet.get("cells", [])]
    sources = []
    for cell in cells:
        if not isinstance(cell, dict):
            raise ValueError("a cell is not a JSON object")
        if cell.get("cell_type") == "code":
            source = cell.get("source", cell.get("input", ""))
            sources.append("".join(source) if isinstance(source, list) else source)
    return list(enumerate(sources, 1))


def cell_python(source, where):
    """The Python of a code cell: IPython-only lines become `pass` (same line numbers), each with a note."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].split()[0]
        if magic not in PYTHON_BODY_CELL_MAGICS:
            sys.stderr.write("scopecompat run: skipped %s (cell magic %s)\n" % (where, magic))
            return ""
        sys.stderr.write("scopecompat run: %s: ran the body of %s once, without the magic\n" % (where, magic))
        lines[0] = ""
    text = "\n".join(lines)
    try:
        ast.parse(text)
        return text  # valid Python as it is: a line such as `    % args` is a continuation, not a magic
    except SyntaxError:
        pass
    for number, line in enumerate(lines):
        if _IPYTHON_LINE.match(line):
            sys.stderr.write("scopecompat run: skipped IPython line in %s, line %d: %s\n"
                             % (where, number + 1, line.strip()))
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


def _main_module(path, builtins_dict, is_notebook):
    """A fresh `__main__` as Python makes it for `python SCRIPT` (a notebook has no `__file__`)."""
    module = types.ModuleType("__main__")
    module.__dict__.update(__builtins__=builtins_dict, __annotations__={}, __spec__=None, __package__=None)
    if not is_notebook:
        module.__dict__.update(__file__=_absolute(path), __cached__=None)
        module.__loader__ = importlib.machinery.SourceFileLoader("__main__", module.__file__)
    sys.modules["__main__"] = module
    return module


def _run_notebook(script, cells, main):
    os.chdir(os.path.dirname(os.path.realpath(script)))  # Jupyter runs a notebook in its own folder
    for number, source in cells:
        filename = "<%s code cell %d>" % (script, number)
        for code in _compile_cell(cell_python(source, "code cell %d" % number), filename):
            exec(code, main.__dict__)


def run(script, args):
    """Run `script` (a .py file or a .ipynb notebook) with `args`; return its exit code."""
    if os.path.isdir(script):
        return fail("%s is a folder; give the .py file (or .ipynb notebook) to run." % script)
    try:
        with open(script, "rb") as file:
            source = file.read()
    except OSError as error:
        return fail("can't open file %r: [Errno %s] %s" % (script, error.errno, error.strerror))
    is_notebook = script.endswith(".ipynb")
    if is_notebook:
        try:
            cells = notebook_cells(source)
        except ValueError as error:
            return fail("%s is not a Jupyter notebook that scopecompat can read: %s" % (script, error))
    else:
        try:
            code = compile(source, _absolute(script), "exec", dont_inherit=True)
        except SyntaxError as error:
            return report_uncaught(error)

    sys.argv = [script] + list(args)
    folder = os.path.dirname(os.path.realpath(script))
    if not (sys.flags.isolated or getattr(sys.flags, "safe_path", False)):  # as python does for a script
        sys.path[0] = folder
    tf1 = tf1_builtins()
    ScriptTree(folder, tf1).install()
    main = _main_module(script, tf1, is_notebook)
    try:
        if is_notebook:
            _run_notebook(script, cells, main)
        else:
            exec(code, main.__dict__)
    except SystemExit:
        raise
    except BaseException as error:  # noqa: B902  (KeyboardInterrupt too: reported as Python reports it)
        return report_uncaught(error, notebook=script if is_notebook else None)
    return 0
