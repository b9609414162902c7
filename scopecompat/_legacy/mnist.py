"""TF1's MNIST reader, `tensorflow.examples.tutorials.mnist.input_data`, which TF 2.0 removed.

Reached as `tf.examples.tutorials.mnist.input_data` (a legacy name, see scopecompat/_legacy/names.py), and under
`scopecompat run` as `from tensorflow.examples.tutorials.mnist import input_data`. It follows TF 1.15's
tensorflow/contrib/learn/python/learn/datasets/mnist.py: `read_data_sets` (one_hot, dtype, reshape,
validation_size, seed, fake_data) and `DataSet` (images, labels, num_examples, epochs_completed,
next_batch with TF1's shuffling, seeded from TF's graph seed as TF1 did).

One difference: TF 1.x downloaded missing files; this never uses the network. `read_data_sets` checks
that the four files are in the folder before reading any of them, and otherwise raises an error naming
the missing files and the folder, creating nothing.
"""

import collections
import gzip
import os

import numpy

from scopecompat._facade.bootstrap import tf_v1 as tf

TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"
FILES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)
# Where TF 1.x downloaded the files from (named in the missing-files error; never used here).
DEFAULT_SOURCE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


def _read32(bytestream):
    return int(numpy.frombuffer(bytestream.read(4), dtype=numpy.dtype(numpy.uint32).newbyteorder(">"))[0])


def _read_exactly(bytestream, size, f):
    data = bytestream.read(size)
    if len(data) != size:
        raise ValueError("MNIST file %s is truncated: its header announces %d bytes of data, it has %d."
                         % (f.name, size, len(data)))
    return data


def extract_images(f):
    """The images of an IDX image file object as a 4-D uint8 array [index, y, x, depth]."""
    print("Extracting", f.name)
    with gzip.GzipFile(fileobj=f) as bytestream:
        magic = _read32(bytestream)
        if magic != IMAGES_MAGIC:
            raise ValueError("Invalid magic number %d in MNIST image file: %s" % (magic, f.name))
        num_images, rows, cols = _read32(bytestream), _read32(bytestream), _read32(bytestream)
        data = numpy.frombuffer(_read_exactly(bytestream, rows * cols * num_images, f), dtype=numpy.uint8)
        return data.reshape(num_images, rows, cols, 1)


def dense_to_one_hot(labels_dense, num_classes):
    """Class labels [n] -> one-hot float64 vectors [n, num_classes] (TF1's dtype)."""
    num_labels = labels_dense.shape[0]
    index_offset = numpy.arange(num_labels) * num_classes
    labels_one_hot = numpy.zeros((num_labels, num_classes))
    labels_one_hot.flat[index_offset + labels_dense.ravel()] = 1
    return labels_one_hot


def extract_labels(f, one_hot=False, num_classes=10):
    """The labels of an IDX label file object: uint8 [index], or one-hot [index, num_classes]."""
    print("Extracting", f.name)
    with gzip.GzipFile(fileobj=f) as bytestream:
        magic = _read32(bytestream)
        if magic != LABELS_MAGIC:
            raise ValueError("Invalid magic number %d in MNIST label file: %s" % (magic, f.name))
        num_items = _read32(bytestream)
        labels = numpy.frombuffer(_read_exactly(bytestream, num_items, f), dtype=numpy.uint8)
        return dense_to_one_hot(labels, num_classes) if one_hot else labels


