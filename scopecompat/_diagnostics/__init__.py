"""Diagnostics: TF1's variable-sharing errors that teach, get_variable's call counts, inventory(), Jupyter.

- hooks.py: the hot-path hooks (get_variable with its call count, variable_scope, tf.nn's RNN builders).
- facts.py: the facts, each answered once: which TF error, user code or library code, what made a variable.
- rules.py: the diagnoses, one row per kind of error; teach() and the Diagnosis that renders it.
- inventory.py: scopecompat.inventory() and `scopecompat inventory`.
- jupyter.py: `%load_ext scopecompat` (imports IPython, so only the extension's loading imports it).
Nothing is imported here: `import scopecompat` loads inventory (and with it facts, hooks, rules) only.
"""
