"""TF 1.x's op seeds through scopecompat (scopecompat/_legacy/random_seeds.py), per graph.

The values themselves are checked against real TF 1.15.5 by the conformance family graph_seeds; here: that
the rule holds on this TF, reaches only the graphs scopecompat seeds, and that the two rebuilt ops hand
everything TF refuses to TF itself.
"""

import numpy as np
import pytest
import tensorflow as real_tf

import scopecompat as tf
from scopecompat._facade import overrides
from scopecompat._legacy import random_seeds
from scopecompat._legacy import tf1_ops

tf_v1 = real_tf.compat.v1


def seeds_of(graph):
    """The (seed, seed2) attributes of the graph's random ops, in creation order."""
    return [(op.get_attr("seed"), op.get_attr("seed2")) for op in graph.get_operations() if "seed2" in op.node_def.attr]


def test_the_rule_holds_on_this_tensorflow():
    assert random_seeds.FOLLOWS_TF1, (
        "TF's get_seed no longer reads the per-graph counter random_seeds relies on: graph-seeded programs would "
        "silently draw TF 2.x's numbers; adapt scopecompat/_legacy/random_seeds.py to this TF")


def test_op_seed_is_the_op_count_as_in_tf1():
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(5)
        tf.constant(1.0)
        tf.random_normal([2])  # shape, mean, stddev made first: 4 ops before the draw, 3 more after it
        tf.random_uniform([2], seed=3)  # an op seed given: used as it is
    assert seeds_of(graph) == [(5, 4), (5, 3)], "op seeds: the op count (TF 1.x), then the given one: %s" % seeds_of(graph)


def test_a_graph_only_raw_tensorflow_seeds_keeps_tf2s_counter():
    raw, ours = tf.Graph(), tf.Graph()
    with raw.as_default():
        tf_v1.set_random_seed(5)
        tf_v1.constant(1.0)
        tf_v1.random_normal([2])
        tf_v1.random_normal([2])
    with ours.as_default():
        tf.set_random_seed(5)
        tf.constant(1.0)
        tf.random_normal([2])
        tf.random_normal([2])
    assert seeds_of(raw) == [(5, 0), (5, 1)], "raw TF's graph keeps TF 2.x's per-graph counter: %s" % seeds_of(raw)
    assert seeds_of(ours) == [(5, 4), (5, 10)], "scopecompat's graph counts ops: %s" % seeds_of(ours)


def test_seeding_again_and_rerunning_a_cell_keep_one_rule_per_graph():
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(1)
        first = random_seeds._tf_random_seed._graph_to_seed_dict[graph]
        tf.set_random_seed(1)  # a notebook cell run twice
        assert random_seeds._tf_random_seed._graph_to_seed_dict[graph] is first, "the graph's rule is made once"
        tf.random_uniform([1])
        assert random_seeds._tf_random_seed._graph_to_seed_dict[graph] is first, "TF's `+= 1` leaves the rule as it is"


def test_random_uniform_builds_tf1s_ops_and_the_same_values():
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(2)
        unit = tf.random_uniform([3], seed=1)
        ranged = tf.random_uniform([3], maxval=4, seed=1)
        integers = tf.random_uniform([3], maxval=4, dtype=tf.int32, seed=1)
        raw_unit = tf_v1.random_uniform([3], seed=1)
        with tf.Session() as session:
            unit_value, ranged_value, integer_value, raw_value = session.run([unit, ranged, integers, raw_unit])
    types = [op.type for op in graph.get_operations() if op.name.startswith("random_uniform/")]
    assert types == ["Const", "Const", "Const", "RandomUniform", "Sub", "Mul"], "TF 1.x's ops for [0, 1): %s" % types
    assert unit.op.name == "random_uniform", "the result is named as in TF 1.x: %s" % unit.op.name
    np.testing.assert_array_equal(unit_value, raw_value, "the same draw as TF's for the same seeds")
    np.testing.assert_allclose(ranged_value, 4 * raw_value, rtol=1e-6, err_msg="maxval=4 scales the same draw")
    assert integer_value.dtype == np.int32 and ((0 <= integer_value) & (integer_value < 4)).all(), "integers stay TF's"


@pytest.mark.parametrize("call", [
    lambda dropout, floats, integers: dropout(floats, keep_prob=0.5, rate=0.5),
    lambda dropout, floats, integers: dropout(floats),
    lambda dropout, floats, integers: dropout(floats, rate=1.5),
    lambda dropout, floats, integers: dropout(integers, rate=0.5),
    lambda dropout, floats, integers: dropout(floats, keep_prob="half"),
], ids=["keep-prob-and-rate", "neither", "rate-out-of-range", "integer-x", "keep-prob-text"])
def test_dropout_refuses_what_tf_refuses_with_tfs_error(call):
    with tf.Graph().as_default() as graph:
        floats, integers = tf.ones([2]), tf.ones([2], tf.int32)
        with pytest.raises(Exception) as raw:
            call(tf_v1.nn.dropout, floats, integers)
        ops_before = len(graph.get_operations())
        with pytest.raises(Exception) as ours:
            call(tf.nn.dropout, floats, integers)
        assert len(graph.get_operations()) == ops_before, "a refused dropout leaves no ops behind"
    assert (type(ours.value), str(ours.value)) == (type(raw.value), str(raw.value)), "TF's own error"


