"""`%load_ext scopecompat`: TF1 graph building in Jupyter, where cells get run again.

TF1 code builds one default graph that lives as long as the kernel. Running a cell again that made a
variable with `tf.get_variable` (or `tf.layers`, an RNN cell, ...) raises TF's "Variable X already exists,
disallowed", with a long traceback into TensorFlow. The extension records which cell made which part of
the graph, and shows TF's variable-scope errors as TF's own first line plus one hint with the fix:

- After each cell it records the graph ops (variables included) that the cell created. A cell is "the
  same cell" as an earlier run when it has the same Jupyter cell id or the same source text.
- "Variable X already exists" and "Variable X does not exist" are shown as TF's first line (same type,
  same text) and one `scopecompat:` line naming who made X (an earlier run of this cell, another cell,
  this same run) and the fix. The exception itself is untouched: `%tb` shows the whole traceback, and
  with `%pdb on` IPython shows it as usual. Every other error is shown as IPython shows it.
- `%scopecompat_reset` starts a fresh default graph: it closes the open sessions on the old graph
  (an InteractiveSession included) and calls tf.reset_default_graph().
- `%scopecompat_autoreset on` (off by default) starts that fresh graph by itself before a cell runs
  again, but only when everything in the graph was made by earlier runs of that same cell, so nothing
  another cell made is ever dropped. Otherwise the cell runs as it is and TF decides.

Nothing else changes: what TF does, and how `tf.Variable` renames a re-run cell's variables (`w_1`), are
TF's own. This module imports IPython, so only `%load_ext scopecompat` loads it, never `import scopecompat`.
Which error it is, and what a variable is, come from the diagnosis scopecompat attached to the error or
from facts.py; what this module adds is the notebook's own facts: which cell run made what.
"""

import gc
import re
import sys
import weakref

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_magic, magics_class

from scopecompat._facade import bootstrap
from scopecompat._diagnostics import facts

# What TF says when a tensor of a graph that a reset replaced meets the new graph.
FROM_A_REPLACED_GRAPH = re.compile(r"must be from the same graph as|is not an element of this graph")

RESET = "%scopecompat_reset"
AUTORESET = "%scopecompat_autoreset"


class CellRun(object):
    """One run of a cell: its Jupyter cell id (None outside Jupyter), its source, its In [n] number."""

    def __init__(self, cell_id, source):
        self.cell_id = cell_id
        self.source = source.strip()
        self.execution_count = None  # known when the run ends

    def same_cell(self, other):
        return (self.cell_id is not None and self.cell_id == other.cell_id) or self.source == other.source

    def label(self):
        return "In [%d]" % self.execution_count if self.execution_count is not None else "an earlier run"


class GraphRecord(object):
    """For one graph: which run made each op (None: made before the extension was loaded)."""

    def __init__(self):
        self.owners = {}  # op name -> CellRun or None
        self.ops_seen = 0


