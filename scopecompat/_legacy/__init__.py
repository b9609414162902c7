"""TF1's names and behaviours that even tf.compat.v1 lost: the one table of old names (names.py, which
drives the facade, its tests and docs/legacy-names.md), the old TF 0.12 call signatures (signatures.py),
checkpoints written by TF 0.12 and 1.0 (checkpoints.py), and TF1's MNIST tutorial reader (mnist.py).
"""
