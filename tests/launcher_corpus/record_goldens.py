"""Record the variable names every corpus program prints on a real TF 1.x interpreter.

    python tests/launcher_corpus/record_goldens.py --python /path/to/tf-1.15.5/bin/python

runs each program of programs/ unmodified (`python PROGRAM ARGS`, in a fresh temporary folder holding
the program and small MNIST files) and writes golden/<program>.tf-<version>.txt: the program's
"variable: NAME SHAPE" lines. DEVELOPERS.md says how to install TF 1.15.5. `--check` compares instead
of writing, and fails on any difference. tests/launcher/test_launcher.py runs the same programs through
`scopecompat run` and compares their lines with these goldens.

A program is a .py file in programs/, or a folder there whose main.py imports modules of its own folder.
"""
import gzip
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")
GOLDEN = os.path.join(HERE, "golden")
MARKER = "variable: "

# The programs' own command-line arguments (passed the same way on TF 1.x and through the launcher).
ARGS = {"10_app_flags": ["--hidden_units=6", "--max_steps", "5"]}
# Programs that read MNIST: read_data_sets("MNIST_data/") finds these small IDX files in their folder.
MNIST_FOLDER = "MNIST_data"
MNIST_TRAIN, MNIST_TEST = 700, 100


def programs():
    """Every corpus program by name: a .py file's name without .py, or a folder's name."""
    names = []
    for entry in sorted(os.listdir(PROGRAMS)):
        path = os.path.join(PROGRAMS, entry)
        if entry.endswith(".py"):
            names.append(entry[:-3])
        elif os.path.isfile(os.path.join(path, "main.py")):
            names.append(entry)
    return names


def golden_path(program, version="1.15.5"):
    return os.path.join(GOLDEN, "%s.tf-%s.txt" % (program, version))


def _write_idx(path, magic, array):
    """An IDX file as MNIST's: big-endian magic, dimensions, then the uint8 data, gzipped."""
    header = np.array([magic] + list(array.shape), dtype=">u4").tobytes()
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(header + array.astype(np.uint8).tobytes())


def write_mnist(folder, n_train=MNIST_TRAIN, n_test=MNIST_TEST):
    """Small MNIST-format files: 28x28 images of a bright bar whose row is the label, plus noise."""
    os.makedirs(folder, exist_ok=True)
    rng = np.random.RandomState(0)
    for images_name, labels_name, count in (
            ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", n_train),
            ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", n_test)):
        labels = rng.randint(0, 10, size=count)
        images = rng.randint(0, 60, size=(count, 28, 28))
        for image, label in zip(images, labels):
            image[2 + 2 * label:4 + 2 * label, 4:24] = 255
        _write_idx(os.path.join(folder, images_name), 2051, images)
        _write_idx(os.path.join(folder, labels_name), 2049, labels)


def prepare(program, folder):
    """Copy `program` into `folder` with the MNIST files beside it; return the file to run."""
    source = os.path.join(PROGRAMS, program)
    if os.path.isdir(source):
        shutil.copytree(source, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
        entry = "main.py"
    else:
        entry = program + ".py"
        shutil.copy(source + ".py", os.path.join(folder, entry))
    write_mnist(os.path.join(folder, MNIST_FOLDER))
    return entry


def run_program(python, program, folder, launcher=False, env=None):
    """Run `program` in `folder` (prepared there first): `python PROGRAM ARGS`, or with launcher=True
    `python -m scopecompat run PROGRAM ARGS`. Returns the CompletedProcess."""
    entry = prepare(program, folder)
    command = [python] + (["-m", "scopecompat", "run"] if launcher else []) + [entry] + ARGS.get(program, [])
    # A user's shell, not this process's: importing TF 2.x sets TF2_BEHAVIOR=1, which puts TF 1.15 in TF2 mode.
    environ = {k: v for k, v in os.environ.items()
               if k not in ("TF_CPP_MIN_LOG_LEVEL", "TF_USE_LEGACY_KERAS", "TF2_BEHAVIOR")}
    if not launcher:  # scopecompat hides TF's start-up lines itself; on TF 1.x, ask TF
        environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    environ.update(env or {})
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, env=environ, timeout=600)


def variable_lines(stdout):
    """The program's "variable: NAME SHAPE" lines, as the goldens hold them."""
    return "".join(line + "\n" for line in stdout.splitlines() if line.startswith(MARKER))


def tf1_lines(python, program):
    """The variable lines of `program` on the TF 1.x interpreter `python`; raises if it fails."""
    with tempfile.TemporaryDirectory() as folder:
        result = run_program(python, program, folder)
    if result.returncode != 0:
        raise RuntimeError("%s failed on %s:\n%s" % (program, python, result.stderr))
    return variable_lines(result.stdout)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(HERE))  # tests/, for goldens.py
    import goldens

    def recorded_lines(python, program):
        lines = tf1_lines(python, program)
        if not lines:
            raise RuntimeError("%s printed no %r lines" % (program, MARKER))
        return lines

    goldens.main(__doc__.splitlines()[0], programs, golden_path, recorded_lines)
