"""Old checkpoints load: `tf.train.Saver.restore` that knows the RNN names of TF 0.12 and TF 1.0/1.1.

TensorFlow renamed the variables of its RNN cells twice:
- TF 0.12 -> 1.0: `RNN/BasicLSTMCell/Linear/Matrix` -> `rnn/basic_lstm_cell/weights` (cells, their
  scopes and `Linear/Matrix`, `Linear/Bias` became snake_case, `weights`, `biases`);
- TF 1.0/1.1 -> 1.2: `.../basic_lstm_cell/weights` -> `.../basic_lstm_cell/kernel`, `biases` -> `bias`
  (TF 1.2 shipped tensorflow/contrib/rnn/python/tools/checkpoint_convert.py, whose rename list is the
  reference for this step).
A graph built today has the 1.2 names, so `saver.restore()` of an old checkpoint fails with "Key ... not
found in checkpoint". When it does, scopecompat's Saver reads the checkpoint's names; if the ones the
graph needs are there under their old spellings, it restores through a second Saver whose names are the
old ones (as TF itself does for object-based checkpoints). A checkpoint that lacks variables under every
spelling gets an error naming all of them, and nothing is restored. A checkpoint that has every name
costs nothing extra: TF's own restore runs as it is.

The TF 0.12 -> 1.0 rules below are the names real TF 0.12.1 and 1.0.0 give the same graph
(tests/data/checkpoints/write_checkpoints.py writes a checkpoint with each and prints them).
"""

import difflib
import re

from scopecompat._facade.bootstrap import tf_v1

# -- TF 0.12 -> TF 1.0 --------------------------------------------------------------------------------

# The cells' own scopes.
_CELLS_0_12 = {
    "BasicLSTMCell": "basic_lstm_cell",
    "LSTMCell": "lstm_cell",
    "GRUCell": "gru_cell",
    "BasicRNNCell": "basic_rnn_cell",
    "MultiRNNCell": "multi_rnn_cell",
}
# TF 0.12's LSTMCell made its variables itself (with num_unit_shards=1 and num_proj_shards=1).
_LSTM_CELL_VARIABLES_0_12 = {
    "W_0": "weights",
    "B": "biases",
    "W_F_diag": "w_f_diag",
    "W_I_diag": "w_i_diag",
    "W_O_diag": "w_o_diag",
    "W_P_0": "projection/weights",
}
_MULTI_RNN_CELL_0_12 = re.compile(r"Cell(\d+)$")


def _from_0_12(key):
    """A TF 0.12 RNN name as TF 1.0 spells it; other names as they are."""
    parts = key.split("/")
    if not any(part in _CELLS_0_12 for part in parts):
        return key
    renamed = []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else None
        previous = renamed[-1] if renamed else None
        multi_cell = _MULTI_RNN_CELL_0_12.match(part)
        if part == "RNN":  # the scope of tf.nn.rnn / dynamic_rnn
            renamed.append("rnn")
        elif part == "BiRNN" and following in ("FW", "BW"):  # bidirectional_dynamic_rnn
            renamed += ["bidirectional_rnn", following.lower()]
            index += 1
        elif part in _CELLS_0_12:
            renamed.append(_CELLS_0_12[part])
        elif multi_cell and previous == "multi_rnn_cell":
            renamed.append("cell_" + multi_cell.group(1))
        elif part in ("Gates", "Candidate") and previous == "gru_cell":
            renamed.append(part.lower())
        elif part == "Linear" and following in ("Matrix", "Bias"):  # the old `linear()` helper's scope
            renamed.append("weights" if following == "Matrix" else "biases")
            index += 1
        elif part in _LSTM_CELL_VARIABLES_0_12 and previous == "lstm_cell":
            renamed += _LSTM_CELL_VARIABLES_0_12[part].split("/")
        else:
            renamed.append(part)
        index += 1
    return "/".join(renamed)


# -- TF 1.0/1.1 -> TF 1.2 (checkpoint_convert.py's list, for the cells tf.nn.rnn_cell has) ------------

