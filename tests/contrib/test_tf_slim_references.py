"""Every reference of every tf-slim module to a TensorFlow internal resolves on the installed TF.

tf-slim (scopecompat/_contrib/tf_slim.py) reaches TF internals by their TF 2.2 paths: `from
tensorflow.python.ops import clip_ops`, then `clip_ops.clip_by_global_norm` inside a function. A reference
TF has since moved fails only when that function runs (AttributeError), so importing tf-slim says nothing.
Here each module's source is read statically: every attribute chain on a name a TF import binds is looked
up through the module as scopecompat serves it (its globals after tf_slim.load(), where the MOVED rows fill
the gaps). A chain that does not resolve fails with the row MOVED lacks (a tf_slim.REFERENCES row, its move
written once in scopecompat/_legacy/tf_internals.py's MOVED).
"""

import ast
import functools
import importlib
import inspect
import pkgutil

import pytest

from scopecompat._contrib import tf_slim


def tf_slim_modules():
    """Every module of the installed tf-slim but its tests."""
    package = importlib.import_module("tf_slim")
    return sorted(info.name for info in pkgutil.walk_packages(package.__path__, "tf_slim.")
                  if not info.name.endswith("_test") and ".testing" not in info.name)


def tf_aliases(tree):
    """{name: TF module path} for each name an import statement of the module binds to a TF module."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tensorflow"):
            for alias in node.names:
                aliases[alias.asname or alias.name] = node.module + "." + alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("tensorflow") and alias.asname:
                    aliases[alias.asname] = alias.name
    return aliases


def attribute_chains(tree, aliases):
    """Each `alias.a.b...` read in the module, as (alias, [a, b, ...], line), outermost chains only."""
    chains, inner = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            names, value = [], node
            while isinstance(value, ast.Attribute):
                names.insert(0, value.attr)
                inner.add(id(value.value))
                value = value.value
            if isinstance(value, ast.Name) and value.id in aliases and not isinstance(node.ctx, ast.Store):
                chains.append((value.id, names, node.lineno))
    return chains


@functools.lru_cache(maxsize=None)
def references(module_name):
    """{alias: TF path}, and (alias, chain, line) for every attribute chain on a TF alias in the module."""
    tree = ast.parse(inspect.getsource(importlib.import_module(module_name)))
    aliases = tf_aliases(tree)
    return aliases, [(alias, tuple(names), line) for alias, names, line in attribute_chains(tree, aliases)]


def imported(path):
    """What `from a.b import c` (path "a.b.c") or `import a.b.c as x` binds."""
    try:
        return importlib.import_module(path)
    except ImportError:
        module_name, _, name = path.rpartition(".")
        return getattr(importlib.import_module(module_name), name)


def resolve(start, names):
    """Follow `names` from `start` through modules; the first attribute of a non-module (a class's method,
    a function's attribute) is the last one looked up, since what follows may be an instance's."""
    value = start
    for name in names:
        value = getattr(value, name)
        if not inspect.ismodule(value):
            break
    return value


@pytest.fixture(scope="module")
def served():
    tf_slim.load()
    return {module_name: importlib.import_module(module_name) for module_name in tf_slim_modules()}


def test_the_walk_finds_the_references_that_failed_before():
    found = {(module_name, alias, names[0]) for module_name in tf_slim_modules()
             for alias, names, _line in references(module_name)[1]}
    for reference in [("tf_slim.learning", "clip_ops", "clip_by_norm"),
                      ("tf_slim.data.tfexample_decoder", "image_ops", "decode_image")]:
        assert reference in found, "the static walk misses %s.%s.%s" % reference


@pytest.mark.parametrize("module_name", tf_slim_modules())
def test_every_tf_reference_of_the_module_resolves(module_name, served):
    module = served[module_name]
    aliases, chains = references(module_name)
    unresolved = []
    for alias, names, line in chains:
        # A global as scopecompat serves it (MOVED may have replaced it); an import inside a function: TF's own.
        start = vars(module)[alias] if alias in vars(module) else imported(aliases[alias])
        try:
            resolve(start, names)
        except (AttributeError, ImportError) as error:
            unresolved.append("line %d: %s.%s (%s)" % (line, alias, ".".join(names), error))
    assert not unresolved, "%s reaches TF internals the installed TF lacks (a tf_slim.REFERENCES row each):\n%s" % (
        module_name, "\n".join(unresolved))
