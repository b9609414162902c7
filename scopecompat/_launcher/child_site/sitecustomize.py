"""Run at start-up by the Python children of a program that `scopecompat run` started (the launcher puts
this folder first on their PYTHONPATH): the TF1 mapping for the program's tree, then the sitecustomize
these children would have run without it. Why and how: scopecompat/_launcher/children.py.

Kept to syntax every Python 3 reads, and silent: it runs before the child's own code."""
import importlib.util
import os
import sys


def _start_scopecompat_child():
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "children.py")
    spec = importlib.util.spec_from_file_location("_scopecompat_children", path)
    children = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(children)
    children.start_in_child()  # also takes this folder off sys.path


def _chain_sitecustomize():
    """The next sitecustomize on sys.path (this folder is off it now), as site.py would have run it."""
    ours = sys.modules.pop("sitecustomize")
    try:
        import sitecustomize  # noqa: F401  (it replaces this module in sys.modules, as if it had run alone)
    except ImportError as error:
        sys.modules["sitecustomize"] = ours  # none: this one stays, as the import that runs it expects
        if error.name != "sitecustomize":
            raise


_start_scopecompat_child()
_chain_sitecustomize()
