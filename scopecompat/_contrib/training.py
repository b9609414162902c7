"""tf.contrib.training: HParams rebuilt; the training and evaluation loops served from the tf-slim package.

`HParams` and `parse_values` are pure Python in TF 1.15 (contrib/training/python/training/hparam.py) and no
maintained package carries them, so they are rebuilt here with TF 1.15's behaviour as the spec: the types a
hyperparameter takes from its first value, the `name=value,list=[a,b],arr[1]=c` syntax of `parse`, and TF
1.15's error types and texts for a malformed string or a type mismatch (scripts and their tests match on
them). to_proto/from_proto write and read TF 1.15's HParamDef message (hparam_proto.py), and loading this
module registers the `hparams` collection's proto functions as loading tf.contrib did in TF 1.15, so that
export_meta_graph/import_meta_graph carry HParams both ways with TF 1.15 (tests/data/hparams/). The
conformance family cases/contrib_training.json holds TF 1.15.5's outputs and errors.

create_train_op, train, the gradient helpers and the evaluation loop (evaluate_once, checkpoints_iterator,
...) are TF 1.15's contrib/training code, which tf-slim carries unchanged (tf_slim.training): they are
tf-slim's objects.

bucket and bucket_by_sequence_length are TF 1.15's queue-based bucketing (bucket_ops.py) rebuilt on what
tf.compat.v1 still has (PaddingFIFOQueue, QueueRunner) and the helpers tf.compat.v1.train.batch itself uses
(tensorflow.python.training.input): the same queue and op names, the same batches.

Imported on first use of one of these names, never at `import scopecompat`.
"""

import json
import numbers
import re

import numpy as np

from scopecompat._contrib import tf_slim
from scopecompat._contrib.hparam_proto import HParamDef

# One `name=value` clause of HParams.parse: a name (dots allowed), an optional [index], then a scalar (up to
# the next comma) or a bracketed list, then the end or a comma. TF 1.15's grammar, clause by clause.
_CLAUSE = re.compile(
    r"(?P<name>[a-zA-Z][\w.]*)"
    r"(\[\s*(?P<index>\d+)\s*\])?"
    r"\s*=\s*"
    r"((?P<val>[^,\[]*)|\[(?P<vals>[^\]]*)\])"
    r"($|,\s*)")

_TRUE, _FALSE = ("true", "True"), ("false", "False")


def _cannot_parse(name, value_type, text, values):
    raise ValueError("Could not parse hparam '%s' of type '%s' with value '%s' in %s"
                     % (name, value_type.__name__, text, values))


def _assigned_twice(name, values):
    raise ValueError("Multiple assignments to variable '%s' in %s" % (name, values))


def _reader(name, value_type, values):
    """The function that reads one value of `value_type` from its text in `values`."""
    if value_type is not bool:
        return value_type

    def read_bool(text):
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        try:
            return bool(int(text))  # "1", "0" as TF 1.15 read them
        except ValueError:
            _cannot_parse(name, value_type, text, values)

    return read_bool


def parse_values(values, type_map, ignore_unknown=False):
    """TF 1.15's parse_values: the string "x=5,L=[1,2],arr[1]=3" -> {'x': 5, 'L': [1, 2], 'arr': {1: 3}},
    each value read as the type `type_map` gives its name."""
    parsed = {}
    position = 0
    while position < len(values):
        clause = _CLAUSE.match(values, position)
        if not clause:
            raise ValueError("Malformed hyperparameter value: %s" % values[position:])
        position = clause.end()
        name, index, scalar, listed = clause.group("name", "index", "val", "vals")
        if name not in type_map:
            if ignore_unknown:
                continue
            raise ValueError("Unknown hyperparameter type for %s" % name)
        value_type = type_map[name]
        read = _reader(name, value_type, values)
        if scalar is not None:
            _assign_scalar(parsed, name, index, read, value_type, scalar, values)
        elif listed is not None:
            if index is not None:
                raise ValueError("Assignment of a list to a list index.")
            if name in parsed:
                _assigned_twice(name, values)
            try:
                parsed[name] = [read(item) for item in re.split("[ ,]", listed) if item]
            except ValueError:
                _cannot_parse(name, value_type, listed, values)
        else:  # "x=[1" : neither a scalar nor a closed list
            _cannot_parse(name, value_type, "", values)
    return parsed


