"""The measurements themselves, each run by benchmarks/run.py in a fresh interpreter.

    python benchmarks/worker.py TASK BACKEND PARAMS_JSON   -> one JSON object on stdout
    python benchmarks/worker.py serve BACKEND              -> times blocks of calls on request (serve_calls)

BACKEND is one of the two programs the benchmark compares:
    raw          import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()
    scopecompat  import scopecompat as tf
Every operation is written once, against a module `tf`, and run through whichever backend's names the
module holds at run time: if scopecompat ever wraps a name, the wrapper is what gets measured.

This module imports nothing heavy at its top: the import itself is one of the measurements.
"""

import contextlib
import gc
import json
import sys
import time

BACKENDS = ("raw", "scopecompat")


def import_backend(backend):
    """Import one backend the way a user's program does; return the module it binds to `tf`."""
    if backend == "scopecompat":
        import scopecompat as tf
    elif backend == "raw":
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
    else:
        raise SystemExit("unknown backend %r: expected one of %s" % (backend, ", ".join(BACKENDS)))
    return tf


class Timer:
    """Wall-clock and CPU seconds of a `with` block. CPU time counts every thread of this process; on a
    shared machine it is the steadier of the two, because waiting for a core is not counted."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc_info):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


class Profiled:
    """Instead of timing a `with` block, count the Python function calls made in it (cProfile)."""

    def __init__(self):
        import cProfile

        self.profiler = cProfile.Profile()

    def __enter__(self):
        self.profiler.enable()
        return self

    def __exit__(self, *exc_info):
        self.profiler.disable()

    def call_counts(self):
        """{"file:line(function)": number of calls}."""
        import pstats

        return {"%s:%d(%s)" % key: stats[1] for key, stats in pstats.Stats(self.profiler).stats.items()}


@contextlib.contextmanager
def no_garbage_collection():
    """Collect before a timed block and not during it: a collection landing in one backend's block and
    not in the other's is noise (timeit does the same)."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def top_level_packages(module_names):
    return sorted({name.split(".")[0] for name in module_names})


# --- 1. import ---------------------------------------------------------------------------------------

def wait_for_go():
    """run.py starts the other backend's measurement at the same moment: say so, and wait for "go"."""
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    sys.stdin.readline()


def task_import(backend, first_use=(), scopecompat_on_top=False, start_together=False):
    """Time the import (and, for raw, the set-up), and list the modules it loaded. Then, optionally:
    - `first_use` (scopecompat): touch these names (e.g. "layers") and report what each imported: the
      heavy parts must load there, not at import;
    - `scopecompat_on_top` (raw): time `import scopecompat` now that TensorFlow is imported and set up.
      What that adds is scopecompat's own import work: its modules, its name copies, its hooks."""
    if start_together:
        wait_for_go()
    before = set(sys.modules)
    with Timer() as timer:
        tf = import_backend(backend)
    imported = set(sys.modules) - before
    result = {"wall": timer.wall, "cpu": timer.cpu, "modules": sorted(imported), "tf_version": tf.__version__}
    for path in first_use:
        before = set(sys.modules)
        with Timer() as timer:
            value = tf
            for part in path.split("."):
                value = getattr(value, part)
        new = set(sys.modules) - before
        result.setdefault("first_use", {})[path] = {
            "wall": timer.wall, "packages": top_level_packages(new), "modules": len(new),
            "resolves_to": getattr(value, "__name__", type(value).__name__),
        }
    if scopecompat_on_top:
        with Timer() as timer:
            import scopecompat  # noqa: F401  (importing is what is timed)
        result["scopecompat_on_top"] = {"wall": timer.wall, "cpu": timer.cpu}
    return result


# --- 2. per-call cost, and 3's per-variable work, both backends in this one process ------------------

class GetVariableReuse:
    """get_variable under AUTO_REUSE, every call finding the variable made at set-up. One graph per
    backend for the whole run: a call that reuses adds nothing to it."""

    def __init__(self, tf):
        self.tf, self.graph = tf, tf.Graph()
        with self.graph.as_default(), tf.variable_scope("bench"):
            tf.get_variable("v", [2])

    def run(self, calls, meter):
        tf = self.tf
        with self.graph.as_default(), tf.variable_scope("bench", reuse=tf.AUTO_REUSE):
            with no_garbage_collection(), meter:
                for _ in range(calls):
                    tf.get_variable("v", [2])
        return meter


