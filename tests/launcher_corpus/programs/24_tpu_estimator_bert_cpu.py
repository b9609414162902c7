"""A TPUEstimator fine-tuning script run on CPU with use_tpu=False, modelled on BERT's run_classifier.py
(google-research/bert: flags use_tpu/tpu_name, tf.contrib.cluster_resolver.TPUClusterResolver only with a TPU,
tf.contrib.tpu.RunConfig/TPUConfig with InputPipelineConfig.PER_HOST_V2, a model_fn returning
tf.contrib.tpu.TPUEstimatorSpec with scaffold_fn and eval_metrics, input_fn(params) reading TFRecords with
tf.contrib.data.map_and_batch) and on the tensorflow/tpu models' host_call (tf.contrib.summary written on
the host) and export_savedmodel. A tiny transformer-free classifier: embedding, layer norm, dense."""
from __future__ import print_function

import os
import tempfile

import numpy as np
import tensorflow as tf

flags = tf.flags
FLAGS = flags.FLAGS
flags.DEFINE_bool("use_tpu", False, "Whether to use TPU or GPU/CPU.")
flags.DEFINE_string("tpu_name", None, "The Cloud TPU to use for training.")
flags.DEFINE_integer("iterations_per_loop", 4, "How many steps to make in each estimator call.")
flags.DEFINE_integer("num_tpu_cores", 8, "Only used if `use_tpu` is True.")

VOCAB, SEQ, HIDDEN, LABELS = 20, 6, 8, 3


def write_examples(path, count, rng):
    with tf.python_io.TFRecordWriter(path) as writer:
        for _ in range(count):
            ids = rng.randint(1, VOCAB, size=SEQ)
            label = int(ids[0] % LABELS)
            features = {
                "input_ids": tf.train.Feature(int64_list=tf.train.Int64List(value=ids.tolist())),
                "label_ids": tf.train.Feature(int64_list=tf.train.Int64List(value=[label])),
            }
            example = tf.train.Example(features=tf.train.Features(feature=features))
            writer.write(example.SerializeToString())


def file_based_input_fn_builder(input_file, is_training, drop_remainder):
    name_to_features = {
        "input_ids": tf.FixedLenFeature([SEQ], tf.int64),
        "label_ids": tf.FixedLenFeature([], tf.int64),
    }

    def _decode_record(record, name_to_features):
        example = tf.parse_single_example(record, name_to_features)
        for name in list(example.keys()):
            t = example[name]
            if t.dtype == tf.int64:
                t = tf.to_int32(t)
            example[name] = t
        return example

    def input_fn(params):
        batch_size = params["batch_size"]
        d = tf.data.TFRecordDataset(input_file)
        if is_training:
            d = d.repeat()
            d = d.shuffle(buffer_size=100, seed=7)
        d = d.apply(tf.contrib.data.map_and_batch(
            lambda record: _decode_record(record, name_to_features),
            batch_size=batch_size, drop_remainder=drop_remainder))
        return d

    return input_fn


def create_model(input_ids, labels, is_training):
    with tf.variable_scope("bert"):
        embedding_table = tf.get_variable(
            "embeddings/word_embeddings", [VOCAB, HIDDEN],
            initializer=tf.truncated_normal_initializer(stddev=0.02))
        embedded = tf.nn.embedding_lookup(embedding_table, input_ids)
        embedded = tf.contrib.layers.layer_norm(embedded, begin_norm_axis=-1, begin_params_axis=-1,
                                                scope="embeddings/LayerNorm")
        if is_training:
            embedded = tf.nn.dropout(embedded, keep_prob=0.9)
        with tf.variable_scope("pooler"):
            pooled = tf.layers.dense(embedded[:, 0, :], HIDDEN, activation=tf.tanh,
                                     kernel_initializer=tf.truncated_normal_initializer(stddev=0.02))
    output_weights = tf.get_variable("output_weights", [LABELS, HIDDEN],
                                     initializer=tf.truncated_normal_initializer(stddev=0.02))
    output_bias = tf.get_variable("output_bias", [LABELS], initializer=tf.zeros_initializer())
    with tf.variable_scope("loss"):
        logits = tf.nn.bias_add(tf.matmul(pooled, output_weights, transpose_b=True), output_bias)
        probabilities = tf.nn.softmax(logits, axis=-1)
        log_probs = tf.nn.log_softmax(logits, axis=-1)
        one_hot_labels = tf.one_hot(labels, depth=LABELS, dtype=tf.float32)
        per_example_loss = -tf.reduce_sum(one_hot_labels * log_probs, axis=-1)
        loss = tf.reduce_mean(per_example_loss)
    return loss, per_example_loss, logits, probabilities


