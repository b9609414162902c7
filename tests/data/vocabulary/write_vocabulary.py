"""Write a VocabularyProcessor file with real TF 1.x's own save, for tests/contrib/test_contrib_learn.py.

    TF_CPP_MIN_LOG_LEVEL=3 /work/oracles/tf-1.15.5/bin/python tests/data/vocabulary/write_vocabulary.py

It writes `tf-<version>/vocabulary` (TF's pickle, naming TF 1.x's modules) and `tf-<version>/values.json`:
what that processor's transform and reverse gave for DOCUMENTS, and its vocabulary, as TF computed them.

`--read FILE` instead restores FILE (e.g. one scopecompat's save wrote) with TF's own restore and prints the
same values as one JSON line: tests/contrib/test_contrib_learn.py runs that live with TF 1.15.5.
"""

import json
import os
import sys

import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
DOCUMENTS = ["I like pizza.", "The NASA guys like HTTPServer-style APIs", "pizza pizza PIZZA like", "new words"]


def computed(processor):
    ids = [row.tolist() for row in processor.transform(DOCUMENTS)]
    return {"documents": DOCUMENTS, "ids": ids, "reverse": list(processor.reverse(ids)),
            "vocabulary_size": len(processor.vocabulary_)}


def main():
    if sys.argv[1:2] == ["--read"]:
        processor = tf.contrib.learn.preprocessing.VocabularyProcessor.restore(sys.argv[2])
        print(json.dumps(dict(computed(processor), type=type(processor).__module__ + "." + type(processor).__name__)))
        return
    folder = os.path.join(HERE, "tf-" + tf.__version__)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    processor = tf.contrib.learn.preprocessing.VocabularyProcessor(5, min_frequency=0)
    processor.fit(DOCUMENTS[:3])
    processor.save(os.path.join(folder, "vocabulary"))
    values = computed(processor)
    with open(os.path.join(folder, "values.json"), "w") as f:
        f.write(json.dumps(values, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
