"""tf.contrib.learn.RunConfig (and TaskType), rebuilt with TF 1.15 as the spec
(contrib/learn/python/learn/estimators/run_config.py).

TF 1.15's contrib RunConfig subclasses tf.estimator.RunConfig but never runs its __init__: it sets its own
fields (num_cores, gpu_memory_fraction and log_device_placement become `tf_config`, a ConfigProto; the
cluster, task and master come from TF_CONFIG its own way; save_checkpoints_secs is 600 unless steps are
given). That is what scripts read, so this class does the same, on the tf.estimator scopecompat serves on
every TF (scopecompat/_estimator/). The one addition: newer Estimators read `checkpoint_save_graph_def`,
which TF 1.15 lacked; it gets tf.estimator.RunConfig's default (True), so that an Estimator trains with this
config as it did in TF 1.15.

Kept apart from learn.py because it loads tf.estimator, which ModeKeys and VocabularyProcessor must not.
"""

import collections
import json
import os

from scopecompat._estimator import loader
from scopecompat._facade.bootstrap import tf_v1 as tf

_core = loader.tf_estimator()

# The settings RunConfig.uid() leaves out by default (TF 1.15's list).
_DEFAULT_UID_WHITE_LIST = ["tf_random_seed", "save_summary_steps", "save_checkpoints_steps",
                           "save_checkpoints_secs", "session_config", "keep_checkpoint_max",
                           "keep_checkpoint_every_n_hours", "log_step_count_steps"]

# What a TF 1.15 contrib RunConfig held, and so what its uid() describes (not the fields added here for
# newer Estimators).
_TF_1_15_STATE = frozenset([
    "_task_type", "_task_id", "_cluster_spec", "_master", "_num_ps_replicas", "_num_worker_replicas",
    "_environment", "_is_chief", "_evaluation_master", "_train_distribute", "_eval_distribute",
    "_experimental_max_worker_delay_secs", "_device_fn", "_tf_config", "_tf_random_seed", "_save_summary_steps",
    "_save_checkpoints_secs", "_log_step_count_steps", "_protocol", "_session_config",
    "_save_checkpoints_steps", "_keep_checkpoint_max", "_keep_checkpoint_every_n_hours", "_model_dir",
    "_session_creation_timeout_secs"])


class Environment(object):
    CLOUD = "cloud"
    GOOGLE = "google"
    LOCAL = "local"


class TaskType(object):
    """TF 1.15's tf.contrib.learn.TaskType."""

    MASTER = "master"
    PS = "ps"
    WORKER = "worker"


def _tf_config():
    return json.loads(os.environ.get("TF_CONFIG") or "{}")


def _get_master(cluster_spec, task_type, task_id):
    """The grpc address of this task in TF_CONFIG's cluster; '' for a local or one-task cluster."""
    if not cluster_spec:
        return ""
    jobs = cluster_spec.jobs
    if len(jobs) == 1 and len(cluster_spec.job_tasks(jobs[0])) == 1:
        return ""
    if not task_type:
        return ""
    if task_type not in jobs:
        raise ValueError("%s is not a valid task_type in the cluster_spec:\n%s\n\nNote that these values may be "
                         "coming from the TF_CONFIG environment variable." % (task_type, cluster_spec))
    addresses = cluster_spec.job_tasks(task_type)
    if task_id >= len(addresses) or task_id < 0:
        raise ValueError("%d is not a valid task_id for task_type %s in the cluster_spec:\n%s\n\nNote that "
                         "these value may be coming from the TF_CONFIG environment variable."
                         % (task_id, task_type, cluster_spec))
    return "grpc://" + addresses[task_id]


def _get_model_dir(model_dir):
    in_tf_config = _tf_config().get("model_dir", None)
    if in_tf_config is not None:
        if model_dir is not None and in_tf_config != model_dir:
            raise ValueError("`model_dir` provided in RunConfig construct, if set, must have the same value as the "
                             "model_dir in TF_CONFIG. model_dir: {}\nTF_CONFIG[\"model_dir\"]: {}.\n"
                             .format(model_dir, in_tf_config))
        tf.logging.info("Using model_dir in TF_CONFIG: %s", in_tf_config)
    return model_dir or in_tf_config