def model_fn_builder(learning_rate, use_tpu, model_dir):
    def model_fn(features, labels, mode, params):
        input_ids = features["input_ids"]
        label_ids = features["label_ids"] if "label_ids" in features else tf.zeros_like(input_ids[:, 0])
        is_training = (mode == tf.estimator.ModeKeys.TRAIN)
        total_loss, per_example_loss, logits, probabilities = create_model(input_ids, label_ids, is_training)
        scaffold_fn = None
        if mode == tf.estimator.ModeKeys.TRAIN:
            global_step = tf.train.get_or_create_global_step()
            lr = tf.train.polynomial_decay(learning_rate, global_step, 20, end_learning_rate=0.0, power=1.0)
            optimizer = tf.train.AdamOptimizer(lr)
            if use_tpu:
                optimizer = tf.contrib.tpu.CrossShardOptimizer(optimizer)
            train_op = optimizer.minimize(total_loss, global_step=global_step)

            def host_call_fn(gs, loss):
                gs = gs[0]
                with tf.contrib.summary.create_file_writer(model_dir, max_queue=10).as_default():
                    with tf.contrib.summary.always_record_summaries():
                        tf.contrib.summary.scalar("host_loss", loss[0], step=gs)
                        return tf.contrib.summary.all_summary_ops()

            host_call = (host_call_fn, [tf.reshape(global_step, [1]), tf.reshape(total_loss, [1])])
            return tf.contrib.tpu.TPUEstimatorSpec(mode=mode, loss=total_loss, train_op=train_op,
                                                   host_call=host_call, scaffold_fn=scaffold_fn)
        if mode == tf.estimator.ModeKeys.EVAL:
            def metric_fn(per_example_loss, label_ids, logits):
                predictions = tf.argmax(logits, axis=-1, output_type=tf.int32)
                return {"eval_accuracy": tf.metrics.accuracy(labels=label_ids, predictions=predictions),
                        "eval_loss": tf.metrics.mean(values=per_example_loss)}

            return tf.contrib.tpu.TPUEstimatorSpec(
                mode=mode, loss=total_loss, eval_metrics=(metric_fn, [per_example_loss, label_ids, logits]),
                scaffold_fn=scaffold_fn)
        return tf.contrib.tpu.TPUEstimatorSpec(mode=mode, predictions={"probabilities": probabilities},
                                               scaffold_fn=scaffold_fn)

    return model_fn


def serving_input_receiver_fn():
    input_ids = tf.placeholder(tf.int32, [None, SEQ], name="input_ids")
    return tf.estimator.export.ServingInputReceiver({"input_ids": input_ids}, {"input_ids": input_ids})


def main(_):
    tf.logging.set_verbosity(tf.logging.ERROR)
    work = tempfile.mkdtemp()
    output_dir = os.path.join(work, "output")
    rng = np.random.RandomState(0)
    train_file = os.path.join(work, "train.tf_record")
    write_examples(train_file, 40, rng)

    tpu_cluster_resolver = None
    if FLAGS.use_tpu and FLAGS.tpu_name:
        tpu_cluster_resolver = tf.contrib.cluster_resolver.TPUClusterResolver(FLAGS.tpu_name)
    is_per_host = tf.contrib.tpu.InputPipelineConfig.PER_HOST_V2
    run_config = tf.contrib.tpu.RunConfig(
        cluster=tpu_cluster_resolver, master=None, model_dir=output_dir, save_checkpoints_steps=8,
        tf_random_seed=3,
        tpu_config=tf.contrib.tpu.TPUConfig(iterations_per_loop=FLAGS.iterations_per_loop,
                                            num_shards=FLAGS.num_tpu_cores, per_host_input_for_training=is_per_host))
    estimator = tf.contrib.tpu.TPUEstimator(
        use_tpu=FLAGS.use_tpu, model_fn=model_fn_builder(0.05, FLAGS.use_tpu, output_dir), config=run_config,
        train_batch_size=8, eval_batch_size=8, predict_batch_size=4)

    estimator.train(input_fn=file_based_input_fn_builder(train_file, True, True), max_steps=8)
    result = estimator.evaluate(input_fn=file_based_input_fn_builder(train_file, False, False), steps=2)
    predictions = list(estimator.predict(input_fn=file_based_input_fn_builder(train_file, False, False)))
    export_dir = estimator.export_savedmodel(os.path.join(work, "export"), serving_input_receiver_fn)

    for name in estimator.get_variable_names():
        print("variable:", name, list(estimator.get_variable_value(name).shape))
    print("variable: eval", sorted(result), "global_step", result["global_step"])
    # Graph-seeded (tf_random_seed=3): the loss shows the initial weights are TF 1.15's (the op seeds count the
    # OptimizeDataset, ModelDataset and Const TF 1.15 built for the input_fn's iterator, issue 26).
    print("variable: eval_loss %.3f" % result["eval_loss"])
    print("variable: predictions", len(predictions), sorted(predictions[0]),
          list(predictions[0]["probabilities"].shape))
    events = [name for name in os.listdir(output_dir) if name.startswith("events.out.tfevents")]
    tags = set()
    for name in events:
        for event in tf.train.summary_iterator(os.path.join(output_dir, name)):
            tags.update(value.tag for value in event.summary.value)
    print("variable: summary tags", sorted(tag for tag in tags if "loss" in tag))
    exported = sorted(os.listdir(export_dir))
    print("variable: export", exported)
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], export_dir)
        print("variable: signatures", sorted(meta.signature_def))


if __name__ == "__main__":
    tf.app.run()
