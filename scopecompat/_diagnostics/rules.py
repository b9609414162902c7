"""The diagnoses: for each kind of TF variable error, the facts and fixes to append to TF's message.

`teach(error, frame, scope)` is what the hooks call with the ValueError they caught: facts.classify says
which error it is (from TF's first line), the row of RULES for that kind says which function studies it,
and the Diagnosis renders TF's message unchanged, then "scopecompat: what happened" and "What to do".
Where to add a diagnosis: its kind and TF's message in facts.TF_ERRORS, then one row in RULES and its
study function here.
"""

import collections
import difflib
import re

from scopecompat._facade.bootstrap import tf_v1
from scopecompat._diagnostics import facts

_VALID_NAME_CHARACTER = re.compile(r"[A-Za-z0-9_.\\/>-]")
_VALID_FIRST_CHARACTER = re.compile(r"[A-Za-z0-9.]")


class Diagnosis(object):
    """Facts and fixes for one variable-sharing error; renders the taught message."""

    def __init__(self, message, kind, fields):
        self.message, self.kind = message, kind
        self.name = (fields.get("name") or "").rstrip("/")
        self.fields = fields
        self.facts, self.fixes = [], []
        # (scope name, reuse, Site, opened), innermost first: Site is the `with` line that opened the scope
        # if opened, else the call it was in force at (an error caught inside the block is taught there).
        self.scopes = []
        self.call = None
        self.existing = None
        self.existing_site = None

    # Scopes are added by each scopecompat wrapper the error passes through, innermost first: the call's
    # current scope by get_variable and the RNN builders, then each block's by variable_scope.__exit__,
    # which knows where the block was opened.
    def add_scope(self, scope, frame, opened=False):
        if scope is None:
            return
        entry = (scope.name, scope.reuse, facts.call_site(frame), opened)
        for index, (name, _, _, was_opened) in enumerate(self.scopes):
            if name == scope.name:
                if opened and not was_opened:
                    self.scopes[index] = entry
                return
        self.scopes.append(entry)

    def study(self, frame):
        """Gather the facts and fixes (once, where the error is first caught)."""
        self.call = facts.call_site(frame)
        self.existing = facts.stored(self.name) if self.name else None
        self.existing_site = facts.creation_site(self.existing) if self.existing is not None else None
        RULES[self.kind].study(self)

    def render(self):
        lines = [self.message.rstrip("\n"), "", "scopecompat: what happened"]
        lines += ["  - " + fact for fact in self.facts]
        if self.scopes or "/" in self.name:
            lines.append("  - " + self._scopes_text())
        if self.fixes:
            lines.append("What to do")
            lines += ["  - " + fix for fix in self.fixes]
        return "\n".join(lines)

    def _scopes_text(self):
        """The variable scopes around the failing call, innermost first, with their reuse setting."""
        parts = []
        known = {name for name, _, _, _ in self.scopes}
        innermost = self.scopes[0][0] if self.scopes else None
        inner = []
        if RULES[self.kind].names_a_variable:
            prefix = self.name.rsplit("/", 1)[0] if "/" in self.name else ""
            while prefix and prefix not in known and (not innermost or prefix.startswith(innermost + "/")):
                inner.append(prefix)
                prefix = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        if inner:
            parts.append(", ".join("'%s'" % name for name in inner)
                         + ": opened by TensorFlow's own code (a layer, RNN cell or optimizer)")
        for name, reuse, where, opened in self.scopes:
            if not name or where is None:  # the root scope is opened nowhere
                site = ""
            elif opened:
                site = " (opened at %s:%d)" % (where.filename, where.lineno)
            else:
                site = " (in force at the call, %s:%d)" % (where.filename, where.lineno)
            parts.append("'%s'%s: %s%s" % (name, " (the root scope)" if not name else "", _reuse_text(reuse), site))
        return ("Variable scopes around the call, innermost first (reuse is inherited by inner scopes):\n      "
                + "\n      ".join(parts))


def _describe(variable):
    try:
        return "'%s' (shape %s, %s)" % (variable.name, variable.get_shape(), variable.dtype.base_dtype.name)
    except Exception:
        return "'%s'" % (getattr(variable, "name", "?"),)


def _reuse_text(reuse):
    if reuse is True or reuse is False or reuse is None:
        return "reuse=%s" % reuse
    return "reuse=tf.AUTO_REUSE"


# -- the study of each kind: facts and fixes appended to the diagnosis -------------------------------

def _existing_fact(diagnosis):
    if diagnosis.existing is None:
        return
    where = ("at %s" % diagnosis.existing_site) if diagnosis.existing_site else "by library code (no frame of yours)"
    diagnosis.facts.append("The existing variable %s was created %s." % (_describe(diagnosis.existing), where))