class ClusterConfig(object):
    """TF 1.15's contrib ClusterConfig: the task, cluster and master read from TF_CONFIG."""

    def __init__(self, master=None, evaluation_master=None):
        config = _tf_config()
        self._task_type = config.get("task", {}).get("type", None)
        self._task_id = self.get_task_id()
        self._cluster_spec = tf.train.ClusterSpec(config.get("cluster", {}))
        self._master = (master if master is not None
                        else _get_master(self._cluster_spec, self._task_type, self._task_id) or "")
        jobs = self._cluster_spec.as_dict()
        self._num_ps_replicas = len(jobs.get("ps", []))
        self._num_worker_replicas = len(jobs.get("worker", [])) + len(jobs.get("master", []))
        self._environment = config.get("environment", Environment.LOCAL)
        if self._task_type is None:
            self._is_chief = self._task_id == 0
        elif self._environment == Environment.CLOUD:
            self._is_chief = self._task_type == TaskType.MASTER and self._task_id == 0
        else:
            self._is_chief = self._task_type == TaskType.WORKER and self._task_id == 0
        self._evaluation_master = evaluation_master or ""

    cluster_spec = property(lambda self: self._cluster_spec)
    environment = property(lambda self: self._environment)
    evaluation_master = property(lambda self: self._evaluation_master)
    is_chief = property(lambda self: self._is_chief)
    master = property(lambda self: self._master)
    num_ps_replicas = property(lambda self: self._num_ps_replicas)
    num_worker_replicas = property(lambda self: self._num_worker_replicas)
    task_id = property(lambda self: self._task_id)
    task_type = property(lambda self: self._task_type)

    @staticmethod
    def get_task_id():
        index = _tf_config().get("task", {}).get("index")
        return int(index) if index else 0


class RunConfig(ClusterConfig, _core.RunConfig):
    """TF 1.15's tf.contrib.learn.RunConfig."""

    _USE_DEFAULT = 0

    def __init__(self, master=None, num_cores=0, log_device_placement=False, gpu_memory_fraction=1,
                 tf_random_seed=None, save_summary_steps=100, save_checkpoints_secs=_USE_DEFAULT,
                 save_checkpoints_steps=None, keep_checkpoint_max=5, keep_checkpoint_every_n_hours=10000,
                 log_step_count_steps=100, protocol=None, evaluation_master="", model_dir=None,
                 session_config=None, session_creation_timeout_secs=7200):
        ClusterConfig.__init__(self, master=master, evaluation_master=evaluation_master)
        self._train_distribute = None
        self._eval_distribute = None
        self._experimental_max_worker_delay_secs = None
        self._device_fn = None
        self._tf_config = tf.ConfigProto(
            log_device_placement=log_device_placement, inter_op_parallelism_threads=num_cores,
            intra_op_parallelism_threads=num_cores,
            gpu_options=tf.GPUOptions(per_process_gpu_memory_fraction=gpu_memory_fraction))
        self._tf_random_seed = tf_random_seed
        self._save_summary_steps = save_summary_steps
        self._log_step_count_steps = log_step_count_steps
        self._protocol = protocol
        self._session_config = session_config
        if save_checkpoints_secs == RunConfig._USE_DEFAULT:
            save_checkpoints_secs = 600 if save_checkpoints_steps is None else None
        self._save_checkpoints_secs = save_checkpoints_secs
        self._save_checkpoints_steps = save_checkpoints_steps
        self._keep_checkpoint_max = keep_checkpoint_max
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._model_dir = _get_model_dir(model_dir)
        self._session_creation_timeout_secs = session_creation_timeout_secs
        self._checkpoint_save_graph_def = True  # read by newer Estimators; tf.estimator.RunConfig's default

    def uid(self, whitelist=None):
        """TF 1.15's: the settings (but those in `whitelist`) as one string, to tell two configs apart."""
        state = {key: value for key, value in self.__dict__.items() if key in _TF_1_15_STATE}
        for key in _DEFAULT_UID_WHITE_LIST if whitelist is None else whitelist:
            state.pop("_" + key, None)
        ordered = collections.OrderedDict(sorted(state.items()))
        if "_cluster_spec" in ordered:
            ordered["_cluster_spec"] = collections.OrderedDict(sorted(ordered["_cluster_spec"].as_dict().items()))
        return ", ".join("%s=%r" % item for item in ordered.items())

    model_dir = property(lambda self: self._model_dir)
    tf_config = property(lambda self: self._tf_config)
    tf_random_seed = property(lambda self: self._tf_random_seed)
    save_summary_steps = property(lambda self: self._save_summary_steps)
    save_checkpoints_secs = property(lambda self: self._save_checkpoints_secs)
    save_checkpoints_steps = property(lambda self: self._save_checkpoints_steps)
    session_config = property(lambda self: self._session_config)
    keep_checkpoint_max = property(lambda self: self._keep_checkpoint_max)
    keep_checkpoint_every_n_hours = property(lambda self: self._keep_checkpoint_every_n_hours)
    log_step_count_steps = property(lambda self: self._log_step_count_steps)
    session_creation_timeout_secs = property(lambda self: self._session_creation_timeout_secs)
