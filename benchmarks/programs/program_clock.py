"""What the benchmark's TF1 programs measure about themselves, printed as one JSON line at their end.

The programs beside this file are ordinary TF1 programs (`import tensorflow as tf`): benchmarks/run.py runs
each by `python PROGRAM` on real TF 1.15.5 and by `scopecompat run PROGRAM` on the installed TF. This module
imports no TensorFlow and runs on Python 3.7 (TF 1.15.5's) as on 3.11. Clocks, all of this process:
- CPU time from process start: time.process_time() (every thread; the interpreter's start included);
- wall time from process start: the kernel's start time of this process (/proc/self/stat, boot-based,
  in clock ticks of 10 ms) subtracted from CLOCK_BOOTTIME now, so that the interpreter's start counts.
"""

import argparse
import json
import os
import statistics
import sys
import time


def process_age():
    """Seconds since this process started (Linux); None where /proc is missing."""
    try:
        with open("/proc/self/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    except OSError:
        return None
    return time.clock_gettime(time.CLOCK_BOOTTIME) - int(fields[19]) / os.sysconf("SC_CLK_TCK")


def since_start():
    return {"cpu": time.process_time(), "wall": process_age()}


def arguments(default_steps=30, default_warm_up=5):
    parser = argparse.ArgumentParser(description="a TF1 program that times its own training steps")
    parser.add_argument("--steps", type=int, default=default_steps, help="timed steps, after the warm-up")
    parser.add_argument("--warm-up", type=int, default=default_warm_up, help="steps run first and not timed")
    return parser.parse_args()


def session_config(tf):
    """One thread for TF's ops and one for its op scheduling, so that both TFs do the same work per thread."""
    return tf.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)


class StepClock:
    """Times training steps: the first ends the start-up ("first_step": CPU and wall time from process
    start), the next `warm_up` are not counted, then CPU and wall time of each of `steps` steps."""

    def __init__(self, warm_up, steps):
        self.warm_up = warm_up
        self.total = 1 + warm_up + steps  # the steps a program runs
        self.first_step = None
        self.steps = 0
        self.cpu, self.wall = [], []
        self._started = None

    def start(self):
        self._started = time.process_time(), time.perf_counter()

    def stop(self):
        cpu, wall = time.process_time() - self._started[0], time.perf_counter() - self._started[1]
        if self.first_step is None:
            self.first_step = since_start()
        elif self.steps > self.warm_up:
            self.cpu.append(cpu)
            self.wall.append(wall)
        self.steps += 1

    def run(self, step):
        """Call step() self.total times, timing each call."""
        for _ in range(self.total):
            self.start()
            step()
            self.stop()

    def measurements(self):
        return {"first_step": self.first_step, "steps_timed": len(self.cpu),
                "step": {"cpu": statistics.median(self.cpu), "wall": statistics.median(self.wall)}
                if self.cpu else None}


def estimator_hook(tf, clock):
    """A SessionRunHook that times each training step of an Estimator with `clock` (session.run only)."""

    class StepClockHook(tf.train.SessionRunHook):
        def before_run(self, run_context):
            clock.start()

        def after_run(self, run_context, run_values):
            clock.stop()

    return StepClockHook()


def report(tf, measurements=None):
    """Print this program's measurements as the last line of its output (benchmarks/run.py reads it)."""
    result = {"tf_version": tf.__version__, "python": "%d.%d" % sys.version_info[:2], "end": since_start()}
    result.update(measurements or {})
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()
