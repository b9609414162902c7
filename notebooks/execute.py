"""Run the walkthrough notebooks top to bottom in a fresh kernel and store their outputs.

    python notebooks/execute.py                  # re-execute every notebook here, write the outputs
    python notebooks/execute.py 04_sharing_an_rnn.ipynb
    python notebooks/execute.py --check          # re-execute, compare with the stored outputs, write nothing

The kernel is this interpreter (sys.executable) with the scopecompat that this interpreter imports, so the
stored outputs are what `import scopecompat as tf` prints. tests/test_notebooks.py uses the same functions
to check that a fresh run still tells each notebook's story.

A cell tagged `raises-exception` is expected to fail (its error is part of the story). In a cell tagged
`floats-vary` (training losses, which move in their last digits across CPUs and TF builds) numbers are
not compared; every other printed float is compared to within float32 precision.
"""

import argparse
import importlib.util
import json
import math
import os
import re
import site
import sys
import tempfile

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

NOTEBOOKS_DIR = os.path.dirname(os.path.abspath(__file__))
KERNEL_NAME = "scopecompat-walkthrough"
CELL_TIMEOUT = 300  # seconds; the slowest cell (the RNN's training) takes a few
FLOATS_VARY_TAG = "floats-vary"
# Every notebook is saved for Jupyter's default kernel, whatever kernel executed it.
STORED_KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def notebook_paths():
    return sorted(os.path.join(NOTEBOOKS_DIR, name) for name in os.listdir(NOTEBOOKS_DIR) if name.endswith(".ipynb"))


def kernel_environment():
    """This process's environment, with the scopecompat this interpreter imports first on the path.

    TF_CPP_MIN_LOG_LEVEL is dropped so that the kernel starts as a learner's does (scopecompat then keeps
    TensorFlow's start-up lines out of the notebook), and TF_USE_LEGACY_KERAS as in tests/conftest.py.
    """
    environ = {k: v for k, v in os.environ.items() if k not in ("TF_CPP_MIN_LOG_LEVEL", "TF_USE_LEGACY_KERAS")}
    spec = importlib.util.find_spec("scopecompat")  # found, not imported (no TensorFlow in this process)
    if spec is None:
        raise SystemExit("This Python cannot import scopecompat: `pip install -e .` in the repository, or run "
                         "with PYTHONPATH=<repository>.")
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(spec.origin)))
    installed = {os.path.abspath(path) for path in site.getsitepackages() + [site.getusersitepackages()]}
    if package_parent not in installed:  # a source checkout (or PYTHONPATH): the kernel must see the same
        environ["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, environ.get("PYTHONPATH")]))
    environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # ipykernel's debugger warns about frozen modules
    return environ


def execute(path):
    """The notebook at `path`, executed top to bottom in a fresh kernel of this interpreter."""
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as scratch:
        # A kernelspec of our own: a "python3" kernelspec installed elsewhere could name another Python.
        spec_dir = os.path.join(scratch, "kernels", KERNEL_NAME)
        os.makedirs(spec_dir)
        with open(os.path.join(spec_dir, "kernel.json"), "w") as spec:
            json.dump({
                # Output written to file descriptor 2 by TF's C++ runtime ("failed call to cuInit" on a
                # machine without a GPU, "MLIR V1 optimization pass is not enabled", with time stamps and
                # thread ids) stays on the kernel's own stderr, not in the notebook: it varies by machine,
                # and ipykernel never captures it under pytest (PYTEST_CURRENT_TEST), so stored and fresh
                # runs agree only if no run captures it.
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                         "--IPKernelApp.capture_fd_output=False"],
                "display_name": KERNEL_NAME, "language": "python",
            }, spec)
        kernel_manager = AsyncKernelManager(
            kernel_name=KERNEL_NAME,
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[os.path.join(scratch, "kernels")]),
            # Unix sockets where there are any: no TCP port open, and no warning about one from ipykernel.
            **({"transport": "ipc", "ip": os.path.join(scratch, "kernel")} if os.name == "posix" else {})
        )
        client = NotebookClient(
            notebook, km=kernel_manager, timeout=CELL_TIMEOUT, record_timing=False, coalesce_streams=True,
            shutdown_kernel="immediate", resources={"metadata": {"path": NOTEBOOKS_DIR}},
        )
        # cleanup_kc: nbclient shuts down only kernels of managers it made itself, unless told to.
        client.execute(env=kernel_environment(), cleanup_kc=True)
    notebook.metadata["kernelspec"] = dict(STORED_KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}  # not the patch version of whoever ran it
    return notebook


# -- comparing outputs ---------------------------------------------------------------------------------
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
MEMORY_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]+\b")
CELL_FILE = re.compile(r"/tmp/ipykernel_\d+/\d+\.py")  # where ipykernel compiles a cell
# Where scopecompat's own files and the installed packages are (a traceback's frames in them): the checkout or
# environment that ran the notebook (a worktree, CI's fresh .venv), not the story; the path inside the package
# (scopecompat/_estimator/loader.py, tf_slim/layers/layers.py) stays compared.
SCOPECOMPAT_LOCATION = re.compile(r"""[^\s'"(]*/site-packages/|[^\s'"(]*/(?=scopecompat/)""")
FLOAT = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?\d+[eE][-+]?\d+")


