"""The indexed variable-scope store (scopecompat/_facade/scope_store.py): the same names as TF's own store
in every case, per graph only, thread-safe as TF's, and a scope exit that walks only what is live below it.

The names are compared against raw tf.compat.v1 run in this same process on the same programs: random
scope trees (seeded, so a failure reproduces) with re-entered names and scope objects, default names,
reuse, name scopes, ops and nested graphs; and a model of tf.layers, an LSTM and an optimizer."""

import random
import threading

import pytest
import tensorflow

import scopecompat as tf
from scopecompat._facade import overrides
from scopecompat._facade import scope_store
from tensorflow.python.ops import variable_scope as tf_variable_scope

RAW = tensorflow.compat.v1


def store_of(graph):
    with graph.as_default():
        return tf_variable_scope.get_variable_scope_store()


# -- random programs ----------------------------------------------------------------------------------

# Few names, so that scopes are re-entered and default names collide with explicit ones ("layer_1"): the
# counts are observable only through the default names they give, after opens, closes and snapshots.
NAMES = ["a", "b", "a/b", "layer", "layer_1", ""]
DEFAULT_NAMES = ["layer", "a"]
REUSES = [None, None, tf.AUTO_REUSE, tf.AUTO_REUSE, True]
KINDS = ["scope"] * 3 + ["default"] * 3 + ["object"] * 3 + ["name_scope", "variable", "op"]


def random_program(rng, depth=0):
    """A list of steps; a step is (kind, argument..., body). `tf_own` marks a scope that the scopecompat
    run opens with TF's own variable_scope (as a layer does): the store meets TF's code and ours mixed."""
    steps = []
    for _ in range(rng.randint(1, 5 if depth < 4 else 2)):
        kind = rng.choice(KINDS + (["graph"] if depth < 2 else []))
        body = random_program(rng, depth + 1) if kind in ("scope", "default", "object", "name_scope", "graph") \
            and depth < 5 else []
        tf_own = rng.random() < 0.3
        if kind == "scope":
            steps.append((kind, rng.choice(NAMES[:-1]), rng.choice(REUSES), tf_own, body))
        elif kind == "default":
            steps.append((kind, rng.choice(DEFAULT_NAMES), None, tf_own, body))
        elif kind == "object":
            steps.append((kind, rng.randrange(1000), rng.choice(REUSES), tf_own, rng.random() < 0.5, body))
        elif kind in ("name_scope", "variable", "op"):
            steps.append((kind, rng.choice(NAMES), body))
        else:
            steps.append((kind, body))
    return steps


def run_program(tf_module, program, mixed):
    """Build `program` into a fresh graph through `tf_module`; return everything that has a name, in order.
    With `mixed`, steps marked tf_own use TF's own variable_scope. A graph's event ends with its store's
    class and whether scopecompat's variable_scope was entered in it."""
    events, captured, entered_by_scopecompat = [], [], set()

    def scope_class(tf_own):
        return RAW.variable_scope if (mixed and tf_own) else tf_module.variable_scope

    def run(steps):
        for step in steps:
            try:
                run_step(step)
            except (ValueError, TypeError) as error:  # the same error in both; scopecompat's teaches below line 1
                events.append(("error", type(error).__name__, str(error).splitlines()[0]))

    def entered(scope, body):
        if isinstance(scope_entered[-1], tf.variable_scope):
            entered_by_scopecompat.add(tf_module.get_default_graph())
        events.append(("scope", scope.name, scope.original_name_scope))
        captured.append(scope)
        run(body)

    def run_step(step):
        kind = step[0]
        if kind == "scope":
            _, name, reuse, tf_own, body = step
            with opened(scope_class(tf_own)(name, reuse=reuse)) as scope:
                entered(scope, body)
        elif kind == "default":
            _, name, _, tf_own, body = step
            with opened(scope_class(tf_own)(None, default_name=name)) as scope:
                entered(scope, body)
        elif kind == "object":
            _, index, reuse, tf_own, auxiliary, body = step
            if captured:
                with opened(scope_class(tf_own)(captured[index % len(captured)], reuse=reuse,
                                                auxiliary_name_scope=auxiliary)) as scope:
                    entered(scope, body)
        elif kind == "name_scope":
            _, name, body = step
            with tf_module.name_scope(name or None, default_name="ns") as scope:
                events.append(("name_scope", scope))
                run(body)
        elif kind == "variable":
            events.append(("variable", tf_module.get_variable(step[1] or "v", [1]).name))
        elif kind == "op":
            events.append(("op", tf_module.constant(1.0, name=step[1] or None).name))
        else:
            with tf_module.Graph().as_default() as inner:
                run(step[1])
            events.append(("nested graph", [op.name for op in inner.get_operations()], store_facts(inner)))

    def opened(scope):
        scope_entered.append(scope)
        return scope

    def store_facts(graph):
        return type(store_of(graph)), graph in entered_by_scopecompat

    scope_entered = []
    with tf_module.Graph().as_default() as graph:
        captured.append(tf_module.get_variable_scope())  # the root scope object, re-entered as TF1 code often does
        run(program)
    events.append(("graph", [op.name for op in graph.get_operations()], store_facts(graph)))
    return events