class ScopeEnters:
    """variable_scope enter and exit, in one graph per backend (each enter names a new scope_<i>)."""

    def __init__(self, tf):
        self.tf, self.graph = tf, tf.Graph()

    def run(self, enters, meter):
        tf = self.tf
        with self.graph.as_default():
            with no_garbage_collection(), meter:
                for _ in range(enters):
                    with tf.variable_scope("scope"):
                        pass
        return meter


def build_layers(tf, layers, layers_per_block=100, on_layer=None, first_layer=0):
    """TF1-style graph building: `block<b>/layer<l>/{kernel,bias}`, two variables per layer, the kernel
    with get_variable's default (Glorot uniform) initializer and the bias with zeros, as a dense layer
    has. Calls `on_layer(count)` after each layer when given. `first_layer` goes on from an earlier call."""
    end = first_layer + layers
    for block in range(first_layer // layers_per_block, -(-end // layers_per_block)):
        with tf.variable_scope("block%d" % block):
            for layer in range(max(first_layer, block * layers_per_block), min((block + 1) * layers_per_block, end)):
                with tf.variable_scope("layer%d" % layer):
                    tf.get_variable("kernel", [2, 2])
                    tf.get_variable("bias", [2], initializer=tf.zeros_initializer())
                if on_layer is not None:
                    on_layer(layer + 1)


class BuildVariables:
    """Graph building as section 3 does it (build_layers), in a fresh graph each run."""

    def __init__(self, tf):
        self.tf = tf

    def run(self, variables, meter):
        with self.tf.Graph().as_default(), meter:
            build_layers(self.tf, variables // 2)
        return meter


def extra_calls(operations, count):
    """Python function calls scopecompat makes beyond raw per operation, and the functions that differ.
    Exact where time is not: identical objects make identical calls."""
    for operation in operations.values():
        operation.run(count, Timer())  # warm-up: first calls fill caches (op registry, warn-once flags)
    raw, ours = (operations[name].run(count, Profiled()).call_counts() for name in ("raw", "scopecompat"))
    differing = {key: ours.get(key, 0) - raw.get(key, 0) for key in set(raw) | set(ours)
                 if ours.get(key, 0) != raw.get(key, 0)}
    top = sorted(differing.items(), key=lambda item: -abs(item[1]))[:10]
    return {"per_operation": (sum(ours.values()) - sum(raw.values())) / count,
            "raw_calls_per_operation": sum(raw.values()) / count,
            "differing_functions": {key: delta / count for key, delta in top}}


def task_call_counts(backend, params):
    """The Python calls scopecompat makes beyond raw, per operation (cProfile counts are exact, so both
    backends can share this one process), and which names are the identical objects."""
    backends = {"scopecompat": import_backend("scopecompat")}
    import tensorflow.compat.v1 as raw
    backends["raw"] = raw
    result = {"identical": {name: getattr(backends["scopecompat"], name) is getattr(raw, name)
                            for name in ("get_variable", "variable_scope", "Graph", "AUTO_REUSE")}}
    # `tf.get_variable` itself, the attribute lookup: each backend's statement compiled on its own, so that
    # neither's lookup cache sees the other module. Best of 5 (timeit's advice: the rest is noise).
    import timeit
    result["attribute_lookup"] = {
        backend: min(timeit.repeat("tf.get_variable", globals={"tf": tf}, number=200_000, repeat=5)) / 200_000
        for backend, tf in backends.items()}
    for name, kind, count in (("get_variable", GetVariableReuse, params["profile_operations"]),
                              ("variable_scope", ScopeEnters, params["profile_operations"]),
                              ("build", BuildVariables, params["profile_variables"])):
        result[name] = {"extra_calls": extra_calls({backend: kind(tf) for backend, tf in backends.items()}, count)}
    return result


OPERATIONS = {"get_variable": GetVariableReuse, "variable_scope": ScopeEnters}


def serve_calls(backend):
    """Time blocks of one operation on request, one backend in this process. run.py keeps one such
    process per backend, both on one core, and asks both for each block at the same moment.

    Why not both backends in one process (as the call counts are): CPython 3.11 specializes attribute
    lookups in TensorFlow's code for the type it sees. Alternating between tf.compat.v1.variable_scope
    and scopecompat's subclass of it made those caches miss at every switch: the earlier, one-process
    version of this benchmark measured variable_scope at 1.068-1.070 where two processes give 0.99-1.01.
    A program uses one backend, so one process per backend is what it sees.

    Protocol, one JSON object per line: {"operation": NAME, "calls": N} on stdin -> {"wall": seconds
    per call, "cpu": seconds per call} on stdout; an empty line ends the process."""
    tf = import_backend(backend)
    operations = {name: kind(tf) for name, kind in OPERATIONS.items()}
    gc.collect()
    gc.freeze()  # TF's 300k import-time objects: each collection before a block then takes microseconds
    sys.stdout.write(json.dumps({"ready": backend}) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        if not line.strip():
            break
        request = json.loads(line)
        timer = operations[request["operation"]].run(request["calls"], Timer())
        sys.stdout.write(json.dumps({"wall": timer.wall / request["calls"],
                                     "cpu": timer.cpu / request["calls"]}) + "\n")
        sys.stdout.flush()


# --- 3. graph building at scale, one backend and one N per fresh interpreter -------------------------

def memory_status():
    """This process's resident set size now and at its peak, in bytes (Linux /proc; TF's C++ graph lives
    outside Python's allocator, so only the process's RSS sees it)."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(value.split()[0]) * 1024
    return values["VmRSS"], values["VmHWM"]


def reset_peak_memory():
    """Make the peak RSS start from now (Linux >= 4.0); False if this kernel does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def task_scale(backend, params):
    """Build params["variables"] variables in nested scopes in the default graph; time, memory, and the
    time and memory at every tenth of the way (the marginal cost must not grow)."""
    tf = import_backend(backend)
    if params.get("start_together"):
        wait_for_go()
    layers = params["variables"] // 2
    checkpoints = set(max(1, round(layers * step / 10)) for step in range(1, 11))
    trace = []
    gc.collect()
    rss_before, _ = memory_status()
    peak_reset = reset_peak_memory()
    start_wall, start_cpu = time.perf_counter(), time.process_time()

    def on_layer(count):
        if count in checkpoints:
            trace.append({"variables": 2 * count, "wall": time.perf_counter() - start_wall,
                          "cpu": time.process_time() - start_cpu, "rss": memory_status()[0] - rss_before})

    build_layers(tf, layers, on_layer=on_layer)
    wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    rss_after, peak = memory_status()
    graph = tf.get_default_graph()
    return {
        "variables": len(tf.global_variables()), "operations": len(graph.get_operations()),
        "wall": wall, "cpu": cpu, "rss_before": rss_before,
        "peak_rss_delta": (peak if peak_reset else rss_after) - rss_before,
        "peak_measured": "VmHWM reset before the build" if peak_reset else "VmRSS after the build",
        "checkpoints": trace,
    }


def keep_busy_until_stopped(backend, variables):
    """After a scale build of `variables`: go on building into the same graph, as the build did (untimed),
    until run.py writes "stop", so that the other build of the pair, still running on this core, shares
    it to its end with the same kind of work beside it. Without this, the longer build of a pair ran its
    last part alone on the core, faster: at 100k variables raw's time per variable fell by a fifth once
    scopecompat's process had exited."""
    import threading

    tf = import_backend(backend)
    stopped = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stopped.set()), daemon=True).start()
    layer = variables // 2
    while not stopped.is_set():
        build_layers(tf, 10, first_layer=layer)
        layer += 10


TASKS = {
    "import": lambda backend, params: task_import(backend, params.get("first_use", ()),
                                                  params.get("scopecompat_on_top", False),
                                                  params.get("start_together", False)),
    "call_counts": task_call_counts,
    "scale": task_scale,
}


def main(argv):
    if len(argv) == 3 and argv[1] == "serve" and argv[2] in BACKENDS:
        return serve_calls(argv[2])
    if len(argv) != 4 or argv[1] not in TASKS:
        raise SystemExit("usage: worker.py {%s} {%s} PARAMS_JSON" % (",".join(TASKS), ",".join(BACKENDS)))
    params = json.loads(argv[3])
    result = TASKS[argv[1]](argv[2], params)
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    if params.get("keep_busy"):
        sys.stdout.flush()
        keep_busy_until_stopped(argv[2], params["variables"])


if __name__ == "__main__":
    main(sys.argv)
