"""A graph's variable-scope store whose scope exit does not loop over every scope opened before.

TF keeps one `_VariableScopeStore` per graph (in the graph collection ("__varscope",)); it is a
threading.local, so each thread has its own current scope and its own counts: how often each variable
scope name was opened, from which `variable_scope(None, default_name="dense")` picks dense, dense_1, ...
When a `with variable_scope("a")` block ends, TF's `close_variable_subscopes("a")` sets the counts of
every scope below "a" to 0 by looping over EVERY scope opened so far in the graph: a graph built as N
scopes pays N^2 there (benchmarks/README.md; TF 1.x had the same loop).

IndexedScopeStore is TF's store plus an index: for each scope name, its children (by "/") that may have a
nonzero count at or below them. Closing "a" walks only that live subtree and unlinks it, so each link
made by an open is walked at most once. The counts themselves stay TF's dict, key for key, value for
value and in the same order as TF's own store would hold them (nothing else differs), so every variable
and op name is the same: tests/facade/test_scope_store.py builds random scope trees through raw
tf.compat.v1 and through scopecompat and compares every name, and the conformance matrix runs as before.

Entering a VariableScope object (`with tf.variable_scope(scope, reuse=True)`, as every tf.layers call
does) makes TF copy the counts, and leaving it puts the copy back. The copy is a _Counts that remembers
how far the log of unlinked names had got, so putting it back relinks only the names unlinked since.

Applied per graph, never process-wide: `indexed(store)` turns that one graph's TF store into an
IndexedScopeStore in place (its class; every thread's state stays, each thread builds its index from its
own counts on its first use). scopecompat's variable_scope does that when it is entered (hooks.py), so
TF's own scopes in that graph (layers, RNN cells, optimizer slots) use the index from then on; a graph
that only raw tf.compat.v1 touches keeps TF's store. Where TF's store is not the shape this module
knows (`INDEXES_SCOPES` is False), nothing changes: TF's store stays.
"""

import copy
import threading

try:
    from tensorflow.python.ops import variable_scope as _tf_variable_scope
except ImportError:  # a TF without this module: TF's store stays (INDEXES_SCOPES is False)
    _tf_variable_scope = None

_TFStore = getattr(_tf_variable_scope, "_VariableScopeStore", None)

# What the index relies on, feature-tested on the installed TF (2.12 to 2.21 are the same code):
# - the store's methods are these, and an instance holds only the current scope and the counts;
# - beyond them, only _pure_variable_scope touches the counts: it copies them on entering a VariableScope
#   object and puts the copy back on exit, and variable_scope keeps its _pure_variable_scope, whose
#   _var_scope_store is the graph's store (hooks.variable_scope reads it there, without a collection lookup).
_TF_STORE_METHODS = {"__init__", "open_variable_scope", "close_variable_subscopes", "variable_scope_count"}
_TF_STORE_STATE = {"current_scope", "variable_scopes_count"}


def _code_names(function):
    return set(getattr(getattr(function, "__code__", None), "co_names", ()))


def _tf_store_has_the_expected_shape():
    if not (isinstance(_TFStore, type) and _TFStore.__bases__ == (threading.local,)):
        return False
    if {name for name, value in vars(_TFStore).items() if callable(value)} != _TF_STORE_METHODS:
        return False
    if set(vars(_TFStore())) != _TF_STORE_STATE:
        return False
    pure = getattr(_tf_variable_scope, "_pure_variable_scope", None)
    scope = getattr(_tf_variable_scope, "variable_scope", None)
    return ({"copy", "variable_scopes_count"} <= _code_names(getattr(pure, "__enter__", None))
            and {"variable_scopes_count", "close_variable_subscopes"} <= _code_names(getattr(pure, "__exit__", None))
            and "_var_scope_store" in _code_names(getattr(pure, "__init__", None))
            and "_cached_pure_variable_scope" in _code_names(getattr(scope, "__enter__", None)))