class DataSet(object):
    """Images and labels, served in shuffled batches (TF1's `mnist.train`, `.validation`, `.test`)."""

    def __init__(self, images, labels, fake_data=False, one_hot=False, dtype=tf.float32, reshape=True,
                 seed=None):
        """`dtype` uint8 keeps pixels in [0, 255]; float32 scales them to [0.0, 1.0]. `seed` (or else the
        graph's seed) seeds numpy's global generator, which next_batch shuffles with, as in TF1."""
        seed1, seed2 = tf.get_seed(seed)
        numpy.random.seed(seed1 if seed is None else seed2)
        dtype = tf.as_dtype(dtype).base_dtype
        if dtype not in (tf.uint8, tf.float32):
            raise TypeError("Invalid image dtype %r, expected uint8 or float32" % dtype)
        if fake_data:
            self._num_examples = 10000
            self.one_hot = one_hot
        else:
            if images.shape[0] != labels.shape[0]:
                raise ValueError("images.shape: %s labels.shape: %s" % (images.shape, labels.shape))
            self._num_examples = images.shape[0]
            if reshape:  # [n, rows, cols, 1] -> [n, rows * cols]
                if images.shape[3] != 1:
                    raise ValueError("reshape=True needs images of depth 1, got shape %s" % (images.shape,))
                images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
            if dtype == tf.float32:
                images = numpy.multiply(images.astype(numpy.float32), 1.0 / 255.0)
        self._images = images
        self._labels = labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    @property
    def images(self):
        return self._images

    @property
    def labels(self):
        return self._labels

    @property
    def num_examples(self):
        return self._num_examples

    @property
    def epochs_completed(self):
        return self._epochs_completed

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """The next `batch_size` examples. The first epoch is shuffled before it starts; a batch that
        crosses the end of an epoch takes the epoch's rest, reshuffles, and fills up from the next."""
        if fake_data:
            fake_image = [1] * 784
            fake_label = [1] + [0] * 9 if self.one_hot else 0
            return [fake_image for _ in range(batch_size)], [fake_label for _ in range(batch_size)]
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            order = numpy.arange(self._num_examples)
            numpy.random.shuffle(order)
            self._images = self.images[order]
            self._labels = self.labels[order]
        if start + batch_size <= self._num_examples:
            self._index_in_epoch += batch_size
            return self._images[start:self._index_in_epoch], self._labels[start:self._index_in_epoch]
        self._epochs_completed += 1
        images_rest = self._images[start:self._num_examples]
        labels_rest = self._labels[start:self._num_examples]
        if shuffle:
            order = numpy.arange(self._num_examples)
            numpy.random.shuffle(order)
            self._images = self.images[order]
            self._labels = self.labels[order]
        self._index_in_epoch = batch_size - (self._num_examples - start)
        end = self._index_in_epoch
        return (numpy.concatenate((images_rest, self._images[0:end]), axis=0),
                numpy.concatenate((labels_rest, self._labels[0:end]), axis=0))


def _check_files(train_dir):
    """Raise FileNotFoundError naming the files and the folder unless all four MNIST files are there."""
    missing = [name for name in FILES if not os.path.isfile(os.path.join(train_dir, name))]
    if not missing:
        return
    where = "folder %r" % train_dir if os.path.isdir(train_dir) else "folder %r, which does not exist" % train_dir
    raise FileNotFoundError(
        "MNIST files missing from %s: %s. scopecompat's read_data_sets never downloads (TF 1.x downloaded "
        "them from %s); put the four files %s in that folder and run again."
        % (where, ", ".join(missing), DEFAULT_SOURCE_URL, ", ".join(FILES)))


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=tf.float32, reshape=True,
                   validation_size=5000, seed=None, source_url=DEFAULT_SOURCE_URL):
    """MNIST from the four IDX .gz files in `train_dir`: Datasets(train, validation, test), where
    validation is the first `validation_size` training examples. `source_url` is accepted for TF1's
    signature and not used: nothing is downloaded."""
    if fake_data:
        def fake():
            return DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed)

        return Datasets(train=fake(), validation=fake(), test=fake())
    _check_files(train_dir)
    with open(os.path.join(train_dir, TRAIN_IMAGES), "rb") as f:
        train_images = extract_images(f)
    with open(os.path.join(train_dir, TRAIN_LABELS), "rb") as f:
        train_labels = extract_labels(f, one_hot=one_hot)
    with open(os.path.join(train_dir, TEST_IMAGES), "rb") as f:
        test_images = extract_images(f)
    with open(os.path.join(train_dir, TEST_LABELS), "rb") as f:
        test_labels = extract_labels(f, one_hot=one_hot)
    if not 0 <= validation_size <= len(train_images):
        raise ValueError("Validation size should be between 0 and {}. Received: {}."
                         .format(len(train_images), validation_size))
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    train = DataSet(train_images[validation_size:], train_labels[validation_size:], **options)
    validation = DataSet(train_images[:validation_size], train_labels[:validation_size], **options)
    test = DataSet(test_images, test_labels, **options)
    return Datasets(train=train, validation=validation, test=test)


def load_mnist(train_dir="MNIST-data"):
    return read_data_sets(train_dir)