def _already_exists(diagnosis):
    _existing_fact(diagnosis)
    same_line = diagnosis.existing_site is not None and diagnosis.existing_site == diagnosis.call
    if same_line:
        diagnosis.facts.append("This call is that same line, run a second time in the same graph.")
    elif diagnosis.call is not None:
        diagnosis.facts.append("This call is at %s." % diagnosis.call)
    rerun = facts.in_notebook() and (same_line or facts.is_notebook_cell(diagnosis.existing_site))
    fresh_graph = ("Running a notebook cell again builds on the graph of its earlier run: start the cell "
                   "with tf.reset_default_graph() (or build in `with tf.Graph().as_default():`) to begin "
                   "from a fresh graph.")
    if rerun:
        diagnosis.fixes.append(fresh_graph)
    diagnosis.fixes.append(_share_fix(diagnosis))
    diagnosis.fixes.append("To make a second, separate variable instead, give it another name or build it in "
                           "another variable scope.")
    if facts.in_notebook() and not rerun:
        diagnosis.fixes.append(fresh_graph)


def _share_fix(diagnosis):
    """How to turn reuse on in the scope of the user's call (the innermost scope scopecompat saw)."""
    scope = diagnosis.scopes[0][0] if diagnosis.scopes else ""
    if not scope:
        return ("To share the variable, turn reuse on around the second use: `with "
                "tf.variable_scope(tf.get_variable_scope(), reuse=True):`, or reuse=tf.AUTO_REUSE to create "
                "it on the first call and share it afterwards.")
    return ("To share the variable, turn reuse on in variable scope '%s' for the second use: call "
            "`scope.reuse_variables()` in it before the second use, or re-enter it with `with "
            "tf.variable_scope(scope, reuse=True):` (scope: what `with tf.variable_scope('%s') as scope` "
            "gave), or open it with reuse=tf.AUTO_REUSE to create on the first call and share afterwards."
            % (scope, scope.rsplit("/", 1)[-1]))


def _does_not_exist(diagnosis):
    name = diagnosis.name
    near = difflib.get_close_matches(name, facts.get_variable_names(), n=3, cutoff=0.6)
    made_by_variable = [v for v in facts.graph_variables() if v.op.name == name]
    if near:
        diagnosis.facts.append("Near names in the variable store: %s." % ", ".join("'%s'" % n for n in near))
    for variable in made_by_variable:
        where = facts.creation_site(variable)
        diagnosis.facts.append(
            "A variable named '%s' exists, but it was made by tf.Variable%s: tf.get_variable only returns "
            "variables that tf.get_variable created." % (name, (" at %s" % where) if where else ""))
        diagnosis.fixes.append("Create '%s' with tf.get_variable(...) instead of tf.Variable(...) so that it "
                               "can be shared." % name)
    made_next_to = facts.made_next_to(name)
    if made_next_to is not None:
        what = ("a moving average (tf.train.ExponentialMovingAverage.apply() creates it)"
                if made_next_to == facts.MOVING_AVERAGE else
                "an optimizer slot (the optimizer's minimize() creates it next to each variable it trains)")
        diagnosis.facts.append("'%s' is %s, and that ran inside a variable scope with reuse=True, where "
                               "tf.get_variable cannot create anything." % (name + "/", what))
        diagnosis.fixes.append("Call minimize() (or apply()) outside the `with tf.variable_scope(..., "
                               "reuse=True)` block, e.g. after it, or open that scope with reuse=tf.AUTO_REUSE.")
    elif facts.is_batch_norm_variable(name):
        diagnosis.facts.append("'%s' belongs to a batch normalization, which creates gamma, beta, moving_mean "
                               "and moving_variance the first time it runs; here that first run is inside a "
                               "variable scope with reuse=True, where nothing can be created." % name)
        diagnosis.fixes.append("Build the network once without reuse (the first call, which creates the batch "
                               "norm variables), or open the reusing scope with reuse=tf.AUTO_REUSE.")
    else:
        diagnosis.facts.append("Reuse is on here, so tf.get_variable only returns variables that exist and "
                               "never creates one.")
        diagnosis.fixes.append("To create it here, use reuse=tf.AUTO_REUSE (creates what is missing, shares what "
                               "exists), or create it first in a scope without reuse=True.")


