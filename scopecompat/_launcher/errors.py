"""What the launcher reports: a program's uncaught error as Python reports it (without the launcher's own
frames), plus a hint for Python 2 code, for SciPy/NumPy/scikit-learn habits newer releases removed and for a
distributed task whose server could not start; its own failures; and the exit code."""

import ast
import builtins
import collections
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


class Removed(collections.namedtuple("Removed", "used release fix error called")):
    """A habit of TF1-era code that SciPy, NumPy or scikit-learn removed: `used` (what the program used: a
    dotted module path or module name; for an error told by its message, what it stands for), the release
    of the library (its top module, `used`'s first part) that removed it, and the fix. `error`: None for a
    module or name, else (exception type, pattern of the library's own message); `called`: (module,
    function) that the failing line must call with the keyword in the message (a removed keyword), or
    (module, function, ...) one of which the failing line must call, or None."""

    def __new__(cls, used, release, fix, error=None, called=None):
        return super().__new__(cls, used, release, fix, error, called)

    @property
    def library(self):
        return re.match(r"\w+", self.used).group()

    def hint(self):
        if ": " in self.used:  # "numpy: what it did", not a name
            shown = self.used.split(": ", 1)[1]
        else:
            shown = "`%s`" % re.sub(r"^numpy\.", "np.", self.used)
        return "%s %s removed %s: %s" % (LIBRARY_NAMES[self.library], self.release, shown, self.fix)


LIBRARY_NAMES = {"numpy": "NumPy", "scipy": "SciPy", "sklearn": "scikit-learn"}
_NUMPY_1_24_ALIAS = "an alias of the builtin, deprecated since 1.20: write `{0}` (or `np.{1}` where the precision matters)"
_NUMPY_2_NAME = "write `{0}` (NumPy 2.0's migration guide lists each removed name)"
_IMAGEIO = "`imageio.{0}` (pip install imageio), or `matplotlib.pyplot.{1}`"

