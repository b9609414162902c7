"""tensorflow.examples.tutorials.mnist.input_data as the TF1 tutorials used it: read_data_sets with its
options, DataSet.next_batch's shuffling and epochs, and its errors, on small IDX files written here.

Runs unmodified on real TF 1.x and through scopecompat (SNIPPET_BACKEND=scopecompat, where the module
is tf.examples.tutorials.mnist.input_data); record_goldens.py records the TF 1.x output.
"""
import gzip
import os
import tempfile
import warnings

import numpy as np

if os.environ.get("SNIPPET_BACKEND") == "scopecompat":
    warnings.simplefilter("ignore")
    import scopecompat as tf
    input_data = tf.examples.tutorials.mnist.input_data
else:
    import tensorflow as tf
    from tensorflow.examples.tutorials.mnist import input_data


def write_idx(path, magic, array):
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(np.array([magic] + list(array.shape), dtype=">u4").tobytes() + array.astype(np.uint8).tobytes())


os.chdir(tempfile.mkdtemp())
os.mkdir("data")
rng = np.random.RandomState(0)
write_idx("data/train-images-idx3-ubyte.gz", 2051, rng.randint(0, 256, size=(30, 28, 28)))
write_idx("data/train-labels-idx1-ubyte.gz", 2049, np.arange(30) % 10)
write_idx("data/t10k-images-idx3-ubyte.gz", 2051, rng.randint(0, 256, size=(7, 28, 28)))
write_idx("data/t10k-labels-idx1-ubyte.gz", 2049, np.arange(7) % 10)


def describe(name, data_set):
    print(name, data_set.num_examples, data_set.images.shape, data_set.images.dtype, data_set.labels.shape,
          data_set.labels.dtype, round(float(data_set.images.min()), 4), round(float(data_set.images.max()), 4))


mnist = input_data.read_data_sets("data", validation_size=10, seed=5)
print(type(mnist).__name__, mnist._fields)
describe("train", mnist.train)
describe("validation", mnist.validation)
describe("test", mnist.test)
print("validation labels", mnist.validation.labels.tolist())
for _ in range(6):  # 20 examples in batches of 7: batches 3 and 6 cross an epoch's end
    images, labels = mnist.train.next_batch(7)
    print("batch", labels.tolist(), images.shape, mnist.train.epochs_completed)
print("unshuffled", [mnist.test.next_batch(3, shuffle=False)[1].tolist() for _ in range(3)], mnist.test.epochs_completed)

hot = input_data.read_data_sets("data", one_hot=True, dtype=tf.uint8, reshape=False, validation_size=0)
describe("one_hot train", hot.train)
print("one-hot row", hot.train.labels[3].tolist())

tf.set_random_seed(7)  # no seed argument: numpy is seeded from the graph seed
graph_seeded = input_data.read_data_sets("data", validation_size=5)
print("graph-seeded batch", graph_seeded.train.next_batch(8)[1].tolist())

fake = input_data.read_data_sets("unused", fake_data=True, one_hot=True)
fake_images, fake_labels = fake.train.next_batch(2, fake_data=True)
print("fake", fake.train.num_examples, len(fake_images), len(fake_images[0]), fake_labels)

for call in (lambda: input_data.read_data_sets("data", validation_size=31),
             lambda: input_data.read_data_sets("data", dtype=tf.int32, validation_size=5)):
    try:
        call()
    except (ValueError, TypeError) as error:
        print(type(error).__name__, str(error).replace("tf.", ""))

write_idx("data/t10k-labels-idx1-ubyte.gz", 2051, np.arange(7))
try:
    input_data.read_data_sets("data")
except ValueError as error:
    print("ValueError", error)