def _mismatch(diagnosis):
    what = "shape" if diagnosis.kind == facts.SHAPE_MISMATCH else "dtype"
    asked, found = diagnosis.fields.get("asked"), diagnosis.fields.get("found")
    if diagnosis.kind == facts.DTYPE_MISMATCH and found.endswith("_ref"):  # a ref variable's dtype: float32_ref
        found = found[:-len("_ref")]
    _existing_fact(diagnosis)
    diagnosis.facts.append("This call%s asks for %s %s; the existing variable has %s %s." % (
        (" (at %s)" % diagnosis.call) if diagnosis.call else "", what, asked, what, found))
    diagnosis.fixes.append("A shared variable keeps the %s it was created with: ask for %s %s, or use another "
                           "name or scope for a different variable." % (what, what, found))


def _no_shape(diagnosis):
    diagnosis.facts.append("'%s' does not exist yet, so tf.get_variable creates it, and to create a variable it "
                           "needs its shape." % diagnosis.name)
    diagnosis.fixes.append("Pass shape=[...], or an initializer that is a value (a tensor or numpy array, whose "
                           "shape is used; then leave shape out).")
    near = difflib.get_close_matches(diagnosis.name, facts.get_variable_names(), n=3, cutoff=0.6)
    if near:
        diagnosis.fixes.append("If you meant an existing variable, near names are %s; get it with reuse=True."
                               % ", ".join("'%s'" % n for n in near))


def _shape_with_value(diagnosis):
    diagnosis.fixes.append("The initializer is a value, which brings its own shape: leave shape out, or pass "
                           "tf.constant_initializer(value) to keep shape=.")


def _invalid_name(diagnosis):
    name, problems = diagnosis.name, []
    bad = sorted({c for c in name if not _VALID_NAME_CHARACTER.match(c)})
    if bad:
        problems.append("contains %s" % ", ".join(repr(c) for c in bad))
    if name and not _VALID_FIRST_CHARACTER.match(name[0]) and name[0] not in bad:
        problems.append("starts with %r" % name[0])
    diagnosis.facts.append("Variable and scope names may contain letters, digits and _ . - / and must start "
                           "with a letter, digit or '.'%s." % (
                               ("; %r %s" % (name, " and ".join(problems))) if problems else ""))


def _invalid_reuse(diagnosis):
    diagnosis.fixes.append("reuse takes True (share existing variables), tf.AUTO_REUSE (create what is missing, "
                           "share what exists), or None or False (inherit the enclosing scope's setting).")


# -- the rules: one row per kind of facts.TF_ERRORS ---------------------------------------------------

# names_a_variable: TF's message names a variable, so the scopes in its name that no scopecompat wrapper
# saw were opened by TF's own code (a layer, RNN cell or optimizer) and are listed as such.
Rule = collections.namedtuple("Rule", "kind study names_a_variable")

RULES = {rule.kind: rule for rule in (
    Rule(facts.ALREADY_EXISTS, _already_exists, names_a_variable=True),
    Rule(facts.DOES_NOT_EXIST, _does_not_exist, names_a_variable=True),
    Rule(facts.SHAPE_MISMATCH, _mismatch, names_a_variable=True),
    Rule(facts.DTYPE_MISMATCH, _mismatch, names_a_variable=True),
    Rule(facts.NO_SHAPE, _no_shape, names_a_variable=True),
    Rule(facts.SHAPE_WITH_VALUE, _shape_with_value, names_a_variable=False),
    Rule(facts.INVALID_NAME, _invalid_name, names_a_variable=False),
    Rule(facts.INVALID_REUSE, _invalid_reuse, names_a_variable=False),
)}


def teach(error, frame, scope=None, opened=False):
    """The taught version of TF's `error` (a new ValueError), or None to re-raise `error` as it is.

    An error already taught by an inner scopecompat call gains this level's variable scope and goes on
    as it is (None). Anything else than a variable-sharing error is left alone (None). `opened`: `frame`
    is at the `with` line that opened `scope` (variable_scope.__exit__), not at a call in it.
    """
    if type(error) is not ValueError:
        return None
    try:
        if scope is None:
            scope = tf_v1.get_variable_scope()
        diagnosis = getattr(error, "scopecompat_diagnosis", None)
        if diagnosis is not None:
            diagnosis.add_scope(scope, frame, opened)
            error.args = (diagnosis.render(),)
            return None
        message = str(error)
        kind, fields = facts.classify(message)
        if kind is None:
            return None
        diagnosis = Diagnosis(message, kind, fields)
        diagnosis.study(frame)
        diagnosis.add_scope(scope, frame, opened)
        taught = ValueError(diagnosis.render())
        taught.scopecompat_diagnosis = diagnosis
        return taught
    except Exception:  # a hint that cannot be computed must never hide TF's error
        return None