# -- the index -----------------------------------------------------------------------------------------

class _Counts(dict):
    """The counts: TF's {scope name: times opened} dict, as a dict. Its copy (TF's snapshot on entering a
    VariableScope object) remembers where the index's log of unlinked names was, so that putting it back
    relinks only the names unlinked since."""

    __slots__ = ("index", "position")

    def __copy__(self):
        snapshot = _Counts(self)
        snapshot.index = self.index
        snapshot.position = self.index.position()
        return snapshot


class _Index:
    """One thread's counts in one graph, and the index over them.

    The tree is by "/": the parent of "a/b/c" is "a/b", of "a" the root (None). TF's "below a" is "starts
    with a/", which is exactly being a descendant in this tree ("a/" is a child of "a", "/x" of "").
    Invariant: every name with a nonzero count is linked, and so are its ancestors up to the root
    (`name in children[parent]`). A link whose subtree has gone to 0 may stay (a later walk drops it)."""

    # Above this many unlinked names (and twice the names known), the log is dropped; a snapshot older
    # than that rebuilds the index when put back (O(names), as TF's own copy is), which keeps memory bounded.
    LOG_LIMIT = 4096

    __slots__ = ("counts", "children", "unlinked", "dropped")

    def __init__(self, counts):
        self.counts = _Counts(counts)
        self.counts.index, self.counts.position = self, 0
        self.children = {}  # name (None: the root) -> {child names}
        self.unlinked = []  # names unlinked by closes, in order
        self.dropped = 0  # how many were dropped from the front of `unlinked`
        for name, count in self.counts.items():
            if count:
                self.link(name)

    def position(self):
        return self.dropped + len(self.unlinked)

    def link(self, name):
        children = self.children
        while True:
            parent, slash, _ = name.rpartition("/")
            if not slash:
                parent = None
            siblings = children.get(parent)
            if siblings is None:
                children[parent] = {name}
            elif name in siblings:
                return  # linked, and so (invariant) are its ancestors
            else:
                siblings.add(name)
            if parent is None:
                return
            name = parent

    def close_below(self, name):
        """TF's close_variable_subscopes(name): every count below `name` (all of them for None) to 0."""
        children = self.children
        stack = children.pop(name, None)
        if not stack:
            return
        counts, unlinked = self.counts, self.unlinked
        stack = list(stack)
        unlinked.extend(stack)
        while stack:
            below = stack.pop()
            if counts.get(below):  # TF sets 0 where the name is a key; a name that is only a prefix stays out
                counts[below] = 0
            grandchildren = children.pop(below, None)
            if grandchildren:
                stack.extend(grandchildren)
                unlinked.extend(grandchildren)
        if len(unlinked) > self.LOG_LIMIT and len(unlinked) > 2 * len(counts):
            self.dropped += len(unlinked)
            unlinked.clear()

    def put_back(self, counts):
        """TF's `store.variable_scopes_count = snapshot`: the index for `counts`, this one if it can be."""
        if (type(counts) is not _Counts or counts.index is not self
                or not self.dropped <= counts.position <= self.position()):
            return _Index(counts)  # not our snapshot, or an old one: built from its counts
        # Linked when the snapshot was taken, unlinked since: exactly the names in the log after it.
        for name in self.unlinked[counts.position - self.dropped:]:
            if counts.get(name):
                self.link(name)
        self.counts = counts
        return self


# -- the store -----------------------------------------------------------------------------------------

if _TFStore is not None:
    _StoreBase = _TFStore
else:  # never installed (INDEXES_SCOPES is False); defined so that the module reads the same everywhere
    _StoreBase = threading.local


