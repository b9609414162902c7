"""Import TensorFlow quietly, check that its version is supported, and switch it to TF1 mode once.

Everything here runs once per process, at `import scopecompat`. The only process-wide change is the
one TF1 code needs: `tf.compat.v1.disable_v2_behavior()` (graph mode, ref variables, v1 shapes and
control flow, tensor equality off).

One thing is left for later rather than changed: when scopecompat is what imports TensorFlow and the
installed Keras is Keras 3, TF's `__init__` does not load Keras 3 eagerly (`keras_3_deferred`); it loads
on the first touch of `tensorflow.keras` or `import keras`, as the same objects.
"""

import contextlib
import importlib.abc
import importlib.machinery
import logging
import os
import sys
import tempfile
import threading
import warnings

from packaging.version import InvalidVersion, Version

# Oldest and newest TensorFlow minor versions the test matrix covers (tox.ini has one env per gate).
OLDEST_SUPPORTED = (2, 12)
NEWEST_SUPPORTED = (2, 21)
# Set to 1 to try a TensorFlow newer than NEWEST_SUPPORTED anyway.
ALLOW_UNTESTED_ENV = "SCOPECOMPAT_ALLOW_UNTESTED_TF"
# A user who sets TF's own log-level variable has chosen TF's logging: scopecompat then hides nothing.
TF_LOG_LEVEL_ENV = "TF_CPP_MIN_LOG_LEVEL"

_graph_mode_enabled = False
# tensorflow.compat.v1 as set_up() found it. Always reached as `tensorflow.compat.v1`, never with an
# `import tensorflow.compat.v1` statement: that statement makes TF load alias copies of some of its
# submodules (`tensorflow.compat.v1.logging` beside `tensorflow._api.v2.compat.v1.logging`).
tf_v1 = None


def parse_version(text):
    """`"2.16.0rc1"` -> `(2, 16)`: the release's major and minor, which is what the support range speaks of."""
    try:
        release = Version(text).release
    except InvalidVersion:
        raise ImportError("scopecompat cannot read the TensorFlow version %r." % (text,)) from None
    return (release + (0,))[:2]


def check_version(text, environ=os.environ):
    """Raise ImportError naming the fix when TensorFlow `text` is outside the supported range."""
    found = parse_version(text)
    oldest = "%d.%d" % OLDEST_SUPPORTED
    newest = "%d.%d" % NEWEST_SUPPORTED
    if found < OLDEST_SUPPORTED:
        hint = (
            "On TensorFlow 1.x, run your code with `import tensorflow as tf` directly; "
            "to use scopecompat, upgrade: pip install 'tensorflow>=%s,<%d.%d'"
            % (oldest, NEWEST_SUPPORTED[0], NEWEST_SUPPORTED[1] + 1)
            if found[0] < 2
            else "Upgrade: pip install 'tensorflow>=%s,<%d.%d'"
            % (oldest, NEWEST_SUPPORTED[0], NEWEST_SUPPORTED[1] + 1)
        )
        raise ImportError(
            "scopecompat supports TensorFlow %s to %s, but TensorFlow %s is installed. %s"
            % (oldest, newest, text, hint)
        )
    if found > NEWEST_SUPPORTED and environ.get(ALLOW_UNTESTED_ENV) != "1":
        raise ImportError(
            "scopecompat supports TensorFlow %s to %s, but TensorFlow %s is installed, which it has "
            "not been tested on. Install a tested one: pip install 'tensorflow==%s.*' 'tf-keras==%s.*'; "
            "or set %s=1 to try it anyway." % (oldest, newest, text, newest, newest, ALLOW_UNTESTED_ENV)
        )


@contextlib.contextmanager
def quiet_native_start_up():
    """Hide the C++ start-up lines TensorFlow's native libraries print while they load.

    TF 2.21 prints absl lines ("oneDNN custom operations are on", "Could not find cuda drivers") even
    with TF_CPP_MIN_LOG_LEVEL=3, straight to file descriptor 2, so a descriptor-level redirect hides them,
    for the duration of the import only. What was printed is replayed if the import fails, so no error
    text is lost. TF_CPP_MIN_LOG_LEVEL is not set, not even for the import: TF's C++ logging reads it once
    and keeps it, so it would hide the runtime's own warnings ("Local rendezvous is aborting", ...) for
    the rest of the process, which raw TF shows.
    """
    if TF_LOG_LEVEL_ENV in os.environ:
        yield
        return
    try:
        saved_fd = os.dup(2)
    except OSError:  # no stderr descriptor (e.g. pythonw): nothing can be printed anyway
        yield
        return
    captured = tempfile.TemporaryFile()
    succeeded = False
    try:
        sys.stderr.flush()
        os.dup2(captured.fileno(), 2)
        yield
        succeeded = True
    finally:
        sys.stderr.flush()
        os.dup2(saved_fd, 2)
        os.close(saved_fd)
        if not succeeded:
            captured.seek(0)
            sys.stderr.write(captured.read().decode("utf-8", "replace"))
        captured.close()


