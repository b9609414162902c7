"""tf.contrib.training: HParams rebuilt; the training and evaluation loops served from the tf-slim package.

`HParams` and `parse_values` are pure Python in TF 1.15 (contrib/training/python/training/hparam.py) and no
maintained package carries them, so they are rebuilt here with TF 1.15's behaviour as the spec: the types a
hyperparameter takes from its first value, the `name=value,list=[a,b],arr[1]=c` syntax of `parse`, and TF
1.15's error types and texts for a malformed string or a type mismatch (scripts and their tests match on
them). The conformance family cases/contrib_training.json holds TF 1.15.5's outputs and errors.

create_train_op, train, the gradient helpers and the evaluation loop (evaluate_once, checkpoints_iterator,
...) are TF 1.15's contrib/training code, which tf-slim carries unchanged (tf_slim.training): they are
tf-slim's objects.

Imported on first use of one of these names, never at `import scopecompat`.
"""

import json
import numbers
import re

from scopecompat._contrib import tf_slim

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


class HParams(object):
    """TF 1.15's tf.contrib.training.HParams: hyperparameters as attributes, each with the type of the value
    it was added with (a list parameter: the type of its first element)."""

    _HAS_DYNAMIC_ATTRIBUTES = True  # for pytype, as TF 1.15's

    def __init__(self, hparam_def=None, model_structure=None, **kwargs):
        if hparam_def is not None:
            # TF 1.15 read a HParamDef protocol buffer here; TF 2.x ships no HParamDef message.
            raise ValueError(
                "HParams(hparam_def=...) is not supported by scopecompat: TensorFlow 2.x has no HParamDef "
                "protocol buffer. Build the HParams from its values instead: HParams(**values), or "
                "HParams().parse_json(text) after adding the parameters.")
        self._hparam_types = {}
        self._model_structure = model_structure
        for name, value in kwargs.items():
            self.add_hparam(name, value)

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

    def __contains__(self, key):
        return key in self._hparam_types

    def __str__(self):
        return ",".join("{}={}".format(name, value) for name, value in self.values().items())

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, sorted(self.values().items()))


# The rest: TF 1.15's contrib/training/python/training/training.py and evaluation.py, as tf-slim carries them.
__getattr__ = tf_slim.served_from_tf_slim(__name__, ("tf_slim.training.training", "tf_slim.training.evaluation"))
