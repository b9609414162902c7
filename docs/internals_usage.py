"""Measure which TF internals (`tensorflow.python.*`) public TF1 projects import, and which of them TF 2.x moved or
dropped (issue 25): docs/tf-internals.md.

    python docs/internals_usage.py MIRRORS --tf1-python /path/to/tf-1.15.5/bin/python > docs/tf-internals-usage.json
    python -m scopecompat._launcher.internals > docs/tf-internals.md

The method of docs/contrib_usage.py (the same repositories, their HEAD commits, .py files and notebooks' code
cells), for the lines `from tensorflow.python.X import a, b` and `import tensorflow.python.X[ as m]`. A name
imported from a module counts as (module, name); where the name is a module itself, or a module is imported
as `m`, each `m.attr` of that file counts as (that module, attr). Per (module, name): in how many repositories
and files it is referenced, and whether TF 1.15.5 (`--tf1-python`) and the running TF 2.x have it.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import contrib_usage  # noqa: E402  (its repositories and its reading of them)

_IMPORTED = r"import[ \t]+(\([^)]*\)|[^\n#;]+)"
FROM_INTERNAL_IMPORT = re.compile(r"^[ \t]*from[ \t]+(tensorflow\.python(?:\.\w+)*)[ \t]+" + _IMPORTED, re.M)
IMPORT_INTERNAL = re.compile(r"^[ \t]*import[ \t]+(tensorflow\.python(?:\.\w+)*)(?:[ \t]+as[ \t]+(\w+))?", re.M)


def _imported(imported):
    """"a, b as c" -> [("a", "a"), ("b", "c")]."""
    pairs = []
    for part in imported.strip("()").split(","):
        words = re.sub(r"#.*", "", part).split()
        if words and words[0].isidentifier():
            pairs.append((words[0], words[2] if len(words) == 3 and words[1] == "as" else words[0]))
    return pairs


def references(text):
    """The (module, name) pairs a source text refers to, `module` a tensorflow.python module path."""
    found, bound = set(), {}
    for module, imported in FROM_INTERNAL_IMPORT.findall(text):
        for name, alias in _imported(imported):
            found.add((module, name))
            bound[alias] = module + "." + name  # used below only if it is a module (decided by the TFs)
    for module, alias in IMPORT_INTERNAL.findall(text):
        if alias:
            bound[alias] = module
        else:
            found.add((module.rsplit(".", 1)[0], module.rsplit(".", 1)[1]))
    for alias, module in bound.items():
        for attribute in set(re.findall(r"(?<![\w.])%s\.([A-Za-z_]\w*)" % re.escape(alias), text)):
            found.add((module, attribute))
    return found


CHECK = r"""
import importlib, json, sys, types, warnings, os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
warnings.simplefilter("ignore")
import tensorflow
pairs = json.load(sys.stdin)
def status(module, name):
    try:
        owner = importlib.import_module(module)
    except Exception:
        return "no module"
    if not hasattr(owner, name):
        try:
            importlib.import_module(module + "." + name)
        except Exception:
            return "no name"
    return "module" if isinstance(getattr(owner, name, None), types.ModuleType) else "name"
json.dump({module + ":" + name: status(module, name) for module, name in pairs}, sys.stdout)
"""


def check(python, pairs):
    result = subprocess.run([python, "-c", CHECK], input=json.dumps(sorted(pairs)), capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout)


def measure(mirrors, names_of_repositories, tf1_python):
    repos, files, commits = collections.defaultdict(set), collections.Counter(), {}
    for repository in names_of_repositories:
        folder = os.path.join(mirrors, repository.replace("/", "+"))
        if os.path.isdir(os.path.join(folder, "repo")):
            folder = os.path.join(folder, "repo")
        commits[repository] = contrib_usage.git(folder, "rev-parse", "HEAD").decode().strip()
        for _, text in contrib_usage.sources(folder, []):
            for pair in references(text):
                repos[pair].add(repository)
                files[pair] += 1
    tf1 = check(tf1_python, repos)
    tf2 = check(sys.executable, repos)
    rows = []
    for (module, name), users in repos.items():
        key = module + ":" + name
        if tf1[key] in ("no module", "no name"):
            continue  # not TF 1.15's (a typo, a newer TF's name, an attribute of a name imported from a module)
        rows.append({"module": module, "name": name, "repositories": len(users), "files": files[(module, name)],
                     "tf_1_15": tf1[key], "tf_2": tf2[key], "users": sorted(users)})
    rows.sort(key=lambda row: (-row["repositories"], -row["files"], row["module"], row["name"]))
    import tensorflow

    return {"tf_2_version": tensorflow.__version__, "commits": commits, "references": rows}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mirrors", help="folder with one clone per repository, named owner+name")
    parser.add_argument("--repositories", default=contrib_usage.DEFAULT_REPOSITORIES)
    parser.add_argument("--tf1-python", required=True, help="the python of a TF 1.15.5 environment")
    args = parser.parse_args(argv)
    record = measure(args.mirrors, contrib_usage.repositories(args.repositories), args.tf1_python)
    sys.stdout.write(json.dumps(record, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
