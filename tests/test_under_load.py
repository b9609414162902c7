"""Under load: notebook-style reset cycles keep memory flat, and graphs built concurrently in threads get
the names they get alone. (The Saver round trip of every variable kind is in test_checkpoints.py.)"""

import threading

import scopecompat as tf
from conftest import run_python

CYCLES = 500
# Resident memory may grow by at most this much over the 500 cycles after warm-up. Measured on TF 2.21:
# under 1 MB; a leak of one graph per cycle (a few hundred KB each) would exceed it many times over.
RSS_GROWTH_BOUND_MB = 20


def test_500_notebook_reset_cycles_keep_resident_memory_flat():
    result = run_python("""
        import gc
        import weakref
        import numpy as np
        import scopecompat as tf

        def resident_mb():
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024.0

        # One session thread and no graph rewriting: each cycle stays a few milliseconds.
        config = tf.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
        config.graph_options.rewrite_options.disable_meta_optimizer = True
        data = np.ones([4, 3], np.float32)

        def cycle():  # a notebook cell run again: reset, build, run
            tf.reset_default_graph()
            x = tf.placeholder(tf.float32, [None, 3])
            with tf.variable_scope("layer", reuse=tf.AUTO_REUSE):
                w = tf.get_variable("w", [3, 2], initializer=tf.zeros_initializer())
                w = tf.get_variable("w", [3, 2])
            y = tf.matmul(x, w)
            with tf.Session(config=config) as sess:
                sess.run(w.initializer)
                sess.run(y, {x: data})
            return w

        for _ in range(20):
            cycle()
        gc.collect()
        start = resident_mb()
        first = weakref.ref(cycle())  # a counted variable of a graph that the next cycle resets away
        for _ in range(%d):
            cycle()
        gc.collect()
        print(start, resident_mb(), first() is None, tf.inventory()[0].get_variable_calls)
    """ % CYCLES)
    start, end, first_died, calls = result.stdout.split()
    growth = float(end) - float(start)
    assert growth < RSS_GROWTH_BOUND_MB, "resident memory grew %.1f MB over %d cycles" % (growth, CYCLES)
    assert first_died == "True", "a counted variable should die with its graph: nothing of scopecompat's keeps it"
    assert calls == "2", "the last graph's variable was returned by two get_variable calls"


def build_model():
    """A TF1 model with everything that names things: scopes, sharing, layers, an LSTM, an optimizer."""
    inputs = tf.placeholder(tf.float32, [None, 5, 3], name="inputs")
    with tf.variable_scope("encoder"):
        outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(4), inputs, dtype=tf.float32)
    features = outputs[:, -1]
    for tower in range(2):
        with tf.variable_scope("tower", reuse=tf.AUTO_REUSE), tf.name_scope("tower_%d" % tower):
            shared = tf.get_variable("shared", [4, 4])
            features = tf.nn.relu(tf.matmul(features, shared))
    logits = tf.layers.dense(features, 2)
    logits = tf.layers.dense(logits, 2)
    step = tf.Variable(0, name="step", trainable=False)
    loss = tf.reduce_mean(tf.square(logits))
    tf.train.AdamOptimizer(0.01).minimize(loss, global_step=step)
    return ([v.name for v in tf.global_variables()], [op.name for op in tf.get_default_graph().get_operations()],
            [row.get_variable_calls for row in tf.inventory()])


def test_eight_threads_building_their_own_graphs_get_the_names_they_get_alone():
    with tf.Graph().as_default():
        alone = build_model()
    results, errors = [None] * 8, []
    start = threading.Barrier(8)

    def worker(index):
        try:
            with tf.Graph().as_default():
                start.wait()
                results[index] = build_model()
        except Exception as error:  # reported below, with the thread's index
            errors.append((index, error))

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == [], "threads failed: %s" % errors
    for index, result in enumerate(results):
        assert result[0] == alone[0], "thread %d variable names differ: %s" % (index, result[0])
        assert result[1] == alone[1], "thread %d op names differ from a lone build" % index
        assert result[2] == alone[2], "thread %d get_variable counts differ: %s vs %s" % (index, result[2], alone[2])
    assert "tower/shared:0" in alone[0] and alone[2][alone[0].index("tower/shared:0")] == 2, (
        "the shared variable should be returned by two get_variable calls: %s" % list(zip(*alone[::2])))
