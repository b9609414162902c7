"""TF1 distributed training through `scopecompat run`, on TensorFlow's own distributed runtime (1 ps + 2
workers on 127.0.0.1, children started with "spawn"): examples/distributed/train.py prints the chief's
variables with their devices, its checkpoint's variables and its checks (a worker killed and restarted,
the global_step monotonic, SyncReplicasOptimizer resuming from the chief's checkpoint); they must be the
lines real TF 1.15.5 printed (golden recorded by record_distributed.py). Every process of the run is in one
process group, killed at the end."""

import os
import socket
import sys

from conftest import launch, python_path, write
from record_distributed import golden_path, run_example


def test_the_distributed_example_prints_what_tf_1_15_printed(tmp_path):
    environ = dict(os.environ, **python_path())
    environ.pop("TF_CPP_MIN_LOG_LEVEL", None)
    result = run_example([sys.executable, "-m", "scopecompat", "run"], str(tmp_path), environ)
    assert result.returncode == 0, "the example failed through scopecompat run:\n%s" % result.stderr[-5000:]
    with open(golden_path("examples_distributed")) as f:
        golden = f.read()
    assert result.stdout == golden, "the example printed other lines than on TF 1.15.5:\n%s" % result.stdout


def _task_on_a_busy_port(folder, launcher_script=None):
    """ps.py, a ps task whose port another socket holds, run by `scopecompat run` (directly, or as the child
    `python ps.py` of `launcher_script`, which prints the child's stderr): (its stderr lines, the port)."""
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    write(folder / "ps.py", """\
        import tensorflow as tf
        cluster = tf.train.ClusterSpec({"ps": ["127.0.0.1:%d"], "worker": ["127.0.0.1:1"]})
        server = tf.train.Server(cluster, job_name="ps", task_index=0)
        """ % port)
    if launcher_script:
        write(folder / "start.py", launcher_script)
    try:
        result = launch(["start.py" if launcher_script else "ps.py"], folder)
    finally:
        busy.close()
    return (result.stdout if launcher_script else result.stderr).splitlines(), port


def assert_tfs_error_then_the_hint(lines, port):
    error = [line for line in lines if line.startswith("tensorflow.python.framework.errors_impl.")]
    assert error == ["tensorflow.python.framework.errors_impl.UnknownError: Could not start gRPC server"], \
        "TF's own error should come first, as under python: %s" % "\n".join(lines[-40:])
    hint = lines[lines.index(error[0]) + 1:]
    assert hint and "/job:ps/task:0" in hint[0] and "127.0.0.1:%d" % port in hint[0] and "in use" in hint[0], \
        "a hint naming the task, its address and that the port is in use should follow: %s" % hint


def test_a_task_whose_port_is_in_use_gets_tfs_error_with_the_port_and_the_task(tmp_path):
    assert_tfs_error_then_the_hint(*_task_on_a_busy_port(tmp_path))


def test_a_task_started_as_a_child_process_gets_the_hint_too(tmp_path):
    # Distributed TF1 programs start each task as `python task.py` from a launcher script of their own.
    assert_tfs_error_then_the_hint(*_task_on_a_busy_port(tmp_path, """\
        import subprocess, sys
        child = subprocess.run([sys.executable, "ps.py"], capture_output=True, text=True)
        sys.stdout.write(child.stderr)
        """))
