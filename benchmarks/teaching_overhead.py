"""What scopecompat's teaching wrappers cost on the success path (issue 6; issue 7's targets: <= 1.01).

    python benchmarks/teaching_overhead.py [CALLS] [SCOPES]

Two measurements, in one process, so that machine noise hits both sides alike:
1. `get_variable` under AUTO_REUSE (CALLS calls, default 100000) and `with variable_scope(...)` enters
   (SCOPES, default 10000), scopecompat's against tf.compat.v1's, interleaved in blocks of 1000 calls
   (CPU time of this process, so time spent descheduled on a busy machine does not count).
2. The wrappers' own cost: the same wrapper code around a function that does nothing, in ns per call,
   set against the raw call's time. On a loaded machine this is the steadier estimate of the ratio.
"""

import statistics
import sys
import time
import timeit

import scopecompat as tf
import tensorflow

from scopecompat import _diagnostics

BLOCK = 1000


def blocks_of(function, count, run):
    """CPU seconds of `count` calls of run(function), in blocks of BLOCK."""
    times = []
    for _ in range(count // BLOCK):
        start = time.process_time()
        for _ in range(BLOCK):
            run(function)
        times.append(time.process_time() - start)
    return times


def compare(label, raw, ours, count, run):
    raw_times, our_times = [], []
    for index in range(0, count, 10 * BLOCK):  # interleave: 10 blocks of one, then 10 of the other
        first, second = (raw, ours) if (index // (10 * BLOCK)) % 2 == 0 else (ours, raw)
        for function in (first, second):
            (raw_times if function is raw else our_times).extend(blocks_of(function, 10 * BLOCK, run))
    raw_per_call = statistics.median(raw_times) / BLOCK
    our_per_call = statistics.median(our_times) / BLOCK
    print("%-16s tf.compat.v1 %7.1f us/call   scopecompat %7.1f us/call   ratio of medians %.4f   ratio of sums %.4f"
          % (label, raw_per_call * 1e6, our_per_call * 1e6, our_per_call / raw_per_call,
             sum(our_times) / sum(raw_times)))
    return raw_per_call


def get_variable_call(function):
    function("v", [3])


def scope_enter(scope_class):
    with scope_class("a", reuse=tf.AUTO_REUSE):
        pass


def wrapper_cost():
    """ns per call that the wrappers add: the same code around functions and a scope that do nothing."""
    class Nothing:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

    class Taught(Nothing):
        def __exit__(self, exc_type, exc_value, exc_traceback):  # the shape of _diagnostics.variable_scope's
            if exc_type is not ValueError:
                return Nothing.__exit__(self, exc_type, exc_value, exc_traceback)

    variable = tf.Variable(0.0)  # a real variable, so that the call count path is the real one

    def nothing(*args, **kwargs):
        return variable

    original = _diagnostics._tf_get_variable
    _diagnostics._tf_get_variable = nothing  # module-local: get_variable's wrapper around `nothing`
    try:
        raw = min(timeit.repeat(lambda: nothing("v", [3]), number=200000, repeat=7)) / 200000
        wrapped = min(timeit.repeat(lambda: _diagnostics.get_variable("v", [3]), number=200000, repeat=7)) / 200000
    finally:
        _diagnostics._tf_get_variable = original
    raw_scope = min(timeit.repeat(lambda: scope_enter(Nothing), number=200000, repeat=7)) / 200000
    our_scope = min(timeit.repeat(lambda: scope_enter(Taught), number=200000, repeat=7)) / 200000
    return wrapped - raw, our_scope - raw_scope


def main():
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    scopes = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    with tf.Graph().as_default():
        with tensorflow.compat.v1.variable_scope("s", reuse=tf.AUTO_REUSE):
            tf.get_variable("v", [3])
            raw_call = compare("get_variable", tensorflow.compat.v1.get_variable, tf.get_variable, calls,
                               get_variable_call)
        raw_scope = compare("variable_scope", tensorflow.compat.v1.variable_scope, tf.variable_scope, scopes,
                            scope_enter)
        added_call, added_scope = wrapper_cost()
    print("wrapper cost: get_variable +%.0f ns/call (ratio %.4f), variable_scope +%.0f ns/enter (ratio %.4f)"
          % (added_call * 1e9, 1 + added_call / raw_call, added_scope * 1e9, 1 + added_scope / raw_scope))


if __name__ == "__main__":
    main()
