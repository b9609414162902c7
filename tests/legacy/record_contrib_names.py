"""Record the public names of every tf.contrib module of real TF 1.15.5 into
scopecompat/_legacy/contrib_names_tf_1_15.json, which the coverage table (names.contrib_coverage) reads.

    TF_CPP_MIN_LOG_LEVEL=3 /path/to/tf-1.15.5/bin/python tests/legacy/record_contrib_names.py

A module's names are what `dir(tf.contrib.<module>)` lists without underscores, as TF 1.15 imported it
(most contrib modules trim that list to their documented names with remove_undocumented).
"""

import json
import os
import types

import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "scopecompat", "_legacy", "contrib_names_tf_1_15.json")


def main():
    assert tf.__version__ == "1.15.5", "record with TF 1.15.5, not %s" % tf.__version__
    modules = {}
    for name in sorted(dir(tf.contrib)):
        module = getattr(tf.contrib, name)
        if not name.startswith("_") and isinstance(module, types.ModuleType):
            modules[name] = sorted(n for n in dir(module) if not n.startswith("_"))
    with open(OUT, "w") as f:
        f.write(json.dumps({"tf_version": tf.__version__, "modules": modules}, indent=0, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
