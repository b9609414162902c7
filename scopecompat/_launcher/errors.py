"""What the launcher reports: a program's uncaught error as Python reports it (without the launcher's own
frames), plus a hint for Python 2 code, for NumPy/scikit-learn habits newer releases removed and for a
distributed task whose server could not start; its own failures; and the exit code."""

import ast
import builtins
import errno
import linecache
import os
import re
import signal
import socket
import sys
import types

from scopecompat._launcher.children import is_server_start_error
from scopecompat._launcher.imports import is_inside

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
    if is_inside(path, os.getcwd()):  # as the user would type it
        path = os.path.relpath(path)
    return ("%s: %s is Python 2 code (line %s), which Python 3 cannot parse. Convert it to "
            "Python 3 first, e.g. with 2to3: `2to3 -w %s` (Python 3.9 to 3.12 also have it as "
            "`python -m lib2to3`)." % (command, path, error.lineno, path))


# Python's own SyntaxError for a script that is not UTF-8 and declares no encoding: compile() of the bytes
# words it otherwise ("(unicode error) 'utf-8' codec can't decode ...").
_PEP_263 = ("Non-UTF-8 code starting with '\\x%.2x' in file %s on line %d, but no encoding declared; "
            "see https://peps.python.org/pep-0263/ for details")
_CODING_LINE = re.compile(br"^[ \t\f]*#.*?coding[:=]", re.MULTILINE)


def undeclared_non_utf8(source, path):
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


def _server_def(traceback):
    """The ServerDef of the tf.train.Server whose construction raised (the frame of its __init__), or None."""
    while traceback is not None:
        server_def = getattr(traceback.tb_frame.f_locals.get("self"), "_server_def", None)
        if server_def is not None and hasattr(server_def, "cluster"):
            return server_def
        traceback = traceback.tb_next
    return None


def server_port_hint(error, command="scopecompat run"):
    """For TF's "Could not start gRPC server" (which names neither): the task, its address, and whether
    its port is in use here. None for any other error."""
    if not is_server_start_error(error):
        return None
    server_def = _server_def(error.__traceback__)
    if server_def is None:
        return None
    task = "/job:%s/task:%d" % (server_def.job_name, server_def.task_index)
    addresses = [job.tasks.get(server_def.task_index) for job in server_def.cluster.job if job.name == server_def.job_name]
    address = addresses[0] if addresses and addresses[0] else None
    if address is None or ":" not in address:
        return "%s: task %s could not start its server: its address in the cluster spec is %r." % (command, task, address)
    host, port = address.rsplit(":", 1)
    probe = socket.socket(socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET)
    try:
        probe.bind((host.strip("[]"), int(port)))
        why = "the port is free now; is %s an address of this machine?" % host
    except OSError as bind_error:
        why = ("the port is in use (by another process, or a task of the cluster started twice): stop that "
               "process, or give the task a free port in the cluster spec, the same spec for every task"
               if bind_error.errno == errno.EADDRINUSE else "%s on binding it" % bind_error.strerror)
    except ValueError:
        why = "its port %r is not a number" % port
    finally:
        probe.close()
    return "%s: task %s could not listen on %s: %s." % (command, task, address, why)


# The launcher's own modules: their frames (running the program, the import hook) are not the program's.
_LAUNCHER_FOLDER = os.path.dirname(os.path.abspath(__file__))


def _without_launcher_frames(traceback):
    """`traceback` without the launcher's frames, so that it reads as it would under `python SCRIPT`."""
    kept = []
    while traceback is not None:
        if os.path.dirname(traceback.tb_frame.f_code.co_filename) != _LAUNCHER_FOLDER:
            kept.append(traceback)
        traceback = traceback.tb_next
    for entry, following in zip(kept, kept[1:] + [None]):
        entry.tb_next = following
    return kept[0] if kept else None


# What run() returns for a program stopped by Ctrl-C: the command then ends as Python ends an interrupted
# program (exit_as).
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
    if looks_like_python2(error):
        hint = python2_hint(error, notebook, command)
    else:
        hint = removed_habit_hint(error, command) or server_port_hint(error, command)
    if hint:
        sys.stderr.write(hint + "\n")
    return INTERRUPTED if isinstance(error, KeyboardInterrupt) else 1


def exit_as(code):
    """Return exit code `code`; for INTERRUPTED, end as Python ends a program that Ctrl-C stopped: the atexit
    handlers run and files are flushed and closed at the interpreter's finalization, and only then does the
    process die of SIGINT. Python kills itself after its finalization (Py_RunMain), for a KeyboardInterrupt
    that reached the top: so the command raises one, already reported (the program's traceback is out),
    and sys.excepthook is told to keep quiet about it."""
    if code != INTERRUPTED:
        return code
    interrupt = KeyboardInterrupt()  # exactly this class: Python checks the type, not a subclass
    excepthook = sys.excepthook

    def silent_for_the_reported_interrupt(kind, error, traceback):
        if error is not interrupt:
            excepthook(kind, error, traceback)

    sys.excepthook = silent_for_the_reported_interrupt
    raise interrupt


def fail(message, command="scopecompat run"):
    sys.stderr.write("%s: %s\n" % (command, message))
    return 2
