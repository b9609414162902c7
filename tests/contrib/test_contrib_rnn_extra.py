"""More of tf.contrib.rnn's cells (scopecompat/_contrib/rnn_cells_extra.py, fused_rnn_cell.py, and rnn.py's
LSTMBlockWrapper): the conformance family cases/contrib_rnn_extra.json (names, shapes, the ops each call builds,
seeded values, errors, judged against TF 1.15.5 by tests/conformance/test_conformance.py) covers every cell served."""

import scopecompat as tf
from scopecompat._conformance import observe
from scopecompat._legacy import names as legacy_names

EXTRA_CASES = [case for case in observe.load_cases() if case["family"] == "contrib_rnn_extra"]
MODULES = ("scopecompat._contrib.rnn_cells_extra:", "scopecompat._contrib.fused_rnn_cell:")


def test_every_served_extra_cell_is_in_a_case():
    """Each contrib.rnn name served from rnn_cells_extra.py and fused_rnn_cell.py, and LSTMBlockWrapper, is
    exercised by the family (Conv3DLSTMCell and the generic ConvLSTMCell through the 1D/2D subclasses and the
    bad-input case)."""
    served = {row.old.split(".")[-1] for row in legacy_names.RENAMED if row.target.startswith(MODULES)}
    assert {"GridLSTMCell", "FusedRNNCellAdaptor", "CompiledWrapper"} <= served, "the rows serve them"
    code = "\n".join("\n".join(case["code"]) for case in EXTRA_CASES)
    missing = {name for name in served | {"LSTMBlockWrapper"} if name not in code} - {"Conv3DLSTMCell"}
    assert not missing, "served but in no conformance case: %s" % sorted(missing)


def test_the_fused_cells_keep_tf_1_15s_class_tree():
    """LSTMBlockFusedCell subclasses LSTMBlockWrapper (a tf.layers.Layer), not FusedRNNCell, as in TF 1.15; the
    adaptors are FusedRNNCells; the abstract classes refuse to be made."""
    rnn = tf.contrib.rnn
    assert issubclass(rnn.LSTMBlockFusedCell, rnn.LSTMBlockWrapper)
    assert issubclass(rnn.LSTMBlockWrapper, tf.layers.Layer)
    assert not issubclass(rnn.LSTMBlockFusedCell, rnn.FusedRNNCell)
    assert issubclass(rnn.FusedRNNCellAdaptor, rnn.FusedRNNCell)
    assert issubclass(rnn.TimeReversedFusedRNN, rnn.FusedRNNCell)
    assert issubclass(rnn.BidirectionalGridLSTMCell, rnn.GridLSTMCell)
    assert issubclass(rnn.CompiledWrapper, tf.nn.rnn_cell.RNNCell)
    for abstract in (rnn.LSTMBlockWrapper, rnn.FusedRNNCell):
        try:
            abstract()
        except TypeError as error:
            assert "abstract" in str(error), error
        else:
            raise AssertionError("%s should be abstract" % abstract.__name__)


def test_the_implementation_paths_serve_the_same_objects():
    """`from tensorflow.contrib.rnn.python.ops import fused_rnn_cell` (and lstm_ops, rnn_cell) give the objects
    tf.contrib.rnn gives."""
    from scopecompat.contrib.rnn.python.ops import fused_rnn_cell, lstm_ops, rnn_cell

    assert fused_rnn_cell.FusedRNNCellAdaptor is tf.contrib.rnn.FusedRNNCellAdaptor
    assert fused_rnn_cell.TimeReversedFusedRNN is tf.contrib.rnn.TimeReversedFusedRNN
    assert lstm_ops.LSTMBlockWrapper is tf.contrib.rnn.LSTMBlockWrapper
    assert rnn_cell.TimeFreqLSTMCell is tf.contrib.rnn.TimeFreqLSTMCell
    assert rnn_cell.CompiledWrapper is tf.contrib.rnn.CompiledWrapper