def test_dropout_of_rate_zero_is_the_input():
    with tf.Graph().as_default():
        x = tf.ones([3])
        assert tf.nn.dropout(x, rate=0.0) is x and tf.nn.dropout(x, keep_prob=1.0) is x, "nothing dropped: x itself"


def test_dropout_has_tfs_gradient_of_the_kept_units():
    with tf.Graph().as_default():
        tf.set_random_seed(4)
        x = tf.ones([200])
        kept = tf.nn.dropout(x, rate=0.25)
        gradient, = tf.gradients(tf.reduce_sum(kept), x)
        with tf.Session() as session:
            kept_value, gradient_value = session.run([kept, gradient])
    np.testing.assert_allclose(gradient_value, kept_value, rtol=1e-6, err_msg="d(sum)/dx is the scale where kept, 0 else")
    assert np.isclose(kept_value[kept_value != 0], 1 / 0.75).all() and (kept_value == 0).any(), (
        "kept units are scaled by 1 / (1 - rate), the others dropped")


def test_the_overrides_table_lists_the_rule_with_its_reason():
    row = overrides.BY_TF_OBJECT["tensorflow.python.framework.random_seed._graph_to_seed_dict"]
    assert "TF 1.x's op seeds" in row.reason and "per graph" in row.reason, "the reason should say: TF 1.x's op seeds, per graph"
    assert row.applies() is random_seeds.FOLLOWS_TF1, "the row applies exactly where the rule holds"
    replaced = {"set_random_seed": random_seeds.set_random_seed, "random.set_random_seed": random_seeds.set_random_seed,
                "random_uniform": random_seeds.random_uniform, "random.uniform": random_seeds.random_uniform,
                "nn.dropout": random_seeds.dropout, "split": tf1_ops.split}
    for path, function in replaced.items():
        assert overrides.BY_PATH[path].load() is function, "the override %s is random_seeds'" % path


def test_split_into_pieces_makes_tf1s_constant_first_and_the_same_pieces():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.reshape(tf.range(12.0), [2, 6])
        before = len(graph.get_operations())
        pieces = tf.split(x, 3, 1)
        sized = tf.split(x, [2, 4], axis=1, name="parts")
        raw_pieces = tf_v1.split(x, 3, 1)
        made = [op.name for op in graph.get_operations()[before:]]
        with tf.Session() as session:
            ours, theirs = session.run([pieces, raw_pieces])
    assert made[:3] == ["Const", "split/split_dim", "split"], (
        "TF 1.x's unused constant of the number of pieces, then TF's split: %s" % made)
    assert [t.name for t in sized] == ["parts:0", "parts:1"], "sizes: TF's own SplitV, named as given"
    assert all((a == b).all() for a, b in zip(ours, theirs)), "the same pieces as TF's split"


# TF 2.13 changed what these build: TF 2.12's gather gradient still cast as TF 1.15's did (nothing left out), and
# its embedding_lookup_sparse left out only the Cast (deviations.py says so for the embedding columns).
_TF_2_13_CHANGED = pytest.mark.skipif(tf.__version__.startswith("2.12."),
                                      reason="TF 2.12 builds these otherwise (measured on 2.12.1)")