@contextlib.contextmanager
def quiet_python_logging():
    """Silence TF's Python logger (deprecation notices printed by the set-up itself)."""
    logger = logging.getLogger("tensorflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


class _Keras3Deferred(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """While scopecompat imports TensorFlow, in that thread: `import keras` fails with ImportError.

    TF >= 2.16's `__init__` ends with `importlib.import_module("keras.src.optimizers")` inside `try: ...
    except ImportError: pass`, "so that registration of optimizers in the SavedModel registry happens at
    load time": 1.6 s of TF's 4.2 s import on this project's machine, for Keras 3, which TF1 code never uses
    (scopecompat's tf.layers, tf.nn.rnn_cell and tf.keras are tf_keras's). With `keras` refused, TF skips it
    and leaves nothing behind (`tensorflow.keras` and friends are TF's lazy loaders, untouched). The finder is
    removed as soon as TF is imported: the first `tensorflow.keras` or `import keras` then loads Keras 3, which
    registers its optimizers then. `importlib.util.find_spec("keras")` (TF asks where Keras lies) still
    answers with the real spec: only loading it is refused."""

    def __init__(self):
        self.thread = threading.get_ident()

    def find_spec(self, name, path=None, target=None):
        if name != "keras" or threading.get_ident() != self.thread:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None:
            spec.loader = self
        return spec

    def create_module(self, spec):
        raise ImportError("scopecompat defers Keras 3 while it imports TensorFlow", name=spec.name)

    def exec_module(self, module):  # never reached: create_module refuses
        raise ImportError("scopecompat defers Keras 3 while it imports TensorFlow", name=module.__name__)


def keras_3_installed():
    """True when the installed `keras` is Keras 3 (TF >= 2.16's default; TF <= 2.15 brings Keras 2, whose
    modules serve tf.compat.v1.layers and must load as TF loads them)."""
    from importlib import metadata

    try:
        return parse_version(metadata.version("keras"))[0] >= 3
    except (metadata.PackageNotFoundError, ImportError):
        return False


@contextlib.contextmanager
def keras_3_deferred():
    """Import TensorFlow in this block without Keras 3 (see _Keras3Deferred); nothing else changes."""
    if "keras" in sys.modules or not keras_3_installed():
        yield
        return
    finder = _Keras3Deferred()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def import_tensorflow():
    """Return `tensorflow`, imported quietly if nothing imported it yet, after the version check."""
    if "tensorflow" in sys.modules:
        import tensorflow
    else:
        with quiet_native_start_up(), keras_3_deferred():
            import tensorflow
    check_version(tensorflow.__version__)
    return tensorflow


EAGER_BEFORE_IMPORT = (
    "TensorFlow's eager runtime already ran in this process before `import scopecompat` switched it to TF1 "
    "graph mode. Tensors, variables and models made before this import are eager: the TF1 graph cannot use "
    "them (TensorFlow says 'Attempting to capture an EagerTensor without building a function'). What you "
    "build from now on works. To avoid this, import scopecompat before any TensorFlow code runs (first line "
    "of the program, first cell of the notebook), or restart the kernel."
)


def eager_runtime_started(tensorflow):
    """True when TF executes eagerly and its eager runtime has started (an eager op ran, a device was
    listed): objects made then are eager and unusable in graph mode. False when it cannot be told."""
    try:
        from tensorflow.python.eager import context

        return bool(tensorflow.executing_eagerly() and context.context()._initialized)
    except Exception:  # TF moved it: no warning rather than a wrong one
        return False


def enable_graph_mode(tf_v1):
    """Switch the process to TF1 behaviour, once; later calls (or re-imports) do nothing.

    If TF already ran eagerly, the switch still works for everything built afterwards (TF has no way
    back for objects made before), so the import goes on and warns (RuntimeWarning) saying so.
    """
    global _graph_mode_enabled
    if _graph_mode_enabled:
        return
    eager_before = eager_runtime_started(sys.modules["tensorflow"])
    with quiet_python_logging():
        tf_v1.disable_v2_behavior()
    _graph_mode_enabled = True
    if eager_before:
        # stacklevel 4: enable_graph_mode <- set_up <- scopecompat/__init__ <- the user's import
        # (importlib's frames in between are skipped by the warnings module).
        warnings.warn(EAGER_BEFORE_IMPORT, RuntimeWarning, stacklevel=4)


def set_up():
    """Import TF, check it, enable TF1 mode; return `tensorflow.compat.v1`."""
    global tf_v1
    tf_v1 = import_tensorflow().compat.v1
    enable_graph_mode(tf_v1)
    return tf_v1
