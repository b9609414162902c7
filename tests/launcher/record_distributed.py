"""Record what examples/distributed/train.py prints on a real TF 1.x interpreter.

    python tests/launcher/record_distributed.py --python /path/to/tf-1.15.5/bin/python

runs `python train.py --local CHECKPOINT_DIR` (the whole 1 ps + 2 workers cluster on 127.0.0.1, in a fresh
temporary folder) and writes golden/examples_distributed.tf-<version>.txt: every line it prints (the chief's
variables with their devices, the checkpoint's variables, and its checks, all free of timings and values).
`--check` compares instead. tests/launcher/test_distributed.py runs the same through `scopecompat run`.
"""
import os
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(os.path.dirname(os.path.dirname(HERE)), "examples", "distributed", "train.py")
TIMEOUT = 900  # the whole run; its own waits are bounded too (train.py's TIMEOUT)


def golden_path(item, version="1.15.5"):
    return os.path.join(HERE, "golden", "%s.tf-%s.txt" % (item, version))


def run_example(command, folder, env):
    """Run `command` + [train.py, --local, folder/checkpoints] in its own process group, which is killed
    at the end whatever happens (so that no ps or worker outlives the run). The CompletedProcess."""
    process = subprocess.Popen(command + [EXAMPLE, "--local", os.path.join(folder, "checkpoints")], cwd=folder,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def tf1_output(python, item):
    environ = {k: v for k, v in os.environ.items() if k not in ("TF2_BEHAVIOR", "TF_USE_LEGACY_KERAS")}
    environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    with tempfile.TemporaryDirectory() as folder:
        result = run_example([python], folder, environ)
    if result.returncode != 0:
        raise RuntimeError("%s failed on %s:\n%s" % (item, python, result.stderr[-5000:]))
    return result.stdout


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(HERE))  # tests/, for goldens.py
    import goldens

    goldens.main(__doc__.splitlines()[0], lambda: ["examples_distributed"], golden_path, tf1_output)
