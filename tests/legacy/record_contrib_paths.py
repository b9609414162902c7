"""Record TF 1.15.5's tensorflow.contrib module paths, and the names of those of the tf.contrib modules that
scopecompat provides, into scopecompat/_contrib/contrib_paths_tf_1_15.json (read by scopecompat/_contrib/paths.py,
its tests and docs/contrib-paths.md).

    TF_CPP_MIN_LOG_LEVEL=3 /path/to/tf-1.15.5/bin/python tests/legacy/record_contrib_paths.py [OUT]

(OUT: write there instead; tests/contrib/test_contrib_paths.py records anew and compares, given the oracle.)

- "paths": every module path under tensorflow.contrib that TF 1.15.5 ships (its .py files and packages),
  spelled from `contrib.` ("contrib.rnn.python.ops.core_rnn_cell");
- "names": for each such path below a tf.contrib module that scopecompat's legacy table provides
  (scopecompat/_legacy/names.py, read as a file: it is standard-library Python), the module's public names as
  TF 1.15.5 imports it: `dir()` without underscored names, modules (its imports of other modules; a
  submodule is a path of its own) and `from __future__` features; null where TF 1.15.5 cannot import it;
- "private": of those modules, the underscored functions and classes the module defines itself (`_linear`),
  which TF1 code imports too;
- "aliases": per such path, its names that are a public TF 1.15 name's very object (functions and classes),
  by that name ("contrib.rnn.RNNCell", else "nn.rnn_cell.RNNCell"): the owning tf.contrib module first, then
  the other provided ones, then tf.* itself, a name of the same spelling before another;
- "origins": per such path, its other functions and classes by the TF module that defines them
  ("tensorflow.python.util.deprecation"), where TF 2.x may still have them;
- "submodules": per such path, its attributes that are tf.contrib modules, by their path (slim.nets.vgg);
- "missing_path_error": what TF 1.15.5 raises for a path it never had.
"""

import __future__
import importlib
import importlib.util
import json
import os
import sys
import types

import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.join(HERE, "..", "..")
OUT = os.path.join(REPO, "scopecompat", "_contrib", "contrib_paths_tf_1_15.json")


def provided_contrib_modules():
    spec = importlib.util.spec_from_file_location("legacy_names", os.path.join(REPO, "scopecompat", "_legacy", "names.py"))
    names = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(names)
    return sorted({row.old.split(".")[1] for row in names.RENAMED if row.old.startswith("contrib.")})


def contrib_paths(contrib_folder):
    paths = []
    for folder, subfolders, files in os.walk(contrib_folder):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        relative = os.path.relpath(folder, os.path.dirname(contrib_folder)).replace(os.sep, ".")
        for name in sorted(files):
            if name == "__init__.py":
                paths.append(relative)
            elif name.endswith(".py"):
                paths.append(relative + "." + name[:-3])
    return sorted(paths)


def public_names(module):
    return sorted(
        name for name in dir(module)
        if not name.startswith("_") and not isinstance(getattr(module, name), (types.ModuleType, __future__._Feature)))


def own_private_names(module):
    found = []
    for name in dir(module):
        value = getattr(module, name)
        if (name.startswith("_") and not name.startswith("__") and isinstance(value, (type, types.FunctionType))
                and getattr(value, "__module__", None) == module.__name__):
            found.append(name)
    return sorted(found)


def _is_api_object(value):
    return isinstance(value, (type, types.FunctionType, types.BuiltinFunctionType))


def _public_modules(module, prefix, depth, skip=("contrib", "compat", "python", "core", "tools", "app")):
    """(path, module) of `module` and its public module attributes, `depth` levels down."""
    found = [(prefix, module)]
    if depth:
        for name in sorted(dir(module)):
            value = getattr(module, name, None)
            if not name.startswith("_") and name not in skip and isinstance(value, types.ModuleType):
                found += _public_modules(value, prefix + "." + name if prefix else name, depth - 1, ())
    return found


def alias_index(provided):
    """id(object) -> [public TF 1.15 paths of it], in the order of preference."""
    index = {}
    namespaces = [("contrib." + name, getattr(tf.contrib, name)) for name in provided]
    namespaces += [(path, module) for path, module in _public_modules(tf, "", 2) if path]
    namespaces += [("", tf)]
    for path, module in namespaces:
        for name in sorted(dir(module)):
            value = getattr(module, name, None)
            if not name.startswith("_") and _is_api_object(value):
                index.setdefault(id(value), []).append(path + "." + name if path else name)
    return index


def aliases_and_origins(module, path, index):
    aliases, origins, submodules = {}, {}, {}
    owner = ".".join(path.split(".")[:2]) + "."
    for name in dir(module):
        value = getattr(module, name)
        if isinstance(value, types.ModuleType):
            module_name = value.__name__.replace("tensorflow_core.", "tensorflow.", 1)
            if module_name.startswith("tensorflow.contrib."):
                submodules[name] = module_name[len("tensorflow."):]
            continue
        if name.startswith("_") and name not in own_private_names(module) or not _is_api_object(value):
            continue
        candidates = index.get(id(value), [])
        ranked = sorted(candidates, key=lambda alias: (not alias.startswith(owner), alias.rsplit(".", 1)[-1] != name,
                                                       not alias.startswith("contrib."), candidates.index(alias)))
        if ranked:
            aliases[name] = ranked[0]
        elif getattr(value, "__module__", None):
            origins[name] = value.__module__.replace("tensorflow_core.", "tensorflow.", 1)
    return aliases, origins, submodules


def missing_path_error():
    try:
        importlib.import_module("tensorflow.contrib.rnn.python.ops.no_such_module")
    except ImportError as error:
        return {"type": type(error).__name__, "message": str(error), "name": error.name}
    raise AssertionError("TF 1.15.5 imported a module that does not exist")


def main():
    assert tf.__version__ == "1.15.5", "record with TF 1.15.5, not %s" % tf.__version__
    tf.contrib.rnn  # noqa: B018  (loads tf.contrib, as TF1 programs do, before its submodules are imported)
    contrib_folder = os.path.dirname(tf.contrib.__file__)
    paths = contrib_paths(contrib_folder)
    provided = provided_contrib_modules()
    names, private, aliases, origins, submodules = {}, {}, {}, {}, {}
    index = alias_index(provided)
    for path in paths:
        if path.count(".") < 1 or path.split(".")[1] not in provided:
            continue
        try:
            module = importlib.import_module("tensorflow." + path)
        except Exception as error:  # noqa: B902  (a module TF 1.15.5 itself cannot import: recorded as such)
            print("cannot import tensorflow.%s: %s: %s" % (path, type(error).__name__, error), file=sys.stderr)
            names[path] = None
            continue
        names[path] = public_names(module)
        private[path] = own_private_names(module)
        aliases[path], origins[path], submodules[path] = aliases_and_origins(module, path, index)
    record = {"tf_version": tf.__version__, "provided_modules": provided, "paths": paths, "names": names,
              "private": private, "aliases": aliases, "origins": origins, "submodules": submodules,
              "missing_path_error": missing_path_error()}
    with open(sys.argv[1] if len(sys.argv) > 1 else OUT, "w") as f:
        f.write(json.dumps(record, indent=0, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
