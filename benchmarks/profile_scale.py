"""Where the time of a large graph build goes, early and late: the profile behind the scale rows.

    python benchmarks/profile_scale.py [--variables N] [--window W] [--backend raw|scopecompat] [--no-gc]

Builds N variables the way benchmarks/worker.py's scale section does, in this one process, and reports
- the time per variable over each tenth of the build, and how much of it the garbage collector took
  (gc.callbacks time every collection);
- cProfile over the first W and the last W variables: the functions whose own time per variable grew
  most between the two windows, with their call counts per variable (equal counts mean the same work
  got slower, not more work).
"""

import argparse
import cProfile
import gc
import os
import pstats
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import worker  # noqa: E402  (benchmarks/ is not a package)


class CollectorClock:
    """Seconds the garbage collector has run, per generation, via gc.callbacks."""

    def __init__(self):
        self.seconds = [0.0, 0.0, 0.0]
        self.collections = [0, 0, 0]
        self._started = None
        gc.callbacks.append(self)

    def __call__(self, phase, info):
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started is not None:
            self.seconds[info["generation"]] += time.perf_counter() - self._started
            self.collections[info["generation"]] += 1


def own_time_per_function(profiler, variables):
    """{function: (own seconds per variable, calls per variable)}."""
    stats = pstats.Stats(profiler).stats
    return {"%s:%d(%s)" % (os.path.basename(key[0]), key[1], key[2]): (value[2] / variables, value[1] / variables)
            for key, value in stats.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variables", type=int, default=60_000)
    parser.add_argument("--window", type=int, default=1_000, help="variables profiled at the start and at the end")
    parser.add_argument("--backend", choices=worker.BACKENDS, default="raw")
    parser.add_argument("--no-gc", action="store_true", help="build with the garbage collector off")
    args = parser.parse_args(argv)
    if not 2 <= args.window <= args.variables // 2:
        parser.error("--window must be between 2 and half of --variables (the two windows must not overlap)")

    tf = worker.import_backend(args.backend)
    gc.collect()
    if args.no_gc:
        gc.disable()
    clock = CollectorClock()
    layers = args.variables // 2
    window_layers = args.window // 2
    profilers = {"first": cProfile.Profile(), "last": cProfile.Profile()}
    tenths = []
    start = time.perf_counter()
    last_mark = (0, start, 0.0, [0, 0, 0])

    def on_layer(count):
        nonlocal last_mark
        # profile layers [0, W) and [layers - W, layers): enable before the window's first layer
        if count == window_layers:
            profilers["first"].disable()
        if count == layers - window_layers:
            profilers["last"].enable()
        if count % max(1, layers // 10) == 0:
            now, gc_seconds = time.perf_counter(), sum(clock.seconds)
            done, then, gc_then, collections_then = last_mark
            variables = 2 * (count - done)
            tenths.append(((now - then) / variables, (gc_seconds - gc_then) / variables,
                           [a - b for a, b in zip(clock.collections, collections_then)]))
            last_mark = (count, now, gc_seconds, list(clock.collections))

    profilers["first"].enable()
    worker.build_layers(tf, layers, on_layer=on_layer)
    profilers["last"].disable()
    total = time.perf_counter() - start

    print("%d variables through %s, gc %s: %.1f s (profiling included)" % (
        2 * layers, args.backend, "off" if args.no_gc else "on", total))
    print("tenth  ms/variable  of which gc  collections (gen0, gen1, gen2)")
    for index, (per_variable, gc_per_variable, collections) in enumerate(tenths, 1):
        print("%5d  %11.2f  %11.2f  %s" % (index, 1e3 * per_variable, 1e3 * gc_per_variable, collections))
    first = own_time_per_function(profilers["first"], 2 * window_layers)
    last = own_time_per_function(profilers["last"], 2 * window_layers)
    totals = {name: sum(value[0] for value in table.values()) for name, table in (("first", first), ("last", last))}
    print("\nprofiled windows of %d variables: own time %.2f ms/variable at the start, %.2f ms/variable at the end"
          % (2 * window_layers, 1e3 * totals["first"], 1e3 * totals["last"]))
    print("functions whose own time per variable grew most (ms/variable first -> last; calls/variable first, last):")
    growth = sorted(set(first) | set(last),
                    key=lambda name: -(last.get(name, (0, 0))[0] - first.get(name, (0, 0))[0]))
    for name in growth[:15]:
        (before, calls_before), (after, calls_after) = first.get(name, (0, 0)), last.get(name, (0, 0))
        print("  %+7.3f  %6.3f -> %6.3f   calls %g, %g   %s" % (
            1e3 * (after - before), 1e3 * before, 1e3 * after, calls_before, calls_after, name))


if __name__ == "__main__":
    main()
