"""tf.contrib.layers: TF 1.x's own functions, served from the tf-slim package (contrib.layers, extracted).

Every tf.contrib.layers name scopecompat provides (initializers, regularizers, fully_connected, conv2d,
flatten, dropout, batch_norm) is tf-slim's object, so its defaults, variable names, collections,
regularization losses and op names are TF 1.15's code rather than a rewrite of it. The conformance
family cases/contrib_layers.json holds the evidence: on TF 1.15.5's own cases tf-slim's functions equal
TF 1.15, where the rewrite this module used to hold differed (a string `outputs_collections` was read
letter by letter, and flatten's and l1_l2_regularizer's op names were not TF 1.15's).
scopecompat/_contrib/tf_slim.py says what tf-slim needs on TF 2.x. The legacy table's "rebuilt" rows
(scopecompat/_legacy/names.py) point here.

Imported on first use of one of these names, never at `import scopecompat`.
"""

from scopecompat._contrib import tf_slim


__getattr__ = tf_slim.served_from_tf_slim(__name__)
