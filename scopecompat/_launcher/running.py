"""Run a TF1 script, module or notebook as `python SCRIPT`, `python -m MODULE` (or Jupyter) would, with the TF1
imports of imports.py."""

import ast
import builtins
import importlib.machinery
import json
import linecache
import os
import re
import runpy
import sys
import types
from typing import Sequence

from _scopecompat_cli import script_refusal
from scopecompat._launcher.children import export_to_children
from scopecompat._launcher.errors import fail, report_uncaught, undeclared_non_utf8
from scopecompat._launcher.imports import ProgramCode

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


def _main_module(path=None):
    """A fresh `__main__` as Python makes it for `python SCRIPT` (a notebook, and a module that runpy is yet
    to run, have no `path`)."""
    module = types.ModuleType("__main__")
    module.__dict__.update(__builtins__=builtins, __annotations__={}, __spec__=None, __package__=None)
    if path is not None:
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


def run(script: str, args: Sequence[str], command: str = "scopecompat run") -> int:
    """Run `script` (a .py file or a .ipynb notebook) with `args`; return its exit code (INTERRUPTED if
    Ctrl-C stopped it: pass it to exit_as). `command` names the command in the launcher's own messages."""
    refusal = script_refusal(script)
    if refusal:
        return fail(refusal, command)
    with open(script, "rb") as file:
        source = file.read()
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
            return report_uncaught(undeclared_non_utf8(source, _absolute(script)) or error, command=command)

    sys.argv = [script] + list(args)
    folder = os.path.dirname(os.path.realpath(script))
    if is_notebook:
        main = _start_program(folder, _main_module())
        return _run_main(lambda: _run_notebook(script, cells, main, command), notebook=script, command=command)
    main = _start_program(folder, _main_module(script))
    return _run_main(lambda: exec(code, main.__dict__), command=command)


def run_module(name: str, args: Sequence[str], command: str = "scopecompat run") -> int:
    """Run the module `name` with `args` as `python -m name args` does: sys.argv[0] its file, `__main__` with
    its `__spec__`, sys.path[0] the working directory; a module that does not exist gets python's message
    and exit code 1. Return its exit code, as run() does."""
    sys.argv = ["-m"] + list(args)  # as python has it while it looks for the module
    _start_program(os.getcwd(), _main_module())
    # runpy's function that `python -m` itself calls: it imports the module's packages, sets sys.argv[0],
    # and runs the module's code in `__main__` (its frames are in python -m's tracebacks too).
    return _run_main(lambda: runpy._run_module_as_main(name, alter_argv=True), command=command)


def _start_program(folder, main):
    """The program's sys.path[0] (`folder`, as python puts it there) and its TF1 imports, here and in its
    Python children; returns `main`."""
    if not (sys.flags.isolated or getattr(sys.flags, "safe_path", False)):  # as python does
        sys.path[0] = folder
    ProgramCode(main.__dict__).install()
    export_to_children(folder)  # its Python children (multiprocessing's spawn, subprocess) map it too
    return main


def _run_main(run_program, notebook=None, command="scopecompat run"):
    """Call `run_program`; an error it does not catch is reported as Python reports it. The exit code."""
    try:
        run_program()
    except SystemExit:
        raise
    except BaseException as error:  # noqa: B902  (KeyboardInterrupt too: reported as Python reports it)
        return report_uncaught(error, notebook=notebook, command=command)
    return 0