_CELLS_1_0 = ("basic_rnn_cell", "gru_cell", "gru_cell/gates", "gru_cell/candidate", "basic_lstm_cell",
              "lstm_cell", "lstm_cell/projection")
_RENAMES_1_0 = [
    (re.compile(r"(?<![^/])(%s)/%s(?![^/])" % (re.escape(cell), old)), r"\1/" + new)
    for cell in _CELLS_1_0
    for old, new in (("weights", "kernel"), ("biases", "bias"))
]


def _from_1_0(key):
    for pattern, replacement in _RENAMES_1_0:
        key, count = pattern.subn(replacement, key)
        if count:
            break
    return key


def modern_name(key):
    """A checkpoint name as a graph built today names the same variable (`key` itself if unchanged)."""
    return _from_1_0(_from_0_12(key))


# -- the Saver ----------------------------------------------------------------------------------------

_TfSaver = tf_v1.train.Saver

# TF's own first line when a restore fails on a missing name (saver.py, _wrap_restore_error_with_msg).
_TF_MISSING_KEY_MESSAGE = (
    "Restoring from checkpoint failed. This is most likely due to a Variable name or other graph key that "
    "is missing from the checkpoint. Please ensure that you have not altered the graph expected based on "
    "the checkpoint."
)


def checkpoint_names(save_path):
    """{name: shape} of the checkpoint at `save_path`, or None if it cannot be read (TF then says why)."""
    try:
        return tf_v1.train.NewCheckpointReader(save_path).get_variable_to_shape_map()
    except Exception:
        return None


class Saver(_TfSaver):
    __doc__ = _TfSaver.__doc__

    def restore(self, sess, save_path):
        if self._restore_is_one_step():
            # Success path: TF's restore as it is. Its one RestoreV2 op fails before any variable is
            # assigned, so a missing name leaves everything as it was, and then the checkpoint is studied.
            try:
                return _TfSaver.restore(self, sess, save_path)
            except tf_v1.errors.NotFoundError as error:
                saver = self._saver_for(sess, save_path, error)
                if saver is self:
                    raise
                return _TfSaver.restore(saver, sess, save_path)
        # Sharded or sequential restores run several restore ops, which could restore part of the graph
        # before one fails: the checkpoint's names are checked first.
        return _TfSaver.restore(self._saver_for(sess, save_path), sess, save_path)

    restore.__doc__ = _TfSaver.restore.__doc__

    def _restore_is_one_step(self):
        return not getattr(self, "_sharded", True) and not getattr(self, "_restore_sequentially", True)

    def _saver_for(self, sess, save_path, cause=None):
        """This Saver, or one that reads the old names of this checkpoint; raises if names are missing."""
        if self.saver_def is None or save_path is None:
            return self
        graph = sess.graph if sess is not None else tf_v1.get_default_graph()
        wanted = self._restored_names(graph)
        in_checkpoint = checkpoint_names(save_path) if wanted else None
        if not in_checkpoint:
            return self
        missing = [name for name in wanted if name not in in_checkpoint]
        if not missing:
            return self
        old_names = {}
        for name in in_checkpoint:
            modern = modern_name(name)
            if modern != name:
                old_names.setdefault(modern, name)
        renames = {name: old_names[name] for name in missing if name in old_names}
        unresolved = [name for name in missing if name not in renames]
        if unresolved:
            raise tf_v1.errors.NotFoundError(None, None, _missing_message(
                save_path, unresolved, len(wanted), in_checkpoint)) from cause
        return self._renamed_saver(graph, renames)

    def _restored_names(self, graph):
        """The checkpoint names this Saver's restore op reads (from its RestoreV2 ops), cached."""
        cache_key = self.saver_def.restore_op_name
        cached = getattr(self, "_scopecompat_restored_names", None)
        if cached is not None and cached[0] == cache_key:
            return cached[1]
        try:
            names = _restore_op_names(graph.get_operation_by_name(self.saver_def.restore_op_name))
        except (KeyError, ValueError, TypeError):
            names = []
        self._scopecompat_restored_names = (cache_key, names)
        return names

    def _renamed_saver(self, graph, renames):
        """A Saver of the same objects under the checkpoint's old names (built once per rename set)."""
        cache = self.__dict__.setdefault("_scopecompat_renamed_savers", {})
        key = frozenset(renames.items())
        if key not in cache:
            from tensorflow.python.training.saving import saveable_object_util

            by_name = saveable_object_util.op_list_to_dict(self._var_list)
            unknown = [name for name in renames if name not in by_name]
            if unknown:  # a name of a saveable that is not a variable: it has no old spelling to map
                raise tf_v1.errors.NotFoundError(None, None, (
                    "%s\n\nscopecompat found old spellings of %s in the checkpoint, but they are not variables "
                    "this Saver can restore under another name. Nothing was restored."
                    % (_TF_MISSING_KEY_MESSAGE, ", ".join(sorted(unknown)))))
            var_list = {renames.get(name, name): value for name, value in by_name.items()}
            with graph.as_default():
                try:
                    cache[key] = _TfSaver(var_list=var_list, sharded=getattr(self, "_sharded", False),
                                          reshape=getattr(self, "_reshape", False))
                except RuntimeError as error:  # a finalized graph cannot take the new Saver's ops
                    raise RuntimeError(
                        "%s\nscopecompat restores this checkpoint's old RNN names (%s, ...) through a second "
                        "Saver, which adds restore ops to the graph: call saver.restore() before the graph is "
                        "finalized (e.g. before tf.train.MonitoredSession), or restore the checkpoint once "
                        "and save it again with today's names." % (error, sorted(renames.values())[0])
                    ) from error
        return cache[key]