# Each row is recognised only from the library's own doing: the import of a removed module or name (its
# ModuleNotFoundError/ImportError), a failed attribute lookup on the library's module (or in its module
# `__getattr__`), or the library's own message where the failing line calls its function.
REMOVED_HABITS = (
    # SciPy
    Removed("scipy.sparse.linalg.eigen.arpack", "1.12", "import from `scipy.sparse.linalg`, where these functions are "
            "public: `from scipy.sparse.linalg import eigsh, eigs, ArpackNoConvergence`."),
    Removed("scipy.misc.imread", "1.3.0", "deprecated since 1.0: use " + _IMAGEIO.format("v2.imread", "imread") + "."),
    Removed("scipy.misc.imsave", "1.3.0", "deprecated since 1.0: use " + _IMAGEIO.format("imwrite", "imsave") + "."),
    Removed("scipy.misc.imresize", "1.3.0", "deprecated since 1.0: use Pillow, `np.array(PIL.Image.fromarray(a).resize((width, "
            "height)))`, or `skimage.transform.resize` (which returns floats in [0, 1])."),
    Removed("scipy.misc.imrotate", "1.3.0", "deprecated since 1.0: use `skimage.transform.rotate` or "
            "`scipy.ndimage.rotate`."),
    Removed("scipy.misc.toimage", "1.3.0", "deprecated since 1.0: use `PIL.Image.fromarray`."),
    Removed("scipy.misc.bytescale", "1.3.0", "deprecated since 1.0: scale to 0-255 yourself, "
            "`((a - a.min()) * 255 / a.ptp()).astype(np.uint8)`."),
    Removed("scipy.misc.logsumexp", "1.3.0", "moved: `from scipy.special import logsumexp`."),
    Removed("scipy.misc.comb", "1.3.0", "moved: `from scipy.special import comb`."),
    Removed("scipy.misc.factorial", "1.3.0", "moved: `from scipy.special import factorial`."),
    Removed("scipy.ndimage.imread", "1.3.0", "deprecated since 1.0: use " + _IMAGEIO.format("v2.imread", "imread") + "."),
    Removed("scipy.integrate.simps", "1.14.0", "renamed: `scipy.integrate.simpson`."),
    Removed("scipy.integrate.trapz", "1.14.0", "renamed: `scipy.integrate.trapezoid`."),
    Removed("scipy.integrate.cumtrapz", "1.14.0", "renamed: `scipy.integrate.cumulative_trapezoid`."),
    # NumPy 1.24: the aliases of builtins (`np.bool` has none: NumPy 2.0 made it the name of its bool type)
    Removed("numpy.int", "1.24", _NUMPY_1_24_ALIAS.format("int", "int64")),
    Removed("numpy.float", "1.24", _NUMPY_1_24_ALIAS.format("float", "float64")),
    Removed("numpy.complex", "1.24", _NUMPY_1_24_ALIAS.format("complex", "complex128")),
    Removed("numpy.object", "1.24", _NUMPY_1_24_ALIAS.format("object", "object_")),
    Removed("numpy.str", "1.24", _NUMPY_1_24_ALIAS.format("str", "str_")),
    Removed("numpy.unicode", "1.24", _NUMPY_1_24_ALIAS.format("str", "str_")),
    Removed("numpy.asscalar", "1.23", "write `a.item()`."),
    Removed("numpy: ragged arrays made without `dtype=object`", "1.24",
            "`np.array` of rows of different lengths (e.g. a list of (input, label) pairs) raises: pass "
            "`dtype=object` where a ragged array is meant, or keep the parts in separate arrays "
            "(`inputs, labels = zip(*pairs)`).",
            error=(ValueError, re.compile(r"setting an array element with a sequence\. The requested array has an "
                                          r"inhomogeneous shape")), called=("numpy", "array", "asarray")),
    # NumPy 2.0
    Removed("numpy.Inf", "2.0", _NUMPY_2_NAME.format("np.inf")),
    Removed("numpy.Infinity", "2.0", _NUMPY_2_NAME.format("np.inf")),
    Removed("numpy.infty", "2.0", _NUMPY_2_NAME.format("np.inf")),
    Removed("numpy.PINF", "2.0", _NUMPY_2_NAME.format("np.inf")),
    Removed("numpy.NINF", "2.0", _NUMPY_2_NAME.format("-np.inf")),
    Removed("numpy.NaN", "2.0", _NUMPY_2_NAME.format("np.nan")),
    Removed("numpy.NAN", "2.0", _NUMPY_2_NAME.format("np.nan")),
    Removed("numpy.float_", "2.0", _NUMPY_2_NAME.format("np.float64")),
    Removed("numpy.complex_", "2.0", _NUMPY_2_NAME.format("np.complex128")),
    Removed("numpy.cfloat", "2.0", _NUMPY_2_NAME.format("np.complex128")),
    Removed("numpy.unicode_", "2.0", _NUMPY_2_NAME.format("np.str_")),
    Removed("numpy.string_", "2.0", _NUMPY_2_NAME.format("np.bytes_")),
    Removed("numpy.product", "2.0", _NUMPY_2_NAME.format("np.prod")),
    Removed("numpy.cumproduct", "2.0", _NUMPY_2_NAME.format("np.cumprod")),
    Removed("numpy.sometrue", "2.0", _NUMPY_2_NAME.format("np.any")),
    Removed("numpy.alltrue", "2.0", _NUMPY_2_NAME.format("np.all")),
    Removed("numpy.round_", "2.0", _NUMPY_2_NAME.format("np.round")),
    Removed("numpy.asfarray", "2.0", _NUMPY_2_NAME.format("np.asarray(a, dtype=np.float64)")),
    Removed("numpy.mat", "2.0", _NUMPY_2_NAME.format("np.asmatrix")),
    Removed("numpy.reshape(newshape=)", "2.4", "deprecated since 2.1: pass the shape positionally, `np.reshape(a, shape)`, "
            "or install NumPy 1.x: pip install \"numpy<2\".",
            error=(TypeError, re.compile(r"reshape\(\) got an unexpected keyword argument 'newshape'$")),
            called=("numpy", "reshape")),
    Removed("numpy: the widening of integer arrays for Python ints (NEP 50)", "2.0",
            "NEP 50 keeps an array's integer dtype when a Python int is mixed in, and raises where NumPy 1.x "
            "widened it (`uint8 array + 300` gave uint16) or wrapped around: cast first (`x.astype(np.int64)`), "
            "or install NumPy 1.x: pip install \"numpy<2\".",
            error=(OverflowError, re.compile(r"Python integer -?\d+ out of bounds for u?int\d+$"))),
    # scikit-learn
    Removed("sklearn.cross_validation", "0.20", "its functions and classes are in `sklearn.model_selection` "
            "(`from sklearn.model_selection import train_test_split, KFold`; KFold takes `n_splits`, not `n`)."),
    Removed("sklearn.grid_search", "0.20", "`from sklearn.model_selection import GridSearchCV, RandomizedSearchCV` "
            "(`grid_scores_` became `cv_results_`)."),
    Removed("sklearn.learning_curve", "0.20", "`from sklearn.model_selection import learning_curve, validation_curve`."),
    Removed("sklearn.externals.joblib", "0.23", "`import joblib` (pip install joblib)."),
    Removed("sklearn.manifold.TSNE(n_iter=)", "1.7", "renamed `max_iter` in 1.5: write `max_iter=`.",
            error=(TypeError, re.compile(r"TSNE\.__init__\(\) got an unexpected keyword argument 'n_iter'$")),
            called=("sklearn.manifold", "TSNE")),
)
_CANNOT_IMPORT = re.compile(r"cannot import name '(\w+)' from '([\w.]+)'")