def _assign_scalar(parsed, name, index, read, value_type, text, values):
    try:
        value = read(text)
    except ValueError:
        _cannot_parse(name, value_type, text, values)
    if not index:
        if name in parsed:
            _assigned_twice(name, values)
        parsed[name] = value
        return
    # "arr[1]=3": an element of a list, kept as {index: value} for set_hparam's caller to merge.
    if name in parsed and not isinstance(parsed[name], dict):
        _assigned_twice(name, values)
    elements = parsed.setdefault(name, {})
    if int(index) in elements:
        _assigned_twice("{}[{}]".format(name, int(index)), values)
    elements[int(index)] = value


def _cast(name, param_type, value):
    """`value` as a `param_type` hyperparameter, where TF 1.15 allowed the conversion (an int for a float
    parameter, not a float for an int one, nothing to or from bool or str); else TF 1.15's ValueError."""
    if type(value) is param_type or issubclass(param_type, type(None)):
        return value
    refused = ValueError("Could not cast hparam '%s' of type '%s' from value %r" % (name, param_type, value))
    texts = (str, bytes)
    if issubclass(param_type, texts) and not isinstance(value, texts):
        raise refused
    if issubclass(param_type, bool) != isinstance(value, bool):
        raise refused
    if issubclass(param_type, numbers.Integral) and not isinstance(value, numbers.Integral):
        raise refused
    if issubclass(param_type, numbers.Number) and not isinstance(value, numbers.Number):
        raise refused
    return param_type(value)


def _as_bytes(text):
    return text if isinstance(text, bytes) else text.encode("utf-8")


# How TF 1.15 read each kind of HParamDef value (the kind's name up to its first "_").
_PROTO_READERS = {"int64": int, "bytes": lambda data: data.decode("utf-8"), "float": float, "bool": bool}


def _proto_kind(param_type, is_list):
    """The HParamType field a hyperparameter goes in, as TF 1.15's HParams._get_kind_name chose it (bool
    before int, since bool is an int)."""
    for typename, python_types in (("bool", bool), ("int64", int), ("bytes", (str, bytes)),
                                   ("float", float)):
        if issubclass(param_type, python_types):
            return typename + ("_list" if is_list else "_value")
    raise ValueError("Unsupported parameter type: %s" % str(param_type))


