"""tf.contrib.learn: the parts TF1 scripts use without its Estimators, rebuilt with TF 1.15 as the spec.

- `ModeKeys` (contrib/learn/python/learn/estimators/model_fn.py): the mode strings 'train', 'eval', 'infer'
  (tf.estimator.ModeKeys says 'predict' where contrib said 'infer').
- `preprocessing` (contrib/learn/python/learn/preprocessing/text.py, categorical_vocabulary.py): the
  VocabularyProcessor of the classic text-CNN script, with TF 1.15's tokenizer regex and word ids, a `save`
  that writes TF 1.15's own pickle (naming TF 1.15's modules, so TF 1.15's `restore` reads it), and a
  `restore` that reads the files TF 1.15's `save` wrote.
- `datasets.mnist` is TF1's MNIST reader, the module tensorflow.examples.tutorials.mnist.input_data also
  served: the legacy table points it at scopecompat/_legacy/mnist.py (offline, from the four .gz files).

- `RunConfig` and `TaskType`: learn_run_config.py (they load tf.estimator, which these names must not).

The Estimators, Experiment and learn_runner stay unprovided (the legacy table says what to use): TF 2.16
removed tf.estimator, on which TF 1.15's contrib.learn was built. The conformance family
cases/contrib_learn.json holds TF 1.15.5's outputs.

Imported on first use of one of these names, never at `import scopecompat`.
"""

import collections
import io
import itertools
import pickle
import re
import types

import numpy as np


class ModeKeys(object):
    """TF 1.15's tf.contrib.learn.ModeKeys."""

    TRAIN = "train"
    EVAL = "eval"
    INFER = "infer"

    @classmethod
    def validate(cls, key):
        if key not in (cls.TRAIN, cls.EVAL, cls.INFER):
            raise ValueError("Invalid mode %s." % key)


