"""Measure which tf.contrib modules and names public TF1 projects use (issue 17): docs/contrib-usage.md.

    python docs/contrib_usage.py MIRRORS [--repositories docs/contrib-usage-repositories.txt]

prints the table that docs/contrib-usage.md shows (pasted there below its prose).

MIRRORS is a folder holding one git repository per line of the repositories file, each in a folder named
`owner+name` (a clone: `git clone https://github.com/owner/name MIRRORS/owner+name`; a bare mirror works too).
The script reads the files of each repository's HEAD commit (.py, and the code cells of .ipynb), never a
work tree, and counts, per contrib module and per contrib name, in how many REPOSITORIES and files it is
referenced:
  - qualified uses: `tf.contrib.rnn.LSTMBlockCell`, `tensorflow.contrib.slim`, ...;
  - imports: `from tensorflow.contrib import rnn, slim as s` (modules), `from tensorflow.contrib.rnn import
    LSTMBlockCell` (names), `import tensorflow.contrib.slim as slim` (module).
Names used through an alias (`slim.conv2d` after `import ... as slim`) count for the module only.
Repositories rank better than files: one big repository (tensor2tensor, magenta) has hundreds of files.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_REPOSITORIES = os.path.join(HERE, "contrib-usage-repositories.txt")

QUALIFIED = re.compile(r"\bcontrib\.([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?")
# What follows `import`: a parenthesized list (which may span lines) or the rest of the line.
_IMPORTED = r"import[ \t]+(\([^)]*\)|[^\n#]+)"
FROM_CONTRIB_IMPORT = re.compile(r"from[ \t]+tensorflow\.contrib[ \t]+" + _IMPORTED)
FROM_MODULE_IMPORT = re.compile(r"from[ \t]+tensorflow\.contrib\.([A-Za-z_]\w*)[ \t]+" + _IMPORTED)


def repositories(path):
    with open(path) as listing:
        return [line.split("#")[0].strip() for line in listing if line.split("#")[0].strip()]


def git(folder, *args):
    return subprocess.run(["git", "-C", folder] + list(args), capture_output=True, check=True).stdout


def sources(folder, missing):
    """(path, text) of the repository's .py files and notebooks' code cells at HEAD. Files whose contents the
    copy lacks (a mirror may leave out its largest files) are appended to `missing`."""
    listing = git(folder, "ls-tree", "-r", "-z", "HEAD").decode("utf-8", "replace").split("\0")
    wanted = []
    for entry in filter(None, listing):
        meta, path = entry.split("\t", 1)
        kind, blob = meta.split()[1:3]
        if kind == "blob" and path.endswith((".py", ".ipynb")):
            wanted.append((path, blob))
    batch = subprocess.run(["git", "-C", folder, "cat-file", "--batch"], capture_output=True, check=True,
                           input="".join(blob + "\n" for _, blob in wanted).encode()).stdout
    position = 0
    for path, blob in wanted:
        end = batch.index(b"\n", position)
        header = batch[position:end].split()
        if header[-1] == b"missing":
            missing.append(path)
            position = end + 1
            continue
        size = int(header[2])
        text = batch[end + 1:end + 1 + size].decode("utf-8", "replace")
        position = end + 1 + size + 1
        if path.endswith(".ipynb"):
            try:
                cells = json.loads(text).get("cells", [])
            except ValueError:
                continue
            text = "\n".join("".join(cell.get("source", [])) for cell in cells if cell.get("cell_type") == "code")
        yield path, text


def _imported_names(imported):
    """"a, b as c" or "(a,\n b)" -> ["a", "b"]."""
    words = (re.sub(r"#.*", "", part).split() for part in imported.strip("()").split(","))
    return [word[0] for word in words if word and word[0].isidentifier()]


def references(text):
    """The contrib modules and (module, name) pairs a source text refers to."""
    modules, names = set(), set()
    for module, name in QUALIFIED.findall(text):
        modules.add(module)
        if name and name not in ("python",):
            names.add((module, name))
    for imported in FROM_CONTRIB_IMPORT.findall(text):
        modules.update(_imported_names(imported))
    for module, imported in FROM_MODULE_IMPORT.findall(text):
        modules.add(module)
        names.update((module, name) for name in _imported_names(imported))
    return modules, names


def measure(mirrors, names_of_repositories):
    module_repos, module_files = collections.Counter(), collections.Counter()
    name_repos = collections.Counter()
    commits, missing = {}, {}
    for repository in names_of_repositories:
        folder = os.path.join(mirrors, repository.replace("/", "+"))
        if os.path.isdir(os.path.join(folder, "repo")):  # the layout of the project's mirror tool
            folder = os.path.join(folder, "repo")
        if not os.path.isdir(folder):
            raise SystemExit("%s: no repository here; clone it: git clone https://github.com/%s %s"
                             % (folder, repository, folder))
        commits[repository] = git(folder, "rev-parse", "HEAD").decode().strip()
        repo_modules, repo_names = set(), set()
        for _, text in sources(folder, missing.setdefault(repository, [])):
            modules, names = references(text)
            module_files.update(modules)
            repo_modules |= modules
            repo_names |= names
        module_repos.update(repo_modules)
        name_repos.update(repo_names)
    return module_repos, module_files, name_repos, commits, missing


def markdown(module_repos, module_files, name_repos, commits, missing, top=8):
    total = len(commits)
    lines = ["| contrib module | repositories (of %d) | files | its most used names (repositories) |" % total,
             "|---|--:|--:|---|"]
    for module, count in sorted(module_repos.items(), key=lambda item: (-item[1], item[0])):
        used = sorted(((n, c) for (m, n), c in name_repos.items() if m == module), key=lambda item: (-item[1], item[0]))
        shown = ", ".join("`%s` %d" % (name, c) for name, c in used[:top])
        lines.append("| `%s` | %d | %d | %s |" % (module, count, module_files[module], shown))
    lines += ["", "Repositories and the commit read:", ""]
    for repository, commit in sorted(commits.items()):
        absent = missing[repository]
        lines.append("- %s %s%s" % (repository, commit[:12],
                                    " (%d source files absent from the copy read)" % len(absent) if absent else ""))
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mirrors", help="folder with one clone per repository, named owner+name")
    parser.add_argument("--repositories", default=DEFAULT_REPOSITORIES)
    args = parser.parse_args(argv)
    sys.stdout.write(markdown(*measure(args.mirrors, repositories(args.repositories))))


if __name__ == "__main__":
    main()
