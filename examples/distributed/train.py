"""Between-graph replicated TF1 training on TensorFlow's distributed runtime: 1 parameter server, 2 workers.

Each task is one process running this file. On several machines, one command per task, each on its host
(the same cluster spec everywhere; README.md, "Training on several machines"):

    scopecompat run train.py --job_name ps --task_index 0 --ps_hosts H0:2222 --worker_hosts H1:2222,H2:2222
    scopecompat run train.py --job_name worker --task_index 0 --ps_hosts H0:2222 --worker_hosts H1:2222,H2:2222 \\
        --checkpoint_dir /shared/ckpt
    scopecompat run train.py --job_name worker --task_index 1 --ps_hosts H0:2222 --worker_hosts H1:2222,H2:2222

On one machine, `scopecompat run train.py --local CHECKPOINT_DIR` starts the whole cluster on 127.0.0.1 (free
ports) as child processes with multiprocessing's "spawn" (a "fork" after TensorFlow started its thread pools
can hang the child), in two rounds:
1. asynchronous training with MonitoredTrainingSession, the chief (worker 0) writing checkpoints and
   started before the ps (it waits for the ps, as TF does); worker 1 is killed mid-training and restarted,
   and carries on from the global_step on the ps;
2. a fresh cluster training synchronously (SyncReplicasOptimizer, 2 replicas): the chief resumes from the
   checkpoint of round 1.
It prints the chief's variables with their devices, the checkpoint's variables, and what it checked; the
same lines under real TF 1.x (tests/launcher/record_distributed.py records them on TF 1.15.5). Every child
is ended at the end, and every wait is bounded.
"""
import argparse
import multiprocessing
import multiprocessing.connection
import os
import socket
import sys
import time

import numpy as np
import tensorflow as tf

TIMEOUT = 240  # seconds any one wait may take before the run gives up (a stuck task must not hang it)


# -- one task ---------------------------------------------------------------------------------------------


def cluster_spec(ps_hosts, worker_hosts):
    return tf.train.ClusterSpec({"ps": ps_hosts, "worker": worker_hosts})


def run_ps(ps_hosts, worker_hosts, task_index):
    server = tf.train.Server(cluster_spec(ps_hosts, worker_hosts), job_name="ps", task_index=task_index)
    server.join()  # serves the variables until it is stopped


def build_model(task_index, cluster, sync):
    """The chief's and the workers' graph: the variables on /job:ps, the computation on this worker."""
    with tf.device(tf.train.replica_device_setter(worker_device="/job:worker/task:%d" % task_index,
                                                  cluster=cluster)):
        global_step = tf.train.get_or_create_global_step()
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        y = tf.placeholder(tf.float32, [None, 1], name="y")
        with tf.variable_scope("model"):
            weights = tf.get_variable("weights", [4, 1], initializer=tf.zeros_initializer())
            bias = tf.get_variable("bias", [1], initializer=tf.zeros_initializer())
        loss = tf.reduce_mean(tf.square(tf.matmul(x, weights) + bias - y))
        optimizer = tf.train.AdamOptimizer(0.05)
        if sync:
            optimizer = tf.train.SyncReplicasOptimizer(optimizer, replicas_to_aggregate=2, total_num_replicas=2)
        train_op = optimizer.minimize(loss, global_step=global_step)
    return x, y, global_step, train_op, optimizer