class IndexedScopeStore(_StoreBase):
    """TF's _VariableScopeStore with an index from each scope to its live subscopes (module docstring).
    Each thread's state is TF's current_scope and an _Index (which holds the counts)."""

    # This thread's index; None where the store was TF's when this thread last used it (built on first use).
    _index = None

    def _this_threads_index(self):
        state = vars(self)  # a threading.local: this thread's attributes
        state["_index"] = _Index(state.pop("variable_scopes_count", {}))
        return state["_index"]

    # open and close are on every variable scope's path: operators rather than method calls where the
    # two are the same (the benchmark's cProfile column counts each call).
    def open_variable_scope(self, scope_name):
        index = self._index or self._this_threads_index()
        counts = index.counts
        if scope_name in counts:  # TF's `+= 1` or `= 1`: the same key order and values
            count = counts[scope_name]
            counts[scope_name] = count + 1
            if count:
                return  # nonzero: linked already
        else:
            counts[scope_name] = 1
        index.link(scope_name)

    def close_variable_subscopes(self, scope_name):
        index = self._index or self._this_threads_index()
        if scope_name in index.children:  # else nothing is open below it: nothing to do
            index.close_below(scope_name)

    def variable_scope_count(self, scope_name):
        return (self._index or self._this_threads_index()).counts.get(scope_name, 0)

    # TF's code reads and writes the counts as this attribute: _pure_variable_scope copies it and puts the
    # copy back, TF's __init__ sets it. Reading never builds the index: a thread that is inside one of
    # TF's own methods of this store while another thread converts it goes on with its plain dict.
    @property
    def variable_scopes_count(self):
        index = self._index
        return vars(self)["variable_scopes_count"] if index is None else index.counts

    @variable_scopes_count.setter
    def variable_scopes_count(self, counts):
        state = vars(self)
        index = state.get("_index")
        if index is None:  # TF's __init__ (a new thread), or this thread's first use since the conversion
            state.pop("variable_scopes_count", None)
            state["_index"] = _Index(counts)
        else:
            state["_index"] = index.put_back(counts)


# -- installing it -------------------------------------------------------------------------------------

def _same_counts_as_tf():
    """TF's store and ours, through one sequence of opens, closes, counts and a snapshot put back: the
    same counts, in the same order, at every step. (The tests compare whole graphs' names; this keeps a
    TF whose store changed meaning from getting the index at all.)"""
    theirs, ours = _TFStore(), IndexedScopeStore()
    steps = [("open", "a"), ("open", "a/b"), ("open", "a/b/c"), ("open", "a/bc"), ("open", "x/y"),
             ("open", "a/b"), ("snapshot", None), ("open", "a/b/d"), ("close", "a/b"), ("open", "a/"),
             ("close", "a"), ("restore", None), ("close", "a/b"), ("open", "a/b/c"), ("close", None),
             ("open", "a/b/c"), ("close", "x")]
    snapshots = {}
    for action, name in steps:
        for store in (theirs, ours):
            if action == "open":
                store.open_variable_scope(name)
            elif action == "close":
                store.close_variable_subscopes(name)
            elif action == "snapshot":
                snapshots[store] = copy.copy(store.variable_scopes_count)
            else:
                store.variable_scopes_count = snapshots[store]
        if list(theirs.variable_scopes_count.items()) != list(ours.variable_scopes_count.items()):
            return False
        if any(theirs.variable_scope_count(k) != ours.variable_scope_count(k) for k in ("a", "a/b", "a/b/c", "q")):
            return False
    return True


INDEXES_SCOPES = _tf_store_has_the_expected_shape() and _same_counts_as_tf()
"""True where TF's store is the shape this module knows: then scopecompat indexes each graph's store."""


def indexed(store):
    """Turn `store`, one graph's TF _VariableScopeStore, into an IndexedScopeStore in place; return it.
    Any other store (already indexed, someone's subclass, a TF this module does not know) stays as it is."""
    if INDEXES_SCOPES and type(store) is _TFStore:
        store.__class__ = IndexedScopeStore  # all threads' attributes stay; each builds its index on first use
    return store