def next_op_seed(build):
    """The op seed of a random_uniform made right after `build()` in a freshly seeded graph, and the op count."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(1)
        value = tf.ones([2, 6])
        build(value)
        count = random_seeds.op_count(graph)
        tf.random_uniform([1])
    return seeds_of(graph)[-1][1], count


@pytest.mark.parametrize("build, left_out", [
    (lambda x: real_tf.compat.v1.split(x, 3, 1), 1),  # TF's own split: no constant of the number of pieces
    (lambda x: tf.split(x, 3, 1), 0),  # scopecompat's: TF 1.15's constant is there
    (lambda x: tf.split(x, [2, 4], 1), 0),  # sizes: SplitV, as in TF 1.15
    (lambda x: tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), tf.reshape(x, [2, 3, 2]), dtype=tf.float32), 1),
    (lambda x: tf.reduce_sum(tf.reduce_sum(x)), -3),  # a scalar's sum: TF 1.15's one constant for four ops
    (lambda x: tf.range(tf.rank(x)), 0),  # a range of a rank that no reduction reads: TF 1.15 built it too
    (lambda x: tf.image.random_flip_left_right(tf.reshape(x, [2, 3, 2])), 2),
    (lambda x: tf_v1.nn.dropout(x, rate=0.5), 8),  # TF's own dropout, as tf_keras's Dropout layer calls it
    (lambda x: tf.nn.dropout(x, rate=0.5), 0),  # scopecompat's builds TF 1.15's ops
    (lambda x: tf.where(tf.random_uniform([2, 6]) >= x, x * 2.0, tf.zeros([2, 6])), 0),  # a where of a tensor
    (lambda x: real_tf.compat.v1.one_hot([0, 2], 3, on_value=1.0, off_value=0.0), 2),  # TF's, as feature columns call it
    (lambda x: tf.one_hot([0, 2], 3, on_value=1.0, off_value=0.0), 0),  # scopecompat's builds TF 1.15's ops
    (lambda x: tf.one_hot([0, 2], 3), 0),
    pytest.param(lambda x: tf.nn.embedding_lookup_sparse(tf.get_variable("e", [4, 2]), tf.SparseTensor(
        [[0, 0], [1, 0]], tf.constant([1, 3], tf.int64), [2, 1]), None), 5, marks=_TF_2_13_CHANGED),
    (lambda x: tf.data.Dataset.from_tensor_slices(x).make_initializable_iterator().get_next(), 3),
    pytest.param(lambda x: tf.gradients(tf.reduce_sum(tf.gather(tf.get_variable("v", [4, 3]), [0, 2])),
                                        tf.trainable_variables()), 1, marks=_TF_2_13_CHANGED),
    pytest.param(lambda x: tf.gradients(tf.reduce_sum(tf.gather(x, [1, 0])), x), 1,  # a gather's gradient: the Cast
                 marks=_TF_2_13_CHANGED),
    (lambda x: tf.layers.dense(tf.reshape(x, [2, 3, 2]), 4), 6),  # rank 3: tensordot's kernel reshapes, transpose
    (lambda x: tf.layers.dense(tf.placeholder(tf.float32, [None, 3, 2]), 4), 4),  # unknown batch: the kernel's 4
    # TF's own tensordot, as tf_keras's Dense calls it; scopecompat's builds TF 1.15's ops
    (lambda x: real_tf.compat.v1.tensordot(tf.reshape(x, [2, 3, 2]), tf.ones([3, 4]), [[1], [0]]), 4),  # the kernel's
    (lambda x: real_tf.compat.v1.tensordot(x, tf.ones([6, 4]), 1), 10),  # matrices: TF 2.x's bare MatMul, TF 1.15: 10 more
    (lambda x: tf.tensordot(x, tf.ones([6, 4]), 1), 0),
    (lambda x: tf.data.make_one_shot_iterator(tf.data.Dataset.from_tensor_slices(x)).get_next(), 0),
    (lambda x: tf.data.Iterator.from_structure(tf.float32, [6]).make_initializer(
        tf.data.Dataset.from_tensor_slices(x)), 0),  # TF 1.15 did not optimize a reinitializable iterator's dataset
    (lambda x: tf.data.Dataset.from_tensor_slices(x).with_options(tf.data.Options()).make_initializable_iterator(), 0),
])
def test_the_op_seed_counts_the_ops_tf_2_left_out(build, left_out):
    seed, count = next_op_seed(build)
    # random_uniform makes shape, min and max first: the draw's op seed is the count before it plus 3.
    assert seed == count + 3 + left_out, "the next op seed counts %d ops TF 2.x left out: seed %d, %d ops" % (
        left_out, seed, count)


def test_every_left_out_row_says_what_and_how_many():
    for what, difference, op_types, test in random_seeds.LEFT_OUT:
        assert what.strip() and isinstance(difference, int) and difference and op_types and callable(test), (
            "a LEFT_OUT row names the ops, their number and its test: %r" % (what,))


def test_random_gamma_builds_tf_1_15s_ops_and_draws_tfs_values():
    graph = tf.Graph()
    with graph.as_default():
        ours = tf.random_gamma([3], [1.5, 2.0], beta=2.0, seed=4)
        theirs = tf_v1.random_gamma([3], [1.5, 2.0], beta=2.0, seed=4)
        types = [op.type for op in graph.get_operations() if op.name.startswith("random_gamma/")]
        with tf.Session() as session:
            drawn_ours, drawn_theirs = session.run([ours, theirs])
    # TF 1.15.5's (case op-counts-tf-random-gamma): zeros_like of a constant beta is a constant.
    assert types == ["Const", "Const", "Const", "Const", "AddV2", "RandomGamma", "RealDiv", "Const", "Maximum"], (
        "TF 1.15's ops: %s" % types)
    assert ours.shape.as_list() == [3, 2], "the shape: draws by alpha's broadcast shape"
    np.testing.assert_allclose(drawn_ours, drawn_theirs, err_msg="the same values as TF's for the same seeds")


def test_gather_tree_counts_as_tf_1_15s_one_op():
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(1)
        step_ids, parent_ids = tf.constant([[[1, 2]], [[3, 4]]]), tf.constant([[[0, 0]], [[1, 0]]])
        lengths, end_token = tf.constant([2]), tf.constant(0)
        before = random_seeds.op_count(graph)
        tf.contrib.seq2seq.gather_tree(step_ids, parent_ids, lengths, end_token)
        built = random_seeds.op_count(graph) - before
        tf.random_uniform([1])
    # TF 1.15.5 (case op-counts-gather-tree): one GatherTree op, then random_uniform's shape, min and max.
    assert built > 1 and seeds_of(graph)[-1][1] == before + 1 + 3, (
        "the next op seed counts the %d ops built for gather_tree as TF 1.15's one GatherTree: %s" % (
            built, seeds_of(graph)[-1]))