def run_worker(ps_hosts, worker_hosts, task_index, checkpoint_dir, sync, last_step, reports=None, stop_file=None,
               go_file=None):
    """Train until global_step reaches `last_step` (or `stop_file` exists); send (what, step) to `reports`
    (a pipe of this worker's own: killing the worker may break it, and no other worker's): "server" once its
    server listens, "start" with the global_step its session starts from, "step" after each step, "done".
    With `go_file`, the first step waits until that file exists (so that both replicas of a synchronous
    round train)."""
    cluster = cluster_spec(ps_hosts, worker_hosts)
    server = tf.train.Server(cluster, job_name="worker", task_index=task_index)
    if reports is not None:
        reports.send(("server", None))
    is_chief = task_index == 0
    x, y, global_step, train_op, optimizer = build_model(task_index, cluster, sync)
    if is_chief:
        for kind, variables in (("global", tf.global_variables()), ("local", tf.local_variables())):
            for variable in variables:
                print("variable: %s %s %s %s" % (kind, variable.op.name, variable.shape.as_list(), variable.device))
        sys.stdout.flush()
    hooks = [tf.train.StopAtStepHook(last_step=last_step)]
    if sync:
        hooks.append(optimizer.make_session_run_hook(is_chief))
    rng = np.random.RandomState(task_index)
    true_weights = np.array([[1.0], [-2.0], [0.5], [3.0]], dtype=np.float32)
    # Each worker talks to the ps and to itself only, so that a worker need not wait for the other.
    config = tf.ConfigProto(device_filters=["/job:ps", "/job:worker/task:%d" % task_index])
    with tf.train.MonitoredTrainingSession(master=server.target, is_chief=is_chief, config=config,
                                           checkpoint_dir=checkpoint_dir if is_chief else None,
                                           save_checkpoint_steps=20, hooks=hooks,
                                           # at the end, a synchronous chief's queue runner waits for gradients
                                           # that no replica will send: let it go after 5 s, not TF's 120
                                           stop_grace_period_secs=5) as session:
        if reports is not None:
            reports.send(("start", int(session.run(global_step))))
        deadline = time.time() + TIMEOUT
        while go_file and not os.path.exists(go_file) and time.time() < deadline:
            time.sleep(0.05)
        while not session.should_stop() and not (stop_file and os.path.exists(stop_file)):
            features = rng.rand(8, 4).astype(np.float32)
            _, step = session.run([train_op, global_step], {x: features, y: features.dot(true_weights) + 1.0})
            if reports is not None:
                reports.send(("step", int(step)))
    if reports is not None:
        reports.send(("done", None))


# -- the whole cluster on this machine -----------------------------------------------------------------------


def free_ports(count):
    """Ports free on 127.0.0.1 now (held open together, so that they differ)."""
    sockets = [socket.socket() for _ in range(count)]
    for each in sockets:
        each.bind(("127.0.0.1", 0))
    ports = [each.getsockname()[1] for each in sockets]
    for each in sockets:
        each.close()
    return ports


class LocalCluster(object):
    """1 ps + 2 workers as "spawn" children, each worker reporting through a pipe of its own; every child
    ended on exit."""

    def __init__(self, checkpoint_dir, sync, last_step):
        ports = free_ports(3)
        self.ps_hosts = ["127.0.0.1:%d" % ports[0]]
        self.worker_hosts = ["127.0.0.1:%d" % port for port in ports[1:]]
        self.context = multiprocessing.get_context("spawn")
        self.stop_file = os.path.join(checkpoint_dir, "stop-round")
        self.go_file = os.path.join(checkpoint_dir, "go-round") if sync else None
        self.checkpoint_dir, self.sync, self.last_step = checkpoint_dir, sync, last_step
        self.processes = []
        self.workers = {}  # task index -> (its process, the reading end of its pipe)

    def start_ps(self):
        self._start(run_ps, (self.ps_hosts, self.worker_hosts, 0))

    def start_worker(self, task_index):
        reader, writer = self.context.Pipe(duplex=False)
        process = self._start(run_worker, (self.ps_hosts, self.worker_hosts, task_index, self.checkpoint_dir,
                                           self.sync, self.last_step, writer, self.stop_file, self.go_file))
        writer.close()
        self.workers[task_index] = (process, reader)

    def kill_worker(self, task_index):
        """SIGKILL: no clean shutdown, as when a machine dies."""
        process, reader = self.workers.pop(task_index)
        process.kill()
        process.join(TIMEOUT)
        reader.close()

    def stop(self):
        open(self.stop_file, "w").close()

    def go(self):
        open(self.go_file, "w").close()

    def next_report(self):
        """(task, what, step) from a worker; "done" when its training ended."""
        readers = {reader: task for task, (_, reader) in self.workers.items()}
        ready = multiprocessing.connection.wait(list(readers), TIMEOUT)
        if not ready:
            raise RuntimeError("no worker reported for %d s" % TIMEOUT)
        task = readers[ready[0]]
        try:
            what, step = ready[0].recv()
        except EOFError:
            raise RuntimeError("worker %d ended without finishing" % task)
        if what == "done":
            self.workers.pop(task)
        return task, what, step

    def _start(self, target, args):
        process = self.context.Process(target=target, args=args)
        process.start()
        self.processes.append(process)
        return process

    def __enter__(self):
        os.makedirs(self.checkpoint_dir, exist_ok=True)
        self._remove_files()
        return self

    def _remove_files(self):
        for path in (self.stop_file, self.go_file):
            if path and os.path.exists(path):
                os.remove(path)

    def __exit__(self, *error):
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join(10)
            if process.is_alive():
                process.kill()
                process.join(10)
        self._remove_files()


