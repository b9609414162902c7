"""The parts of tf.contrib that scopecompat serves, one module per tf.contrib module: TF 1.x's own code from a
maintained library where one carries it (tf-slim), rebuilt on tf.compat.v1 where none does.

Which contrib names exist, and where each is served from, is the legacy table's business
(scopecompat/_legacy/names.py, rows of kind "rebuilt"); a module here only implements them.
"""
