"""`scopecompat.inventory()`: every variable of a graph, how it was made and how often it was shared.

A row per variable: full name, shape, dtype, how it was created, trainable, the collections holding it,
and how many `tf.get_variable` calls returned it. The count covers calls through scopecompat's
`tf.get_variable`; variables that layers (tf.contrib.layers too), RNN cells and optimizers get through
TensorFlow's own get_variable show "-" there, because those calls never pass through scopecompat.

"How created" comes from the variable store (was it made by get_variable?) and from the Python frames
that created the variable's op (which library code made it: facts.created_by).
"""

import collections
import html
from typing import Optional, Sequence

from scopecompat._facade.bootstrap import tf_v1
from scopecompat._diagnostics import facts
from scopecompat._diagnostics.hooks import get_variable_calls

VariableInfo = collections.namedtuple(
    "VariableInfo", "name shape dtype created_by trainable collections get_variable_calls")


class Inventory(tuple):
    """The rows of inventory(): a tuple of VariableInfo that prints as a table (HTML in Jupyter)."""

    COLUMNS = ("name", "shape", "dtype", "created by", "trainable", "collections", "get_variable calls")

    def _cells(self):
        for row in self:
            yield (row.name, str(row.shape), row.dtype, row.created_by, "yes" if row.trainable else "no",
                   ", ".join(row.collections) or "-",
                   "-" if row.get_variable_calls is None else str(row.get_variable_calls))

    def __str__(self) -> str:
        rows = [self.COLUMNS] + list(self._cells())
        widths = [max(len(row[i]) for row in rows) for i in range(len(self.COLUMNS))]
        lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
        lines.insert(1, "  ".join("-" * width for width in widths))
        lines.append("%d variable%s" % (len(self), "" if len(self) == 1 else "s"))
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join("<th>%s</th>" % html.escape(column) for column in self.COLUMNS)
        body = "".join(
            "<tr>%s</tr>" % "".join("<td>%s</td>" % html.escape(cell) for cell in cells) for cells in self._cells())
        return ("<table class=\"scopecompat-inventory\"><thead><tr>%s</tr></thead><tbody>%s</tbody></table>"
                "<p>%d variable%s</p>" % (head, body, len(self), "" if len(self) == 1 else "s"))


def inventory(graph: Optional["tf_v1.Graph"] = None) -> Inventory:
    """Every variable of `graph` (default: the default graph), in creation order, as an Inventory.

    Columns: full name, shape, dtype, how it was created (get_variable, Variable, layer, rnn cell,
    optimizer, moving average), trainable, collections, and how many tf.get_variable calls through
    scopecompat returned it ("-": made by TF code whose get_variable calls scopecompat does not see).
    """
    graph = graph if graph is not None else tf_v1.get_default_graph()
    variables = facts.graph_variables(graph)
    order = {op.name: index for index, op in enumerate(graph.get_operations())}
    variables.sort(key=lambda variable: order.get(variable.op.name, len(order)))

    collections_of = collections.defaultdict(list)
    for key in sorted(graph.get_all_collection_keys(), key=str):
        for value in graph.get_collection(key):
            collections_of[id(value)].append(str(key))
    trainable = {id(value) for value in graph.get_collection(tf_v1.GraphKeys.TRAINABLE_VARIABLES)}

    with graph.as_default():
        stored, stored_partitioned = facts.stored_variables(facts.variable_store())
    from_get_variable = {id(value) for value in stored.values()}
    # A partitioned variable's count is on the PartitionedVariable get_variable returned; its parts share it.
    calls = {}
    for partitioned in stored_partitioned.values():
        count = get_variable_calls(partitioned)
        for part in partitioned if count is not None else ():
            calls[id(part)] = count

    rows = []
    for variable in variables:
        made_by_get_variable = id(variable) in from_get_variable
        kind = facts.created_by(variable, made_by_get_variable)
        count = get_variable_calls(variable)
        if count is None:
            count = calls.get(id(variable))
        if count is None and kind == facts.VARIABLE:
            count = 0  # tf.Variable: no get_variable call can return it
        rows.append(VariableInfo(
            name=variable.name,
            shape=tuple(variable.get_shape().as_list()) if variable.get_shape().rank is not None else None,
            dtype=variable.dtype.base_dtype.name,
            created_by=kind,
            trainable=id(variable) in trainable,
            collections=tuple(collections_of.get(id(variable), ())),
            get_variable_calls=count,
        ))
    return Inventory(rows)


# -- `scopecompat inventory SCRIPT [ARGS...]` ---------------------------------------------------------

def run_and_print(script: str, args: Sequence[str]) -> int:
    """Run `script` as `scopecompat run script args` does, then print the inventory of the graph(s) it built.

    The program runs through the launcher (scopecompat._launcher), so `import tensorflow as tf` programs
    get scopecompat as they do with `scopecompat run`. The graphs are the default graph and any tf.Graph
    the program's globals hold (directly, or as the `.graph` of a Session, tensor or variable), if they have
    variables. The inventory is printed also when the program fails or Ctrl-C stops it (it shows what was
    built up to then); the exit code is the program's (after Ctrl-C: death by SIGINT, as Python's).
    """
    import sys

    from scopecompat._launcher import errors, running

    ours = sys.modules.get("__main__")
    try:
        exit_code = running.run(script, args, command="scopecompat inventory")
    except SystemExit as stop:
        exit_code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if not isinstance(stop.code, (int, type(None))):
            print(stop.code, file=sys.stderr)
    program = sys.modules.get("__main__")
    if program is ours:  # the launcher refused the file before running anything; it said why
        return exit_code
    sys.stdout.flush()
    graphs = _graphs_of(program.__dict__)
    if not graphs:
        print("\nscopecompat inventory: %s built no variables (in the default graph or in a graph its globals "
              "hold)." % script)
    for label, graph in graphs:
        print("\nscopecompat inventory of %s:" % label)
        print(inventory(graph))
    return errors.exit_as(exit_code)  # after Ctrl-C: the inventory of what was built, then death by SIGINT


def _graphs_of(program_globals):
    """[(label, graph)] with variables: the default graph, then graphs the program's globals hold."""
    found, seen = [], set()

    def consider(label, graph):
        if isinstance(graph, tf_v1.Graph) and id(graph) not in seen:
            seen.add(id(graph))
            if facts.graph_variables(graph):
                found.append((label, graph))

    consider("the default graph", tf_v1.get_default_graph())
    for name, value in sorted(program_globals.items()):
        if name.startswith("__"):
            continue
        if isinstance(value, tf_v1.Graph):
            consider("the graph `%s`" % name, value)
        else:
            try:
                graph = getattr(value, "graph", None)
            except Exception:
                continue
            consider("the graph of `%s`" % name, graph)
    return found