def _restore_op_names(restore_op):
    """Names read by the Restore ops that `restore_op` (e.g. "save/restore_all") runs, in graph order."""
    prefix = restore_op.name.rsplit("/", 1)[0] + "/" if "/" in restore_op.name else ""
    seen, pending, names = {restore_op.name}, [restore_op], []
    while pending:
        op = pending.pop()
        if op.type in ("RestoreV2", "Restore", "RestoreSlice"):
            value = tf_v1.make_ndarray(op.inputs[1].op.get_attr("value"))
            names.extend(name.decode("utf-8") if isinstance(name, bytes) else str(name) for name in value.flat)
            continue
        for dependency in list(op.control_inputs) + [tensor.op for tensor in op.inputs]:
            if dependency.name.startswith(prefix) and dependency.name not in seen:
                seen.add(dependency.name)
                pending.append(dependency)
    return sorted(set(names))


def _spellings_in_checkpoint(name, in_checkpoint):
    """Checkpoint names that may be `name` under another scope (its last part, nearest scope first): for a
    missing `top/b`, `old_top/b`, never its neighbour `top/w`, which differs from it by one letter only."""
    leaf = name.rsplit("/", 1)[-1]
    same_leaf = [other for other in in_checkpoint if other.rsplit("/", 1)[-1] == leaf]
    return difflib.get_close_matches(name, same_leaf, n=2, cutoff=0.6)


def _missing_message(save_path, missing, wanted_count, in_checkpoint):
    lines = [
        _TF_MISSING_KEY_MESSAGE,
        "",
        "scopecompat checked the checkpoint %s before restoring: %d of the %d names this Saver restores are "
        "not in it, under today's names or TF 0.12/1.0 RNN names. Nothing was restored." % (
            save_path, len(missing), wanted_count),
        "Missing:",
    ]
    for name in missing:
        near = _spellings_in_checkpoint(name, in_checkpoint)
        lines.append("  - %s%s" % (name, ("   (the checkpoint has %s)" % ", ".join(near)) if near else ""))
    lines.append(
        "tf.train.list_variables(%r) lists what the checkpoint has. To restore only part of a graph, give the "
        "Saver a var_list (a list of variables, or a dict {name in the checkpoint: variable})." % (save_path,))
    return "\n".join(lines)