class HParams(object):
    """TF 1.15's tf.contrib.training.HParams: hyperparameters as attributes, each with the type of the value
    it was added with (a list parameter: the type of its first element)."""

    _HAS_DYNAMIC_ATTRIBUTES = True  # for pytype, as TF 1.15's

    def __init__(self, hparam_def=None, model_structure=None, **kwargs):
        self._hparam_types = {}
        self._model_structure = model_structure
        if hparam_def:
            self._init_from_proto(hparam_def)
            if kwargs:
                raise ValueError("hparam_def and initialization values are mutually exclusive")
        else:
            for name, value in kwargs.items():
                self.add_hparam(name, value)

    def _init_from_proto(self, hparam_def):
        """The hyperparameters of a HParamDef (TF 1.15's message, scopecompat/_contrib/hparam_proto.py): int64
        as int, bytes as str (UTF-8), as TF 1.15 read them."""
        if not isinstance(hparam_def, HParamDef):  # TF 1.15 asserted it (AssertionError, without a text)
            raise AssertionError(
                "HParams(hparam_def=...) takes a HParamDef protocol buffer (TF 1.15's "
                "tensorflow.contrib.training HParamDef, as HParams.to_proto() returns), not %s"
                % type(hparam_def).__name__)
        for name, value in hparam_def.hparam.items():
            kind = value.WhichOneof("kind")
            read = _PROTO_READERS[kind.split("_")[0]]
            if kind.endswith("_value"):
                self.add_hparam(name, read(getattr(value, kind)))
            else:
                self.add_hparam(name, [read(item) for item in getattr(value, kind).value])

    def add_hparam(self, name, value):
        if getattr(self, name, None) is not None:  # a method's name, or a parameter already set
            raise ValueError("Hyperparameter name is reserved: %s" % name)
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError("Multi-valued hyperparameters cannot be empty: %s" % name)
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name, value):
        param_type, is_list = self._hparam_types[name]  # KeyError for an unknown name, as TF 1.15
        if isinstance(value, list):
            if not is_list:
                raise ValueError("Must not pass a list for single-valued parameter: %s" % name)
            setattr(self, name, [_cast(name, param_type, item) for item in value])
        else:
            if is_list:
                raise ValueError("Must pass a list for multi-valued parameter: %s." % name)
            setattr(self, name, _cast(name, param_type, value))

    def del_hparam(self, name):
        if hasattr(self, name):
            delattr(self, name)
            del self._hparam_types[name]

    def parse(self, values):
        type_map = {name: param_type for name, (param_type, _) in self._hparam_types.items()}
        return self.override_from_dict(parse_values(values, type_map))

    def override_from_dict(self, values_dict):
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_from_map(self, values_map):
        """Deprecated in TF 1.15: override_from_dict."""
        return self.override_from_dict(values_map)

    def set_model_structure(self, model_structure):
        self._model_structure = model_structure

    def get_model_structure(self):
        return self._model_structure

    def to_json(self, indent=None, separators=None, sort_keys=False):
        return json.dumps(self.values(), indent=indent, separators=separators, sort_keys=sort_keys)

    def parse_json(self, values_json):
        return self.override_from_dict(json.loads(values_json))

    def values(self):
        return {name: getattr(self, name) for name in self._hparam_types}

    def get(self, key, default=None):
        if key not in self._hparam_types:
            return default
        if default is not None:  # the default must fit the parameter's type, as TF 1.15 checked
            param_type, is_list = self._hparam_types[key]
            type_text = "list<%s>" % param_type if is_list else str(param_type)
            refused = "Hparam '%s' of type '%s' is incompatible with default=%s" % (key, type_text, default)
            if is_list != isinstance(default, list):
                raise ValueError(refused)
            try:
                for item in default if is_list else [default]:
                    _cast(key, param_type, item)
            except ValueError as error:
                raise ValueError("%s. %s" % (refused, error))
        return getattr(self, key)

    def to_proto(self, export_scope=None):  # noqa: ARG002 (the proto-function signature TF calls)
        """These hyperparameters as TF 1.15's HParamDef protocol buffer (the same bytes TF 1.15 wrote)."""
        hparam_proto = HParamDef()
        for name, (param_type, is_list) in self._hparam_types.items():
            kind = _proto_kind(param_type, is_list)
            value = getattr(self, name)
            if kind.startswith("bytes"):
                value = [_as_bytes(item) for item in value] if is_list else _as_bytes(value)
            if is_list:
                getattr(hparam_proto.hparam[name], kind).value.extend(value)
            else:
                setattr(hparam_proto.hparam[name], kind, value)
        return hparam_proto

    @staticmethod
    def from_proto(hparam_def, import_scope=None):  # noqa: ARG004 (the proto-function signature TF calls)
        return HParams(hparam_def=hparam_def)

    def __contains__(self, key):
        return key in self._hparam_types

    def __str__(self):
        return ",".join("{}={}".format(name, value) for name, value in self.values().items())

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, sorted(self.values().items()))


def _register_hparams_collection():
    """The `hparams` collection's proto functions, registered as TF 1.15 registered them when tf.contrib
    loaded: export_meta_graph writes HParams in that collection as HParamDef bytes, import_meta_graph reads
    them back as HParams (without them TF 2.x drops the collection, or, with a hyperparameter called `name`,
    writes its value as a node name that no import can find)."""
    from tensorflow.python.framework import ops

    if ops.get_from_proto_function("hparams") is None:
        ops.register_proto_function("hparams", proto_type=HParamDef, to_proto=HParams.to_proto,
                                    from_proto=HParams.from_proto)


_register_hparams_collection()


def _input_helpers():
    """tf.compat.v1.train.batch's own helpers (TF 2.12-2.21 keep them): what bucket shares with train.batch
    (sparse tensors through queues, keep_input checks, which queue pads)."""
    from tensorflow.python.training import input as input_helpers
    return input_helpers