# How a stored notebook names those places, so that it shows no recording machine's folders: a package's
# frame as `.../site-packages/tf_slim/...`, scopecompat's as `scopecompat/...` (both still match the above).
# (A match starts at a "/" and holds no escape character: the ANSI colours around a path stay.)
STORED_LOCATIONS = ((re.compile(r"""/[^\s'"(\x1b]*/site-packages/"""), ".../site-packages/"),
                    (re.compile(r"""/[^\s'"(\x1b]*/(?=scopecompat/)"""), ""))


def portable(notebook):
    """`notebook` with the recording machine's folders taken out of its tracebacks and streams."""
    def stored(text):
        for pattern, replacement in STORED_LOCATIONS:
            text = pattern.sub(replacement, text)
        return text

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [stored(line) for line in output.traceback]
            elif output.output_type == "stream":
                output.text = stored(output.text)
    return notebook


def outputs_of(cell):
    """A cell's outputs as (kind, label, text): streams merged (kernels split them at will), images
    by their kind only (their bytes vary with the matplotlib version)."""
    outputs = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            if outputs and outputs[-1][:2] == ("stream", output.name):
                outputs[-1] = ("stream", output.name, outputs[-1][2] + output.text)
            else:
                outputs.append(("stream", output.name, output.text))
        elif output.output_type in ("display_data", "execute_result"):
            outputs.append((output.output_type, " ".join(sorted(output.data)), output.data.get("text/plain", "")))
        elif output.output_type == "error":
            outputs.append(("error", output.ename, "\n".join(output.traceback)))
    return outputs


def template_and_floats(text):
    """`text` without what legitimately differs between runs, and its floats taken out."""
    text = ANSI_ESCAPE.sub("", text)
    text = MEMORY_ADDRESS.sub("0x...", text)
    text = CELL_FILE.sub("<cell>", text)
    text = SCOPECOMPAT_LOCATION.sub("", text)
    return FLOAT.sub("<float>", text), [float(number) for number in FLOAT.findall(text)]


def same_output(stored, fresh, floats_vary):
    (stored_template, stored_floats), (fresh_template, fresh_floats) = map(template_and_floats, (stored[2], fresh[2]))
    if stored[:2] != fresh[:2] or stored_template != fresh_template:
        return False
    # float32 values as numpy prints them (2.1, or 2.0999999) agree to ~1e-7 relative.
    return floats_vary or all(math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-6) for a, b in zip(stored_floats, fresh_floats))


def differences(stored_notebook, fresh_notebook):
    """What differs between two runs of a notebook, readably (empty: the fresh run tells the same story)."""
    if len(stored_notebook.cells) != len(fresh_notebook.cells):
        return ["the notebooks have %d and %d cells" % (len(stored_notebook.cells), len(fresh_notebook.cells))]
    found = []
    for number, (stored_cell, fresh_cell) in enumerate(zip(stored_notebook.cells, fresh_notebook.cells), 1):
        stored, fresh = outputs_of(stored_cell), outputs_of(fresh_cell)
        floats_vary = FLOATS_VARY_TAG in stored_cell.metadata.get("tags", [])
        if len(stored) != len(fresh) or not all(same_output(a, b, floats_vary) for a, b in zip(stored, fresh)):
            found.append("cell %d (%s):\n  stored: %s\n  fresh:  %s"
                         % (number, stored_cell.source.split("\n", 1)[0][:60], _shown(stored), _shown(fresh)))
    return found


def _shown(outputs, limit=1500):
    text = repr(outputs)
    return text if len(text) <= limit else text[:limit] + "... (%d characters more)" % (len(text) - limit)


def log_noise(notebook):
    """Outputs that are TensorFlow's or Python's logging rather than the notebook's story."""
    noise = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and (output.name == "stderr" or "WARNING:tensorflow" in output.text):
                noise.append(output.text)
    return noise


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("notebooks", nargs="*", help="file names in notebooks/ (default: all)")
    parser.add_argument("--check", action="store_true", help="compare with the stored outputs, write nothing")
    args = parser.parse_args(argv)
    paths = [os.path.join(NOTEBOOKS_DIR, os.path.basename(name)) for name in args.notebooks] or notebook_paths()
    failed = False
    for path in paths:
        fresh = execute(path)
        problems = differences(nbformat.read(path, as_version=4), fresh) if args.check else []
        problems += ["log noise in the output: %r" % text for text in log_noise(fresh)]
        for problem in problems:
            print("%s: %s" % (os.path.basename(path), problem), file=sys.stderr)
        failed = failed or bool(problems)
        if not args.check:
            nbformat.write(portable(fresh), path)
        print("%s: %s" % (os.path.basename(path), "differs" if problems else ("same" if args.check else "written")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
