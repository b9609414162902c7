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


# embed_sequence is contrib.layers' encoders.py, which tf-slim did not carry: rebuilt on tf.compat.v1 and
# tf-slim's model_variable (TF 1.15's contrib.framework.model_variable), with TF 1.15's scope, variable name,
# collections and error text.
def embed_sequence(ids, vocab_size=None, embed_dim=None, unique=False, initializer=None, regularizer=None,
                   trainable=True, scope=None, reuse=None):
    """TF 1.15's tf.contrib.layers.embed_sequence: `[batch, length]` ids -> `[batch, length, embed_dim]`
    rows of the model variable `EmbedSequence/embeddings` `[vocab_size, embed_dim]`."""
    from scopecompat._facade.bootstrap import tf_v1 as tf

    if not (reuse or (vocab_size and embed_dim)):
        raise ValueError("Must specify vocab size and embedding dimension when not reusing. Got vocab_size=%s "
                         "and embed_dim=%s" % (vocab_size, embed_dim))
    with tf.variable_scope(scope, "EmbedSequence", [ids], reuse=reuse):
        # TF 1.15's condition, kept as it parses: `(reuse and vocab_size is None) or embed_dim is None`.
        shape = None if (reuse and vocab_size is None) or embed_dim is None else [vocab_size, embed_dim]
        embeddings = tf_slim.load().model_variable(
            "embeddings", shape=shape, initializer=initializer, regularizer=regularizer, trainable=trainable)
        if not unique:
            return tf.nn.embedding_lookup(embeddings, ids)
        # Each distinct id looked up once, then repeated (TF 1.15's embedding_lookup_unique); the same values.
        with tf.name_scope("EmbeddingLookupUnique", values=[embeddings, ids]):
            ids = tf.convert_to_tensor(ids)
            distinct, position = tf.unique(tf.reshape(ids, [-1]))
            rows = tf.gather(tf.nn.embedding_lookup(embeddings, distinct), position)
            return tf.reshape(rows, tf.concat([tf.shape(ids), tf.shape(rows)[1:]], 0))