class GraphWatcher(object):
    """Records who made each op of the default graph, and turns that into hints and fresh graphs."""

    def __init__(self):
        self.autoreset = False
        self.current_run = None
        self.records = weakref.WeakKeyDictionary()  # graph -> GraphRecord
        self.owners_before_reset = {}  # op name -> CellRun, for the graphs %scopecompat_reset replaced
        self.sync(owner=None)

    # -- bookkeeping ----------------------------------------------------------------------------------
    def sync(self, owner):
        """Attribute the default graph's ops created since the last sync to `owner`; return its record."""
        graph = bootstrap.tf_v1.get_default_graph()
        record = self.records.setdefault(graph, GraphRecord())
        operations = graph.get_operations()  # in creation order; a graph never loses ops
        for op in operations[record.ops_seen:]:
            record.owners[op.name] = owner
        record.ops_seen = len(operations)
        return record

    def graph_is_only(self, run):
        """True if the default graph has ops and every one was made by a run of `run`'s cell."""
        owners = self.sync(owner=None).owners.values()
        return bool(owners) and all(owner is not None and owner.same_cell(run) for owner in owners)

    # -- IPython events -------------------------------------------------------------------------------
    def pre_run_cell(self, info):
        self.sync(owner=None)
        run = CellRun(getattr(info, "cell_id", None), info.raw_cell)
        if self.autoreset and self.graph_is_only(run):
            closed = self.start_fresh_graph()
            print("scopecompat: fresh graph for this re-run (the old one held only this cell's work%s)."
                  % _closed_sessions_text(closed))
        self.current_run = run

    def post_run_cell(self, result):
        run, self.current_run = self.current_run, None
        if run is not None:
            run.execution_count = result.execution_count
            self.sync(owner=run)

    # -- fresh graph ----------------------------------------------------------------------------------
    def start_fresh_graph(self):
        """Close the open sessions on the default graph, then reset it; return how many were closed."""
        tf_v1 = bootstrap.tf_v1
        old_graph = tf_v1.get_default_graph()
        self.owners_before_reset.update(self.sync(owner=None).owners)
        # TF keeps no registry of sessions. An open InteractiveSession keeps its graph the default one.
        open_sessions = [
            obj for obj in gc.get_objects()
            if isinstance(obj, (tf_v1.Session, tf_v1.InteractiveSession))
            and obj.graph is old_graph and not getattr(obj, "_closed", False)
        ]
        for session in open_sessions:
            session.close()
        tf_v1.reset_default_graph()
        self.sync(owner=None)
        return len(open_sessions)

    # -- errors ---------------------------------------------------------------------------------------
    def hint(self, error, traceback):
        """The one-line hint for TF's `error`, or None for an error this extension leaves to IPython."""
        kind, name = _variable_error(error)
        if kind == facts.ALREADY_EXISTS:
            return self.already_exists_hint(name)
        if kind == facts.DOES_NOT_EXIST:
            return self.does_not_exist_hint(name, _tracebacks_of(error, traceback))
        if self.owners_before_reset and FROM_A_REPLACED_GRAPH.search(str(error)):
            return ("a Python name still holds a tensor or op of the graph from before %s: "
                    "re-run the cell that creates it." % RESET)
        return None

    def already_exists_hint(self, name):
        current = self.current_run
        owners = self.sync(owner=current).owners  # what this run made so far is its own
        share = "to share it, create it under reuse=True or reuse=tf.AUTO_REUSE"
        start_over = "to build it anew, run %s, then re-run the cells from the top" % RESET
        if name not in owners:  # e.g. made in a `with tf.Graph().as_default():` block, now closed
            return ("%s is in a graph that is no longer the default: %s; or give the second one another name."
                    % (name, share))
        owner = owners[name]
        if owner is None:
            return "%s was created before `%%load_ext scopecompat`: %s; %s." % (name, share, start_over)
        if owner is current:
            return ("%s was created earlier in this same run of the cell: %s; or give the second one "
                    "another name." % (name, share))
        if current is not None and owner.same_cell(current):
            if self.graph_is_only(current):
                return ("this cell created %s when it ran before (%s): run %s, then this cell again "
                        "(`%s on` does that for you)." % (name, owner.label(), RESET, AUTORESET))
            return ("this cell created %s when it ran before (%s), and the graph also holds other cells' "
                    "work: run %s, then re-run the cells from the top." % (name, owner.label(), RESET))
        return "%s was created by another cell (%s): %s; %s." % (name, owner.label(), share, start_over)

    def does_not_exist_hint(self, name, tracebacks):
        filenames = [frame.f_code.co_filename for traceback in tracebacks for frame in _frames(traceback)]
        if facts.runs_slot_creator(filenames):
            return ("%s is an optimizer slot: minimize() under a reusing variable_scope looks its slots up "
                    "instead of creating them; call minimize() outside that scope." % name)
        if facts.has_variable_op(bootstrap.tf_v1.get_default_graph(), name):
            return ("%s was made by tf.Variable, which tf.get_variable cannot see: to share it, make it with "
                    "tf.get_variable." % name)
        if self.owners_before_reset.get(name) is not None:
            return ("%s was made by %s, in the graph from before %s: run that cell again first."
                    % (name, self.owners_before_reset[name].label(), RESET))
        return ("reuse=True only fetches variables, and %s was never created in this graph: create it first "
                "(without reuse), or use reuse=tf.AUTO_REUSE to create it when it is missing." % name)


def show_short_error(shell, etype, value, traceback, hint):
    """Show TF's first line and the hint where the shell shows tracebacks; %tb and %debug still work."""
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, traceback  # as showtraceback() does
    if sys.version_info >= (3, 12):
        sys.last_exc = value
    first_line = str(value).split("\n", 1)[0]
    # "already exists" ends its first line with "Originally defined at:", and a traceback into the
    # shell's cell machinery after it; %tb shows that.
    first_line = first_line.split(" Originally defined at:", 1)[0]
    lines = ["%s: %s" % (etype.__name__, first_line), "scopecompat: " + hint]
    # _showtraceback is the method shells override to show a structured traceback (ipykernel sends it as
    # the cell's error output, with TF's first line as its value).
    shell._showtraceback(etype, first_line, lines)