# TF 1.15's tokenizer: runs of capitals (an acronym), a capitalized word before another capital, or a run of
# word characters, apostrophes and hyphens.
TOKENIZER_RE = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z][a-z]+(?=[A-Z])|[\'\w\-]+", re.UNICODE)


def tokenizer(iterator):
    """Each string of `iterator` as its list of tokens (TOKENIZER_RE)."""
    for value in iterator:
        yield TOKENIZER_RE.findall(value)


class CategoricalVocabulary(object):
    """TF 1.15's word -> id table: id 0 is the unknown token; ids in order of first sight until `trim`
    renumbers them by falling frequency."""

    def __init__(self, unknown_token="<UNK>", support_reverse=True):
        self._unknown_token = unknown_token
        self._mapping = {unknown_token: 0}
        self._support_reverse = support_reverse
        if support_reverse:
            self._reverse_mapping = [unknown_token]
        self._freq = collections.defaultdict(int)
        self._freeze = False

    def __len__(self):
        return len(self._mapping)

    def freeze(self, freeze=True):
        self._freeze = freeze

    def get(self, category):
        """The id of `category`; a new one gets the next id unless the vocabulary is frozen (then 0)."""
        if category not in self._mapping:
            if self._freeze:
                return 0
            self._mapping[category] = len(self._mapping)
            if self._support_reverse:
                self._reverse_mapping.append(category)
        return self._mapping[category]

    def add(self, category, count=1):
        if self.get(category) > 0:
            self._freq[category] += count

    def trim(self, min_frequency, max_frequency=-1):
        """Keep the categories seen more than `min_frequency` times (and fewer than `max_frequency`, if
        given), renumbered 1..n by falling frequency, ties in TF 1.15's order (strings after the rest,
        each group sorted)."""
        by_frequency = sorted(sorted(self._freq.items(), key=lambda item: (isinstance(item[0], str), item[0])),
                              key=lambda item: item[1], reverse=True)
        self._mapping = {self._unknown_token: 0}
        if self._support_reverse:
            self._reverse_mapping = [self._unknown_token]
        next_id = 1
        for category, count in by_frequency:
            if max_frequency > 0 and count >= max_frequency:
                continue
            if count <= min_frequency:
                break
            self._mapping[category] = next_id
            next_id += 1
            if self._support_reverse:
                self._reverse_mapping.append(category)
        self._freq = dict(by_frequency[:next_id - 1])  # as TF 1.15: the first n of the sorted list

    def reverse(self, class_id):
        if not self._support_reverse:
            raise ValueError("This vocabulary wasn't initialized with support_reverse to support reverse() function.")
        return self._reverse_mapping[class_id]


class ByteProcessor(object):
    """TF 1.15's ByteProcessor: each document as its UTF-8 bytes, cut or zero-padded to max_document_length."""

    def __init__(self, max_document_length):
        self.max_document_length = max_document_length

    def fit(self, x):
        pass

    def fit_transform(self, x):
        return self.transform(x)

    def reverse(self, x):
        for data in x:
            document = np.trim_zeros(data.astype(np.int8), trim="b").tobytes()
            try:
                yield document.decode("utf-8")
            except UnicodeDecodeError:
                yield ""

    def transform(self, x):
        for document in x:
            if isinstance(document, str):
                document = document.encode("utf-8")
            ids = np.frombuffer(memoryview(document)[:self.max_document_length], dtype=np.uint8)
            yield np.pad(ids, (0, self.max_document_length - len(ids)), "constant")


class VocabularyProcessor(object):
    """TF 1.15's VocabularyProcessor: documents -> rows of max_document_length word ids (0: unknown or
    padding)."""

    def __init__(self, max_document_length, min_frequency=0, vocabulary=None, tokenizer_fn=None):
        self.max_document_length = max_document_length
        self.min_frequency = min_frequency
        self.vocabulary_ = vocabulary if vocabulary else CategoricalVocabulary()
        self._tokenizer = tokenizer_fn if tokenizer_fn else tokenizer

    def fit(self, raw_documents, unused_y=None):
        for tokens in self._tokenizer(raw_documents):
            for token in tokens:
                self.vocabulary_.add(token)
        if self.min_frequency > 0:
            self.vocabulary_.trim(self.min_frequency)
        self.vocabulary_.freeze()
        return self

    def fit_transform(self, raw_documents, unused_y=None):
        self.fit(raw_documents)
        return self.transform(raw_documents)

    def transform(self, raw_documents):
        for tokens in self._tokenizer(raw_documents):
            word_ids = np.zeros(self.max_document_length, np.int64)
            for position, token in enumerate(itertools.islice(tokens, self.max_document_length)):
                word_ids[position] = self.vocabulary_.get(token)
            yield word_ids

    def reverse(self, documents):
        for item in documents:
            yield " ".join(self.vocabulary_.reverse(class_id) for class_id in item)

    def save(self, filename):
        """Pickle this processor as TF 1.15's save did (protocol 3), naming TF 1.15's classes and tokenizer
        (_TF1_PATHS), so that TF 1.15's VocabularyProcessor.restore reads the file."""
        from scopecompat._facade.bootstrap import tf_v1 as tf

        data = io.BytesIO()
        _TF1Pickler(data, protocol=3).dump(self)
        with tf.gfile.Open(filename, "wb") as f:
            f.write(data.getvalue())

    @classmethod
    def restore(cls, filename):
        """The processor saved in `filename`, by scopecompat or by TF 1.x's own VocabularyProcessor.save."""
        from scopecompat._facade.bootstrap import tf_v1 as tf

        with tf.gfile.Open(filename, "rb") as f:
            return _Unpickler(io.BytesIO(f.read())).load()


# TF 1.x's save pickled its own classes (and its tokenizer) by their module paths, which TF 2.x lacks: ours
# are pickled under those paths and read back from them.
_TF1_TEXT = "tensorflow.contrib.learn.python.learn.preprocessing.text"
_TF1_PATHS = {
    VocabularyProcessor: (_TF1_TEXT, "VocabularyProcessor"),
    ByteProcessor: (_TF1_TEXT, "ByteProcessor"),
    tokenizer: (_TF1_TEXT, "tokenizer"),
    CategoricalVocabulary: ("tensorflow.contrib.learn.python.learn.preprocessing.categorical_vocabulary",
                            "CategoricalVocabulary"),
}
_OURS_BY_TF1_PATH = {path: ours for ours, path in _TF1_PATHS.items()}


class _TF1Pickler(pickle._Pickler):
    """A pickler that writes our classes as references to TF 1.15's modules. The pure-Python pickler,
    because only its save_global can name a module that is not importable here (the C pickler imports the
    module to check the name); protocol 3 writes the reference as one GLOBAL opcode, as TF 1.15 did."""

    def save_global(self, obj, name=None):
        try:
            module, qualname = _TF1_PATHS[obj]
        except (KeyError, TypeError):  # TypeError: an unhashable object
            return super().save_global(obj, name)
        self.write(pickle.GLOBAL + module.encode("utf-8") + b"\n" + qualname.encode("utf-8") + b"\n")
        self.memoize(obj)

    # The pure-Python pickler's table sends functions straight to its own save_global: route them to ours.
    dispatch = dict(pickle._Pickler.dispatch)
    dispatch[types.FunctionType] = save_global


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        ours = _OURS_BY_TF1_PATH.get((module, name))
        if ours is not None:
            return ours
        return super().find_class(module, name)
