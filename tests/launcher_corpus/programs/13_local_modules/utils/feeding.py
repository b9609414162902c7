import tensorflow as tf


def fill_feed_dict(data, labels, images_pl, labels_pl):
    assert isinstance(images_pl, tf.Tensor)
    return {images_pl: data, labels_pl: labels}
