"""`scopecompat run SCRIPT [ARGS...]` (or `-m MODULE`): run an unmodified TF1 program (a .py file, a module or a
notebook).

Modules: imports.py (which imports are redirected, for which code), running.py (running a script or a
notebook as Python and Jupyter would), errors.py (what the launcher reports: uncaught errors as Python
reports them, plus its hints), children.py (the same mapping in the program's Python children: multiprocessing
with "spawn" or "forkserver", process pools, `subprocess` of `sys.executable`; child_site/ is their start-up).

The program runs as `python SCRIPT ARGS` (or `python -m MODULE ARGS`) would run it (sys.argv, `__main__`,
`__file__`, `__spec__`, sys.path[0], the working directory, stdin and stdout, exit code, tracebacks, Ctrl-C),
except that its own code sees TF1: in SCRIPT and in every module it loads from a .py file that is not
installed code (its folder's, PYTHONPATH's, a folder it puts on sys.path), `import tensorflow` (and
`from tensorflow... import ...`, `import tensorflow.contrib.rnn`, ...) gives scopecompat.

How: imports.py says which code is TF1 code and how its imports are redirected.

Limits: `importlib.import_module("tensorflow")` in the script gets the real TensorFlow (only import
statements and `__import__` are mapped); a module of the tree in a zip archive or as a .pyc without its
source is not TF1 code; a Python child started with `python -E`/`-I`/`-S` or with an `env=` that drops
SCOPECOMPAT_RUN and PYTHONPATH runs without the mapping (children.py); the program sees those two in os.environ.
"""
