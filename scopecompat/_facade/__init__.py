"""The facade's machinery: `import scopecompat as tf` is tf.compat.v1, set up once (bootstrap.py), cloned by
identity into a namespace tree with lazily resolved extra names (namespaces.py), where only the names of the
overrides table (overrides.py) differ from tf.compat.v1's own objects; scope_store.py gives each graph a
variable-scope store whose scope exits cost what the scope's own subscopes cost (same names, linear builds).
"""