def stores_seen(events):
    return [event[2] for event in events if event[0] in ("graph", "nested graph")]


def with_stores(events, store):
    return [event[:2] + (store,) if event[0] in ("graph", "nested graph") else event for event in events]


@pytest.mark.parametrize("mixed", [False, True], ids=["scopecompat-scopes", "mixed-with-tf-scopes"])
def test_random_scope_trees_give_the_same_names_as_tfs_own_store(mixed):
    seed = 21 if mixed else 20
    rng = random.Random(seed)
    for number in range(30):  # about 200 named things each; ~6 s per variant on a quiet core
        program = random_program(rng)
        raw = run_program(RAW, program, mixed=False)
        ours = run_program(tf, program, mixed=mixed)
        assert with_stores(ours, None) == with_stores(raw, None), (
            "program %d of random.Random(%d): names differ from raw tf.compat.v1:\n%s" % (
                number, seed, "\n".join("%s | %s" % pair for pair in zip(raw, ours) if pair[0] != pair[1])))
        assert set(stores_seen(raw)) == {(tf_variable_scope._VariableScopeStore, False)}, (
            "program %d: a graph built only through raw tf.compat.v1 must keep TF's store: %s" % (number, stores_seen(raw)))
        for store, entered in stores_seen(ours):
            assert (store is scope_store.IndexedScopeStore) == entered, (
                "program %d: a graph's store should be indexed exactly where scopecompat entered a variable_scope "
                "(entered: %s, store: %s)" % (number, entered, store.__name__))


# -- layers, RNN cells, optimizers ---------------------------------------------------------------------

def build_model(variable_scope):
    """Layers, an LSTM and an optimizer's slots: TF's and tf_keras's own variable scopes, opened inside one
    `variable_scope` block (raw or scopecompat's), then the optimizer at the top level."""
    with tf.Graph().as_default() as graph:
        inputs = tf.placeholder(tf.float32, [2, 3, 4])
        with variable_scope("model"):
            hidden = inputs
            for _ in range(3):
                hidden = tf.layers.dense(hidden, 4)
            dense = tf.layers.Dense(4, name="shared")
            hidden = dense(dense(hidden))
            outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(5), hidden, dtype=tf.float32)
            with variable_scope(None, default_name="head"):
                logits = tf.layers.dense(outputs, 2)
        tf.train.AdamOptimizer().minimize(tf.reduce_sum(logits))
        tf.train.MomentumOptimizer(0.1, 0.9).minimize(tf.reduce_sum(logits))
    return [op.name for op in graph.get_operations()], [v.name for v in graph.get_collection("variables")], graph


def test_layers_rnn_cells_and_optimizers_use_the_index_with_the_same_names():
    raw_ops, raw_variables, raw_graph = build_model(RAW.variable_scope)
    ops, variables, graph = build_model(tf.variable_scope)
    assert variables == raw_variables, "variable names differ from TF's own store: %s" % (
        sorted(set(variables) ^ set(raw_variables)))
    assert ops == raw_ops, "op names differ from TF's own store: %s" % sorted(set(ops) ^ set(raw_ops))
    assert len(variables) > 20, "the model should have made its layers', LSTM's and slots' variables: %s" % variables
    assert type(store_of(graph)) is scope_store.IndexedScopeStore, "scopecompat's graph should have the indexed store"
    assert type(store_of(raw_graph)) is tf_variable_scope._VariableScopeStore, "the raw graph should keep TF's store"


# -- threads ---------------------------------------------------------------------------------------------

def thread_program(seed):
    rng = random.Random(seed)
    return [("scope", "t", None, False, random_program(rng)) for _ in range(2)]