@magics_class
class ScopecompatMagics(Magics):
    def __init__(self, shell, watcher):
        super(ScopecompatMagics, self).__init__(shell)
        self.watcher = watcher

    @line_magic("scopecompat_reset")
    def reset(self, line):
        """Start a fresh default graph: close the open sessions on the old one, then tf.reset_default_graph()."""
        try:
            closed = self.watcher.start_fresh_graph()
        except AssertionError as error:  # TF refuses while a `with graph.as_default():` is open
            raise UsageError("%s: %s" % (RESET, error))
        print("scopecompat: fresh graph%s." % _closed_sessions_text(closed))

    @line_magic("scopecompat_autoreset")
    def autoreset(self, line):
        """`on`: before a cell runs again, start a fresh graph if that cell's earlier runs alone built it."""
        choice = line.strip().lower()
        if choice not in ("on", "off", ""):
            raise UsageError("%s takes on or off, not %r." % (AUTORESET, line.strip()))
        if choice:
            self.watcher.autoreset = choice == "on"
        print("scopecompat: autoreset is %s." % ("on" if self.watcher.autoreset else "off"))


# shell -> (watcher, the custom exception handling before load, ours)
_LOADED = {}


def load(shell):
    if shell in _LOADED:
        return
    watcher = GraphWatcher()
    previous_types, previous_handler = shell.custom_exceptions, shell.CustomTB

    def handler(shell, etype, value, traceback, tb_offset=None):
        hint = None if shell.call_pdb else watcher.hint(value, traceback)
        if hint is not None:
            show_short_error(shell, etype, value, traceback, hint)
        elif previous_types and isinstance(value, previous_types):
            previous_handler(etype, value, traceback, tb_offset=tb_offset)
        else:
            shell.showtraceback((etype, value, traceback), tb_offset=tb_offset, running_compiled_code=True)

    shell.set_custom_exc(tuple(previous_types) + (ValueError,), handler)
    shell.events.register("pre_run_cell", watcher.pre_run_cell)
    shell.events.register("post_run_cell", watcher.post_run_cell)
    shell.register_magics(ScopecompatMagics(shell, watcher))
    _LOADED[shell] = (watcher, (previous_types, previous_handler), shell.CustomTB)


def unload(shell):
    if shell not in _LOADED:
        return
    watcher, previous, ours = _LOADED.pop(shell)
    if shell.CustomTB is ours:  # a handler installed after ours stays
        shell.custom_exceptions, shell.CustomTB = previous
    shell.events.unregister("pre_run_cell", watcher.pre_run_cell)
    shell.events.unregister("post_run_cell", watcher.post_run_cell)
    for name in ("scopecompat_reset", "scopecompat_autoreset"):
        shell.magics_manager.magics["line"].pop(name, None)


def _variable_error(error):
    """(kind, name as TF wrote it) of a TF "already exists" or "does not exist" error, else (None, None).

    The kind is the diagnosis scopecompat attached to the error, or facts.classify() for an error that
    reached no scopecompat hook (tf.layers.dense at the top level, say). A partitioned variable's error is
    left to IPython: the ops it would be looked up by are its parts', not its name's."""
    diagnosis = getattr(error, "scopecompat_diagnosis", None)
    kind, fields = (diagnosis.kind, diagnosis.fields) if diagnosis is not None else facts.classify(str(error))
    if kind not in (facts.ALREADY_EXISTS, facts.DOES_NOT_EXIST) or fields.get("partitioned"):
        return None, None
    return kind, fields["name"]


def _closed_sessions_text(count):
    return "; closed %d open session%s" % (count, "" if count == 1 else "s") if count else ""


def _tracebacks_of(error, traceback):
    """The error's traceback and those of the errors it was raised from: scopecompat's enriched errors
    (scopecompat._diagnostics.rules) are raised from TF's own, whose traceback runs into TF's internals."""
    tracebacks, seen = [traceback], {id(error)}
    cause = error.__cause__ or error.__context__
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        tracebacks.append(cause.__traceback__)
        cause = cause.__cause__ or cause.__context__
    return tracebacks


def _frames(traceback):
    while traceback is not None:
        yield traceback.tb_frame
        traceback = traceback.tb_next