def bucket(tensors, which_bucket, batch_size, num_buckets, num_threads=1, capacity=32, bucket_capacities=None,
           shapes=None, dynamic_pad=False, allow_smaller_final_batch=False, keep_input=True, shared_name=None,
           name=None):
    """TF 1.15's contrib.training.bucket: each input goes to bucket queue `which_bucket`; a queue runner moves
    full batches (of that bucket's batch_size) from the bucket queues to a top queue; returns (bucket index,
    batch) dequeued from it. Needs tf.train.start_queue_runners, as in TF 1.15."""
    from tensorflow.python.framework.indexed_slices import convert_n_to_tensor_or_indexed_slices
    from tensorflow.python.framework.smart_cond import smart_cond
    from scopecompat._facade.bootstrap import tf_v1 as tf
    helpers = _input_helpers()
    per_bucket_batch_size = isinstance(batch_size, (list, tuple))
    if per_bucket_batch_size:
        if len(batch_size) != num_buckets:
            raise ValueError("If batch_size is a list it must have num_buckets elements")
        batch_size = list(batch_size)
    else:
        batch_size = [batch_size] * num_buckets
    if bucket_capacities is None:
        bucket_capacities = [capacity] * num_buckets
    if len(bucket_capacities) != num_buckets:
        raise ValueError("The list bucket_capacities (%s) must have exactly num_buckets (%d) elements."
                         % (str(bucket_capacities), num_buckets))
    tensor_list = helpers._as_tensor_list(tensors)
    with tf.name_scope(name, "bucket", tensor_list) as name:
        tensor_list = convert_n_to_tensor_or_indexed_slices(tensor_list)
        if not tensor_list:
            raise ValueError("Expected at least one tensor in bucket().")
        keep_input = helpers._validate_keep_input(keep_input, enqueue_many=False)
        tensor_list, sparse_info = helpers._store_sparse_tensors(tensor_list, enqueue_many=False,
                                                                 keep_input=keep_input)
        static_batch_size = None
        for i, size in enumerate(batch_size):
            # One "batch_size" constant per bucket, as TF 1.15 made them (their names are in the graph).
            size = tf.convert_to_tensor(size, dtype=tf.int32, name="batch_size")
            static_batch_size = tf.get_static_value(size)
            batch_size[i] = static_batch_size if static_batch_size is not None else size
        types = helpers._dtypes([tensor_list])
        shapes = helpers._shapes([tensor_list], shapes, enqueue_many=False)
        which_bucket = tf.convert_to_tensor(which_bucket, dtype=tf.int32, name="which_bucket")
        make_queue = helpers._which_queue(dynamic_pad)
        bucket_queues = [
            make_queue(capacity=bucket_capacities[i], dtypes=types, shapes=shapes,
                       shared_name=None if shared_name is None else "%s_%d" % (shared_name, i),
                       name="bucket_queue_%d" % i)
            for i in range(num_buckets)]
        # The top queue's batch dimension is static only where every batch has the one static size (TF 1.15
        # took the last bucket's).
        batch_dim = None if (allow_smaller_final_batch or per_bucket_batch_size) else static_batch_size
        top_queue = tf.PaddingFIFOQueue(
            capacity=capacity, dtypes=[tf.int32] + types,
            shapes=[tf.TensorShape([])] + [tf.TensorShape([batch_dim]).concatenate(s)
                                           for s in bucket_queues[0].shapes],
            shared_name=shared_name, name="top_queue")

        def enqueue_which():
            def enqueue_into(i):
                return lambda: bucket_queues[i].enqueue(tensor_list)
            return tf.group(*[tf.cond(tf.equal(which_bucket, i), enqueue_into(i), tf.no_op)
                              for i in range(num_buckets)], name="group_enqueues")

        maybe_enqueue = smart_cond(keep_input, enqueue_which, tf.no_op)

        def as_list(dequeued):
            return dequeued if isinstance(dequeued, (list, tuple)) else [dequeued]

        enqueues_to_top = [
            top_queue.enqueue(
                [tf.constant(i)] + as_list(
                    (queue.dequeue_up_to if allow_smaller_final_batch else queue.dequeue_many)(
                        size, name="read_bucket_%d" % i)),
                name="enqueue_from_bucket_%d" % i)
            for i, (queue, size) in enumerate(zip(bucket_queues, batch_size))]
        closed = (tf.errors.OutOfRangeError, tf.errors.CancelledError)
        tf.train.add_queue_runner(tf.train.QueueRunner(
            bucket_queues[0], enqueues_to_top, close_op=top_queue.close(),
            cancel_op=top_queue.close(cancel_pending_enqueues=True), queue_closed_exception_types=closed))
        tf.train.add_queue_runner(tf.train.QueueRunner(
            top_queue, [maybe_enqueue] * num_threads,
            close_op=tf.group(*[queue.close() for queue in bucket_queues]),
            cancel_op=tf.group(*[queue.close(cancel_pending_enqueues=True) for queue in bucket_queues]),
            queue_closed_exception_types=closed))
        # TF 1.15's summaries, names and values (each bucket's "size" reads the top queue's size, as there).
        for queue in bucket_queues:
            tf.summary.scalar("bucket/%s/size" % queue.name, tf.cast(top_queue.size(), tf.float32))
        tf.summary.scalar("bucket/%s/fraction_of_%d_full" % (top_queue.name, capacity),
                          tf.cast(top_queue.size(), tf.float32) * (1. / capacity))
        dequeued = top_queue.dequeue(name="dequeue_top")
        which_bucket_dequeued, dequeued = dequeued[0], dequeued[1:]
        if len(dequeued) == 1:
            dequeued = dequeued[0]
        dequeued = helpers._restore_sparse_tensors(dequeued, sparse_info)
        return which_bucket_dequeued, helpers._as_original_type(tensors, dequeued)