def train_async_with_a_restart(checkpoint_dir):
    """Round 1: asynchronous training; worker 1 killed after a few steps and restarted."""
    steps = {0: [], 1: []}  # the global_step values each worker saw, in order (across the restart)
    with LocalCluster(checkpoint_dir, sync=False, last_step=10 ** 6) as cluster:
        cluster.start_worker(0)
        killed_at = resumed_at = None
        while cluster.workers:
            task, what, step = cluster.next_report()
            if task == 0 and what == "server" and not cluster.processes[1:]:
                cluster.start_ps()  # only now: the chief waits for the ps, as on a cluster whose ps starts last
            if what in ("server", "done"):
                continue
            steps[task].append(step)
            if task == 0 and what == "start":
                cluster.start_worker(1)  # once the chief made the variables (else it waits 30 s to look again)
            elif task == 1 and killed_at is None and len(steps[1]) == 5:
                cluster.kill_worker(1)
                killed_at = step
                cluster.start_worker(1)
            elif task == 1 and what == "start" and killed_at is not None:
                resumed_at = step  # the restarted worker's global_step when its session started
            elif resumed_at is not None and len(steps[1]) >= 10:
                cluster.stop()  # both workers stop; the chief saves its checkpoint as it closes
    print("async: worker 1, killed mid-training and restarted, went on from the ps's global_step: %s"
          % (resumed_at >= killed_at))
    print("async: the global_step each worker saw never decreased: %s"
          % all(seen == sorted(seen) for seen in steps.values()))


def train_sync_from_checkpoint(checkpoint_dir):
    """Round 2: a fresh cluster, synchronous training, the chief resuming from round 1's checkpoint."""
    saved_step = int(tf.train.load_variable(checkpoint_dir, "global_step"))
    with LocalCluster(checkpoint_dir, sync=True, last_step=saved_step + 10) as cluster:
        cluster.start_ps()
        cluster.start_worker(0)
        chief = []
        while True:
            task, what, step = cluster.next_report()
            if task == 0 and what == "done":
                break  # a replica left waiting for the next round's token is ended with the cluster
            if what == "start":
                if task == 0:
                    cluster.start_worker(1)  # once the chief restored the variables
                else:
                    cluster.go()  # both replicas are in: train
            if task == 0 and what != "server":
                chief.append(step)
    print("sync: the chief resumed from the checkpoint's global_step: %s" % (chief[0] == saved_step))
    print("sync: training went on from there: %s" % (max(chief) > saved_step))


def print_checkpoint(checkpoint_dir):
    """What the chief saved: every variable of the model, its optimizer slots and global_step."""
    for name, shape in tf.train.list_variables(checkpoint_dir):
        print("checkpoint: %s %s" % (name, shape))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--local", metavar="CHECKPOINT_DIR", help="run the whole cluster here, on 127.0.0.1")
    parser.add_argument("--job_name", choices=["ps", "worker"])
    parser.add_argument("--task_index", type=int, default=0)
    parser.add_argument("--ps_hosts", help="host:port,... of the parameter servers")
    parser.add_argument("--worker_hosts", help="host:port,... of the workers")
    parser.add_argument("--checkpoint_dir", help="the chief's checkpoints (worker 0)")
    parser.add_argument("--sync", action="store_true", help="SyncReplicasOptimizer over the workers")
    parser.add_argument("--last_step", type=int, default=1000)
    args = parser.parse_args()
    if args.local:
        train_async_with_a_restart(args.local)
        print_checkpoint(args.local)
        train_sync_from_checkpoint(args.local)
    elif args.job_name == "ps":
        run_ps(args.ps_hosts.split(","), args.worker_hosts.split(","), args.task_index)
    elif args.job_name == "worker":
        run_worker(args.ps_hosts.split(","), args.worker_hosts.split(","), args.task_index, args.checkpoint_dir,
                   args.sync, args.last_step)
    else:
        parser.error("give --local CHECKPOINT_DIR, or --job_name with --ps_hosts and --worker_hosts")


if __name__ == "__main__":
    main()
