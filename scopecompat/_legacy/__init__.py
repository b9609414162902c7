"""TF1's names and behaviours that even tf.compat.v1 lost: the one table of old names (names.py, which
drives the facade, its tests and docs/legacy-names.md), the old TF 0.12 call signatures (signatures.py),
checkpoints written by TF 0.12 and 1.0 (checkpoints.py), TF1's MNIST tutorial reader (mnist.py), and the one
table of TF 1.15's internals (`tensorflow.python.*`) that TF 2.x moved or dropped (tf_internals.py, which the
launcher's views and the tf-slim and tensorflow-estimator loaders read).
"""
