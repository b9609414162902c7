"""More of tf.contrib.rnn's cells (scopecompat/_contrib/rnn_cells_extra.py) against TF 1.15.5: the conformance
family cases/contrib_rnn_extra.json (names, shapes, the ops one step builds, seeded values, errors)."""

import pytest

import scopecompat as tf
from scopecompat import _conformance as conformance
from scopecompat._conformance import observe
from scopecompat._legacy import names as legacy_names

EXTRA_CASES = [case for case in observe.load_cases() if case["id"] in {
    "contrib-rnn-conv-lstm-cells", "contrib-rnn-conv-lstm-bad-input-shape", "contrib-rnn-nas-cell",
    "contrib-rnn-ugrnn-and-intersection-cells", "contrib-rnn-intersection-cell-needs-projection",
    "contrib-rnn-sru-and-indrnn-cells", "contrib-rnn-indy-cells", "contrib-rnn-phased-and-group-lstm-cells"}]


@pytest.mark.filterwarnings("ignore::scopecompat.LegacyNameWarning")
@pytest.mark.parametrize("case", EXTRA_CASES, ids=lambda case: case["id"])
def test_the_extra_cells_do_what_tf_1_15_did(case):
    golden = conformance.load_goldens()["1.15.5"]["cases"][case["id"]]
    ours = observe.observe(case, tf)
    assert ours["error"] == golden["error"], "the case's code: %s, TF 1.15.5: %s" % (ours["error"], golden["error"])
    assert ours["variables"] == golden["variables"], "variables differ from TF 1.15.5's"
    for expression, value in golden["observed"].items():
        assert ours["observed"][expression] == value, "%s gave %r, TF 1.15.5 %r" % (
            expression, ours["observed"][expression], value)
    for name, value in golden["values"].items():
        assert conformance._same_values(ours["values"][name], value), "%s differs from TF 1.15.5's" % name


def test_every_served_extra_cell_is_in_a_case():
    """Each contrib.rnn name served from rnn_cells_extra.py is exercised by the family (Conv3DLSTMCell and
    the generic ConvLSTMCell through the 1D/2D subclasses and the bad-input case)."""
    served = {row.old.split(".")[-1] for row in legacy_names.RENAMED
              if row.target.startswith("scopecompat._contrib.rnn_cells_extra:")}
    code = "\n".join("\n".join(case["code"]) for case in EXTRA_CASES)
    missing = {name for name in served if name not in code} - {"Conv3DLSTMCell"}
    assert not missing, "served but in no conformance case: %s" % sorted(missing)
