"""Meta graphs with HParams in their `hparams` collection, exported and imported by TF 1.15.5 and by
scopecompat, for tests/contrib/test_contrib_training.py.

    TF_CPP_MIN_LOG_LEVEL=3 /work/oracles/tf-1.15.5/bin/python tests/data/hparams/record_hparams.py
        writes tf-1.15.5/hparams.meta (TF 1.15's export_meta_graph) and tf-1.15.5/values.json: the values TF
        1.15 reads back from that file, and the HParamDef bytes (hex) of each hyperparameter alone.
    .venv/bin/python tests/data/hparams/record_hparams.py --tf1-python /work/oracles/tf-1.15.5/bin/python
        (scopecompat's python) writes through-scopecompat/hparams.meta through scopecompat and
        through-scopecompat/read-by-tf-1.15.5.json: what TF 1.15.5's import_meta_graph reads from it.
    PYTHON record_hparams.py --read FILE
        prints, as one JSON line, the values of the `hparams` collection after import_meta_graph(FILE).
"""

import binascii
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# Every kind a HParamDef holds, and a hyperparameter called `name` (TF 2.x's export read it as a node name).
HPARAMS = dict(learning_rate=0.1, num_layers=2, activation="relu", use_bias=True, sizes=[1, 2, 3],
               names=["a", "b"], rates=[0.5, 0.25], flags=[True, False], name="model")


def export(tf, path):
    """A graph with one variable and the HParams in its `hparams` collection, exported to `path`."""
    with tf.Graph().as_default():
        tf.get_variable("w", [2], initializer=tf.zeros_initializer())
        tf.add_to_collection("hparams", tf.contrib.training.HParams(**HPARAMS))
        tf.train.export_meta_graph(path)


def read(tf, path):
    # The `hparams` collection's proto functions are registered when contrib.training loads (TF 1.15: when
    # tf.contrib loads); before that, import_meta_graph leaves the HParamDef bytes in the collection.
    tf.contrib.training.HParams
    with tf.Graph().as_default():
        tf.train.import_meta_graph(path)
        return [hparams.values() for hparams in tf.get_collection("hparams")]


def write_json(path, value):
    with open(path, "w") as f:
        f.write(json.dumps(value, indent=1, sort_keys=True) + "\n")


def main(argv):
    if argv[:1] == ["--read"]:
        import tensorflow as tf
        print(json.dumps(read(tf, argv[1]), sort_keys=True))
    elif argv[:1] == ["--tf1-python"]:
        import scopecompat as tf
        folder = os.path.join(HERE, "through-scopecompat")
        if not os.path.isdir(folder):
            os.makedirs(folder)
        export(tf, os.path.join(folder, "hparams.meta"))
        environ = {k: v for k, v in os.environ.items() if k != "TF2_BEHAVIOR"}  # TF 1.15 would run eagerly
        output = subprocess.check_output([argv[1], __file__, "--read", os.path.join(folder, "hparams.meta")],
                                         env=dict(environ, TF_CPP_MIN_LOG_LEVEL="3"), universal_newlines=True)
        write_json(os.path.join(folder, "read-by-tf-1.15.5.json"), json.loads(output.strip().splitlines()[-1]))
    else:
        import tensorflow as tf
        folder = os.path.join(HERE, "tf-" + tf.__version__)
        if not os.path.isdir(folder):
            os.makedirs(folder)
        export(tf, os.path.join(folder, "hparams.meta"))
        single = {name: binascii.hexlify(tf.contrib.training.HParams(**{name: value}).to_proto()
                                         .SerializeToString()).decode("ascii")
                  for name, value in HPARAMS.items()}
        write_json(os.path.join(folder, "values.json"),
                   {"hparams": HPARAMS, "read_back": read(tf, os.path.join(folder, "hparams.meta")),
                    "single_hparam_proto_hex": single})


if __name__ == "__main__":
    main(sys.argv[1:])