def bucket_by_sequence_length(input_length, tensors, batch_size, bucket_boundaries, num_threads=1, capacity=32,
                              bucket_capacities=None, shapes=None, dynamic_pad=False,
                              allow_smaller_final_batch=False, keep_input=True, shared_name=None, name=None):
    """TF 1.15's contrib.training.bucket_by_sequence_length: bucket() with the bucket chosen by input_length
    against bucket_boundaries (bucket i holds boundaries[i-1] <= length < boundaries[i]); returns
    (lengths batch, batch)."""
    from scopecompat._facade.bootstrap import tf_v1 as tf
    tensor_list = _input_helpers()._as_tensor_list(tensors)
    if not isinstance(bucket_boundaries, (list, tuple)):
        raise TypeError("bucket_boundaries must be a list or tuple, but received: %s" % bucket_boundaries)
    if not bucket_boundaries:
        raise ValueError("bucket_boundaries must not be empty")
    for low, high in zip(bucket_boundaries[:-1], bucket_boundaries[1:]):
        if not isinstance(low, int) or not isinstance(high, int):
            raise TypeError("bucket boundaries must be integers, but saw: %s and %s" % (low, high))
        if low >= high:
            raise ValueError("Buckets must contain sequential increasing lengths, but saw: %d before %d"
                             % (low, high))
    with tf.name_scope(name, "bucket_by_sequence_length", [input_length] + tensor_list) as name:
        input_length = tf.convert_to_tensor(input_length, dtype=tf.int32, name="input_length")
        int32 = np.iinfo(np.int32)
        in_bucket = tf.logical_and(tf.less_equal([int32.min] + list(bucket_boundaries), input_length),
                                   tf.less(input_length, list(bucket_boundaries) + [int32.max]))
        which_bucket = tf.cast(tf.reduce_min(tf.where_v2(in_bucket)), tf.int32)
        if shapes is not None:
            shapes = [tf.TensorShape([])] + shapes
        _, dequeued = bucket(
            tensors=[input_length] + tensor_list, which_bucket=which_bucket, batch_size=batch_size,
            num_buckets=len(bucket_boundaries) + 1, num_threads=num_threads, capacity=capacity,
            bucket_capacities=bucket_capacities, shapes=shapes, dynamic_pad=dynamic_pad,
            allow_smaller_final_batch=allow_smaller_final_batch, keep_input=keep_input, shared_name=shared_name)
        return dequeued[0], _input_helpers()._as_original_type(tensors, dequeued[1:])


# The rest: TF 1.15's contrib/training/python/training/training.py and evaluation.py, as tf-slim carries them.
__getattr__ = tf_slim.served_from_tf_slim(__name__, ("tf_slim.training.training", "tf_slim.training.evaluation"))