def _missing_path(error):
    """The dotted path that a failed import or module attribute lookup looked for, or None."""
    if isinstance(error, ModuleNotFoundError):
        return error.name
    if type(error) is ImportError:  # `from module import name`
        found = _CANNOT_IMPORT.match(str(error))
        return "%s.%s" % (found.group(2), found.group(1)) if found and found.group(2) == error.name else None
    if not isinstance(error, AttributeError):
        return None
    if isinstance(getattr(error, "obj", None), types.ModuleType) and error.name:
        return "%s.%s" % (error.obj.__name__, error.name)
    innermost = error.__traceback__
    while innermost is not None and innermost.tb_next is not None:
        innermost = innermost.tb_next
    frame = innermost.tb_frame if innermost is not None else None
    if frame is not None and frame.f_code.co_name == "__getattr__" and frame.f_code.co_argcount == 1:
        owner = frame.f_globals.get("__name__")  # a module's __getattr__(name) that raised
        attribute = frame.f_locals.get(frame.f_code.co_varnames[0])
        if sys.modules.get(owner) is not None and isinstance(attribute, str):
            return "%s.%s" % (owner, attribute)
    return None


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
    """The functions that the failing line (innermost frame of `traceback`) calls with `keyword=` (any call,
    for None)."""
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
            if isinstance(node, ast.Call) and (keyword is None or any(given.arg == keyword for given in node.keywords))]


def _library_frame(traceback, library):
    """True when the innermost frame of `traceback` is code of the module `library` (its package folder)."""
    module = sys.modules.get(library)
    folder = os.path.dirname(getattr(module, "__file__", None) or "") if module is not None else ""
    while traceback is not None and traceback.tb_next is not None:
        traceback = traceback.tb_next
    return bool(folder) and traceback is not None and is_inside(traceback.tb_frame.f_code.co_filename, folder)


def _library_called(error, called):
    """For a message row: the failing line calls the library's function named (with the removed keyword the
    message names, if it names one), or the error comes from inside the library's own code."""
    module = sys.modules.get(called[0])
    if module is None:
        return False
    keyword = re.search(r"argument '(\w+)'", str(error))
    functions = [getattr(module, name, None) for name in called[1:]]
    if keyword:
        return any(function in _called_with(error.__traceback__, keyword.group(1)) for function in functions)
    return _library_frame(error.__traceback__, called[0]) or any(
        function in _called_with(error.__traceback__, None) for function in functions)


def removed_habit(error):
    """The REMOVED_HABITS row of an error that SciPy, NumPy or scikit-learn raise for a habit they removed."""
    path = _missing_path(error)
    for row in REMOVED_HABITS:
        if row.error is None:
            if path is not None and (path == row.used or path.startswith(row.used + ".")):
                return row
        elif type(error) is row.error[0] and row.error[1].match(str(error)):
            if row.called is None or _library_called(error, row.called):
                return row
    return None


def removed_habit_hint(error, command="scopecompat run"):
    """One line for an error that SciPy, NumPy or scikit-learn raise for a habit they removed, else None."""
    row = removed_habit(error)
    return "%s: %s" % (command, row.hint()) if row is not None else None


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


def exit_as(code: int) -> int:
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


def fail(message: str, command: str = "scopecompat run") -> int:
    sys.stderr.write("%s: %s\n" % (command, message))
    return 2