def test_eight_threads_building_in_their_own_graphs_get_tfs_names():
    programs = [thread_program(seed) for seed in range(8)]
    expected = [run_program(RAW, program, mixed=False) for program in programs]
    results, errors = [None] * 8, []
    start = threading.Barrier(8)

    def build(index):
        try:
            start.wait()
            for _ in range(2):  # twice, so that the threads' builds overlap
                results[index] = run_program(tf, programs[index], mixed=True)
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)

    threads = [threading.Thread(target=build, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, "a thread failed: %r" % errors
    for index in range(8):
        assert with_stores(results[index], None) == with_stores(expected[index], None), (
            "thread %d built other names than raw tf.compat.v1 did alone" % index)
        assert stores_seen(results[index])[-1] == (scope_store.IndexedScopeStore, True), (
            "thread %d's graph is not indexed" % index)


def test_threads_sharing_one_graph_each_keep_their_own_counts():
    # TF's store is a threading.local: each thread its own current scope and counts, also once indexed.
    graph = tf.Graph()
    with graph.as_default(), tf.variable_scope("main"):  # indexes the graph's store from this thread
        pass
    names, start = {}, threading.Barrier(8)

    def build(index):
        with graph.as_default():
            start.wait()
            for _ in range(2):
                with tf.variable_scope("t%d" % index):
                    with tf.variable_scope(None, default_name="layer") as scope:
                        names.setdefault(index, []).append(scope.name)
                    assert tf.get_variable_scope().name == "t%d" % index, "thread %d lost its current scope" % index

    threads = [threading.Thread(target=build, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert names == {index: ["t%d/layer" % index] * 2 for index in range(8)}, (
        "each thread's default names come from its own counts (t<i>/layer both times, closed in between): %s" % names)
    assert type(store_of(graph)) is scope_store.IndexedScopeStore, "the shared graph's store should be indexed"


# -- the store itself ----------------------------------------------------------------------------------

def test_the_installed_tf_has_the_store_the_index_knows():
    assert scope_store.INDEXES_SCOPES, (
        "TF %s's _VariableScopeStore is not the shape scope_store.py knows (its methods, its state, "
        "_pure_variable_scope's copy of the counts): scopecompat falls back to TF's store" % tensorflow.__version__)


def test_where_tfs_store_is_not_the_known_shape_it_stays_tfs(graph, monkeypatch):
    monkeypatch.setattr(scope_store, "INDEXES_SCOPES", False)  # what the feature test says of an unknown TF
    store = store_of(graph)
    assert scope_store.indexed(store) is store, "indexed() converts in place or not at all"
    assert type(store) is tf_variable_scope._VariableScopeStore, "an unknown TF's store must stay TF's"


def test_a_store_converted_mid_build_builds_its_index_from_tfs_counts(graph):
    with RAW.variable_scope("outer"):  # TF's own scopes first: the store is TF's, with counts
        for _ in range(3):
            with RAW.variable_scope(None, default_name="x"):
                pass
        with RAW.variable_scope(RAW.get_variable_scope()):  # a snapshot of TF's plain counts, put back below
            assert type(store_of(graph)) is tf_variable_scope._VariableScopeStore, "TF's store until scopecompat meets it"
            with tf.variable_scope("inner"):
                pass
            assert type(store_of(graph)) is scope_store.IndexedScopeStore, "scopecompat's scope converts the store"
            with tf.variable_scope(None, default_name="x") as scope:
                assert scope.name == "outer/x_3", "the index should count TF's earlier opens: %s" % scope.name
    with tf.variable_scope("outer"):
        with tf.variable_scope(None, default_name="x") as scope:
            assert scope.name == "outer/x", "closing 'outer' must have reset its subscopes: %s" % scope.name


@pytest.mark.parametrize("log_limit", [scope_store._Index.LOG_LIMIT, 0], ids=["relinks-from-the-log", "log-dropped"])
def test_a_scope_object_block_puts_back_counts_that_closes_inside_it_reset(log_limit, monkeypatch):
    # TF copies the counts on entering a scope object and puts the copy back on leaving it: names that a
    # close inside the block reset count again afterwards, and a later close must reset them once more.
    # With the log of unlinked names dropped (as a long build does), putting back rebuilds the index.
    monkeypatch.setattr(scope_store._Index, "LOG_LIMIT", log_limit)

    def names(variable_scope):
        seen = []
        with tf.Graph().as_default():
            root = tf.get_variable_scope()
            with variable_scope("a"):
                with variable_scope(None, default_name="layer") as scope:
                    seen.append(scope.name)
                with variable_scope(root):
                    with variable_scope("a"):  # closes "a" inside the root object's block: a/layer -> 0
                        pass
                    with variable_scope("a"):
                        with variable_scope(None, default_name="layer") as scope:
                            seen.append(scope.name)
                with variable_scope(None, default_name="layer") as scope:  # a/layer counts 1 again: put back
                    seen.append(scope.name)
            with variable_scope("a"):  # "a" closed above: a/layer and a/layer_1 back to 0
                with variable_scope(None, default_name="layer") as scope:
                    seen.append(scope.name)
        return seen

    raw = names(RAW.variable_scope)
    assert names(tf.variable_scope) == raw, "scopecompat's names differ from TF's store's %s" % raw


def test_a_scope_exit_walks_only_what_is_live_below_it(graph):
    for block in range(50):
        with tf.variable_scope("block%d" % block):
            for layer in range(20):
                with tf.variable_scope("layer%d" % layer):
                    pass
    index = store_of(graph)._index
    linked = sum(len(children) for children in index.children.values())
    assert linked == 50, "after 50 blocks of 20 closed layers, only the 50 blocks stay linked: %d links" % linked
    assert len(index.counts) == 50 * 21, "the counts keep every name, as TF's do: %d" % len(index.counts)


def test_the_overrides_table_lists_the_store_with_its_reason():
    row = overrides.BY_TF_OBJECT["tensorflow.python.ops.variable_scope._VariableScopeStore"]
    assert "speed only" in row.reason.lower() and "same names" in row.reason, "the reason should say: speed only, the same names"
    assert row.applies() is scope_store.INDEXES_SCOPES, "the row applies exactly where the store is indexed"
    assert row.load() is scope_store.IndexedScopeStore, "the row's replacement is the indexed store"
