"""Count the ops common TF1 building blocks add to a graph, on real TF 1.x and through scopecompat: docs/op-counts.md.

    python docs/op_counts.py TF1_PYTHON > docs/op-counts.md

TF1_PYTHON is an interpreter with real TF 1.x (the 1.15.5 oracle: tests/conformance/oracle.py installs it);
this script's own interpreter runs scopecompat on the installed TF 2.x. Why it matters: in a program seeded
only by the graph (`tf.set_random_seed(1)`), TF 1.x gave each random op the graph's op count as its op seed,
and scopecompat does too (scopecompat/_legacy/random_seeds.py); so a random op made after a block that TF 2.x
builds with another number of ops than TF 1.x draws other numbers than on TF 1.x.

The same file runs in both interpreters: with `--observe` it builds each block in a graph of its own and
prints the op types as JSON (Python 3.7 compatible, for TF 1.15.5).
"""

from __future__ import print_function

import json
import subprocess
import sys

BLOCKS = [
    ("tf.layers.dense", "tf.layers.dense(tf.ones([2, 3]), 4)"),
    ("tf.layers.conv2d", "tf.layers.conv2d(tf.ones([1, 8, 8, 3]), 4, 3)"),
    ("tf.layers.max_pooling2d", "tf.layers.max_pooling2d(tf.ones([1, 8, 8, 3]), 2, 2)"),
    ("tf.layers.batch_normalization", "tf.layers.batch_normalization(tf.ones([2, 3]), training=True)"),
    ("tf.layers.dropout", "tf.layers.dropout(tf.ones([2, 3]), training=True)"),
    ("tf.nn.dropout", "tf.nn.dropout(tf.ones([2, 3]), 0.5)"),
    ("tf.nn.conv2d, bias, relu",
     "tf.nn.relu(tf.nn.conv2d(tf.ones([1, 8, 8, 3]), tf.ones([3, 3, 3, 4]), [1, 1, 1, 1], 'SAME') + tf.ones([4]))"),
    ("tf.nn.max_pool", "tf.nn.max_pool(tf.ones([1, 8, 8, 3]), [1, 2, 2, 1], [1, 2, 2, 1], 'SAME')"),
    ("tf.matmul, add", "tf.matmul(tf.ones([2, 3]), tf.ones([3, 4])) + tf.ones([4])"),
    ("tf.Variable(tf.truncated_normal(...))", "tf.Variable(tf.truncated_normal([3, 4], stddev=0.1))"),
    ("tf.get_variable (default initializer)", "tf.get_variable('v', [3, 4])"),
    ("BasicLSTMCell, dynamic_rnn",
     "tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(5), tf.ones([2, 4, 3]), dtype=tf.float32)"),
    ("LSTMCell, dynamic_rnn", "tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(5), tf.ones([2, 4, 3]), dtype=tf.float32)"),
    ("GRUCell, dynamic_rnn", "tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(5), tf.ones([2, 4, 3]), dtype=tf.float32)"),
    ("BasicRNNCell, static_rnn",
     "tf.nn.static_rnn(tf.nn.rnn_cell.BasicRNNCell(5), [tf.ones([2, 3])] * 3, dtype=tf.float32)"),
    ("MultiRNNCell of 2 LSTMs, dynamic_rnn",
     "tf.nn.dynamic_rnn(tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(5) for _ in range(2)]), "
     "tf.ones([2, 4, 3]), dtype=tf.float32)"),
    ("softmax_cross_entropy_with_logits_v2, reduce_mean",
     "tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.ones([2, 3]), logits=tf.ones([2, 3])))"),
    ("sparse_softmax_cross_entropy_with_logits",
     "tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.ones([2], tf.int32), logits=tf.ones([2, 3]))"),
    ("tf.losses.softmax_cross_entropy", "tf.losses.softmax_cross_entropy(tf.ones([2, 3]), tf.ones([2, 3]))"),
    ("tf.nn.embedding_lookup", "tf.nn.embedding_lookup(tf.ones([5, 3]), [1, 2])"),
    ("argmax, equal, cast, reduce_mean",
     "tf.reduce_mean(tf.cast(tf.equal(tf.argmax(tf.ones([2, 3]), 1), tf.argmax(tf.ones([2, 3]), 1)), tf.float32))"),
    ("tf.split, tf.concat", "tf.concat(tf.split(tf.ones([2, 4]), 2, 1), 0)"),
    ("GradientDescentOptimizer.minimize",
     "tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(tf.get_variable('w', [3]) ** 2))"),
    ("AdamOptimizer.minimize", "tf.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(tf.get_variable('w', [3]) ** 2))"),
    ("global_variables_initializer", "(tf.get_variable('w', [3]), tf.global_variables_initializer())"),
    ("tf.train.Saver", "(tf.get_variable('w', [3]), tf.train.Saver())"),
    ("tf.summary.scalar", "tf.summary.scalar('x', tf.constant(1.0))"),
    ("tf.clip_by_global_norm", "tf.clip_by_global_norm([tf.ones([3]), tf.ones([2])], 1.0)"),
    ("tf.data: range, batch, one-shot iterator", "tf.data.Dataset.range(10).batch(2).make_one_shot_iterator().get_next()"),
    ("placeholder, reshape", "tf.reshape(tf.placeholder(tf.float32, [None, 4]), [-1, 2, 2])"),
]


def observe(tf):
    """Each block's op types, in creation order (TF 2.x's AddV2 counted as TF 1.x's Add)."""
    seen = {}
    for name, code in BLOCKS:
        graph = tf.Graph()
        with graph.as_default():
            eval(code, {"tf": tf})
            seen[name] = [op.type.replace("AddV2", "Add") for op in graph.get_operations()]
    return seen


def table(tf1, ours, tf1_version, tf2_version):
    lines = [
        "| block | ops on TF %s | ops through scopecompat on TF %s | |" % (tf1_version, tf2_version),
        "|---|---:|---:|---|",
    ]
    for name, _code in BLOCKS:
        difference = len(ours[name]) - len(tf1[name])
        remark = "same ops" if ours[name] == tf1[name] else ("%+d" % difference if difference else "other ops, same count")
        lines.append("| %s | %d | %d | %s |" % (name, len(tf1[name]), len(ours[name]), remark))
    return "\n".join(lines)


def main(argv):
    if argv[1:] == ["--observe-tf1"]:
        import tensorflow as tf

        print(json.dumps({"version": tf.__version__, "ops": observe(tf)}))
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    tf1 = json.loads(subprocess.check_output([argv[1], __file__, "--observe-tf1"], stderr=subprocess.DEVNULL))
    import scopecompat as tf

    ours = observe(tf)
    same = sum(ours[name] == tf1["ops"][name] for name, _code in BLOCKS)
    print("# Ops per TF1 building block: TF 1.x and scopecompat\n")
    print("Generated by `python docs/op_counts.py TF1_PYTHON` (the module says why it matters). %d of %d blocks "
          "build the same ops.\n" % (same, len(BLOCKS)))
    print(table(tf1["ops"], ours, tf1["version"], tf.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
