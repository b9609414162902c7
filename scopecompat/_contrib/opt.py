"""tf.contrib.opt: the optimizers TF1 scripts use most, rebuilt on tf.compat.v1's optimizers with TF 1.15 as
the spec (contrib/opt/python/training/weight_decay_optimizers.py and lazy_adam_optimizer.py).

- AdamWOptimizer, MomentumWOptimizer, DecoupledWeightDecayExtension, extend_with_decoupled_weight_decay:
  "decoupled weight decay" (Loshchilov & Hutter): before each variable's update, the variable shrinks by
  `weight_decay * variable` (only the rows a sparse gradient touches), then the base optimizer steps. As in
  TF 1.15 the decay is not multiplied by the learning rate, and `decay_var_list` limits it to some variables.
  The graph is TF 1.15's: each variable's step waits for its decay, and nothing orders the decay against
  the gradient's read of the variable, so a gradient that depends on the variable may see it decayed or not,
  as on TF 1.15 (TF 1.15.5, 30 runs of two MomentumW steps on loss x**2: decayed first in 23, both orders
  in the rest; scopecompat on TF 2.21: decayed first in 29). An earlier scopecompat ordered the gradient
  first; that built another graph than TF 1.15's and gave other numbers than TF 1.15's usual ones (issue 26).
- LazyAdamOptimizer: Adam whose sparse updates touch only the rows in the gradient (m, v and the variable),
  where tf.train.AdamOptimizer decays every row of m and v.
- MovingAverageOptimizer: another optimizer's step, then an ExponentialMovingAverage of the variables, and
  a Saver that swaps each variable with its average (to evaluate with the averages).
- ExternalOptimizerInterface, ScipyOptimizerInterface (external_optimizer.py): the variables packed into one
  vector, minimized outside TF (scipy.optimize.minimize, L-BFGS-B by default; SLSQP for constraints) by
  evaluating the loss and its gradient in the session with the variables fed, then assigned once. scipy is
  not a dependency of scopecompat: without it ScipyOptimizerInterface raises an ImportError saying to
  `pip install scipy`.

Slots are the base optimizer's ("m" and "v" for Adam, "momentum" for Momentum), named as TF 1.15 named them,
so TF 1.15 checkpoints of these optimizers restore. The conformance family cases/contrib_opt.json compares
slots and values with TF 1.15.5.

Imported on first use of one of these names, never at `import scopecompat`.
"""

import numpy as np
from tensorflow.python.ops.variables import PartitionedVariable  # what tf.get_variable with a partitioner gives

from scopecompat._facade.bootstrap import tf_v1 as tf


class DecoupledWeightDecayExtension(object):
    """Mixed in before a tf.compat.v1 optimizer: decays each variable by `weight_decay * variable` before
    the optimizer's own update (TF 1.15's contrib.opt.DecoupledWeightDecayExtension)."""

    def __init__(self, weight_decay, **kwargs):
        self._decay_var_list = None  # set by minimize / apply_gradients
        self._weight_decay = weight_decay
        self._weight_decay_tensor = None
        super(DecoupledWeightDecayExtension, self).__init__(**kwargs)

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=tf.train.Optimizer.GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None, grad_loss=None,
                 decay_var_list=None):
        self._decay_var_list = set(decay_var_list) if decay_var_list else False
        return super(DecoupledWeightDecayExtension, self).minimize(
            loss, global_step=global_step, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method, colocate_gradients_with_ops=colocate_gradients_with_ops,
            name=name, grad_loss=grad_loss)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None, decay_var_list=None):
        self._decay_var_list = set(decay_var_list) if decay_var_list else False
        return super(DecoupledWeightDecayExtension, self).apply_gradients(
            grads_and_vars, global_step=global_step, name=name)

    def _prepare(self):
        weight_decay = self._weight_decay() if callable(self._weight_decay) else self._weight_decay
        self._weight_decay_tensor = tf.convert_to_tensor(weight_decay, name="weight_decay")
        super(DecoupledWeightDecayExtension, self)._prepare()

    def _decays(self, var):
        return not self._decay_var_list or var in self._decay_var_list

    # TF 1.15 multiplies by `self._weight_decay` (the number or callable given), not the tensor _prepare made.
    def _decay_weights_op(self, var):
        if self._decays(var):
            return var.assign_sub(self._weight_decay * var, self._use_locking)
        return tf.no_op()

    def _decay_weights_sparse_op(self, var, indices, scatter_add):
        if self._decays(var):
            return scatter_add(var, indices, -self._weight_decay * tf.gather(var, indices), self._use_locking)
        return tf.no_op()

    # TF 1.15's graph: the base optimizer's step waits for the decay, and nothing orders the decay against the
    # gradient's read of the variable (see the module's docstring).
    def _apply_dense(self, grad, var):
        with tf.control_dependencies([self._decay_weights_op(var)]):
            return super(DecoupledWeightDecayExtension, self)._apply_dense(grad, var)

    def _resource_apply_dense(self, grad, var):
        with tf.control_dependencies([self._decay_weights_op(var)]):
            return super(DecoupledWeightDecayExtension, self)._resource_apply_dense(grad, var)

    def _apply_sparse(self, grad, var):
        decay = self._decay_weights_sparse_op(var, grad.indices, tf.scatter_add)
        with tf.control_dependencies([decay]):
            return super(DecoupledWeightDecayExtension, self)._apply_sparse(grad, var)

    @staticmethod
    def _resource_scatter_add(var, indices, updates, _use_locking=None):
        with tf.control_dependencies([tf.raw_ops.ResourceScatterAdd(
                resource=var.handle, indices=indices, updates=updates)]):
            return var.value()

    def _resource_apply_sparse(self, grad, var, indices):
        decay = self._decay_weights_sparse_op(var, indices, self._resource_scatter_add)
        with tf.control_dependencies([decay]):
            return super(DecoupledWeightDecayExtension, self)._resource_apply_sparse(grad, var, indices)


def extend_with_decoupled_weight_decay(base_optimizer):
    """The class `base_optimizer` with decoupled weight decay; its constructor takes weight_decay first."""

    class OptimizerWithDecoupledWeightDecay(DecoupledWeightDecayExtension, base_optimizer):
        def __init__(self, weight_decay, *args, **kwargs):
            super(OptimizerWithDecoupledWeightDecay, self).__init__(weight_decay, *args, **kwargs)

    return OptimizerWithDecoupledWeightDecay


class AdamWOptimizer(DecoupledWeightDecayExtension, tf.train.AdamOptimizer):
    """TF 1.15's AdamWOptimizer: Adam with decoupled weight decay."""

    def __init__(self, weight_decay, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, use_locking=False,
                 name="AdamW"):
        super(AdamWOptimizer, self).__init__(
            weight_decay, learning_rate=learning_rate, beta1=beta1, beta2=beta2, epsilon=epsilon,
            use_locking=use_locking, name=name)


class MomentumWOptimizer(DecoupledWeightDecayExtension, tf.train.MomentumOptimizer):
    """TF 1.15's MomentumWOptimizer: Momentum with decoupled weight decay."""

    def __init__(self, weight_decay, learning_rate, momentum, use_locking=False, name="MomentumW",
                 use_nesterov=False):
        super(MomentumWOptimizer, self).__init__(
            weight_decay, learning_rate=learning_rate, momentum=momentum, use_locking=use_locking, name=name,
            use_nesterov=use_nesterov)


class LazyAdamOptimizer(tf.train.AdamOptimizer):
    """TF 1.15's LazyAdamOptimizer: a sparse gradient updates only its rows of m, v and the variable."""

    def _lazy_terms(self, var):
        dtype = var.dtype.base_dtype
        beta1_power, beta2_power = (tf.cast(power, dtype) for power in self._get_beta_accumulators())
        lr_t, beta1_t, beta2_t, epsilon_t = (
            tf.cast(value, dtype) for value in (self._lr_t, self._beta1_t, self._beta2_t, self._epsilon_t))
        lr = lr_t * tf.sqrt(1 - beta2_power) / (1 - beta1_power)
        return lr, beta1_t, beta2_t, epsilon_t

    def _apply_sparse(self, grad, var):
        lr, beta1_t, beta2_t, epsilon_t = self._lazy_terms(var)
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        m_t = tf.scatter_update(m, grad.indices, beta1_t * tf.gather(m, grad.indices) + (1 - beta1_t) * grad.values,
                                use_locking=self._use_locking)
        v_t = tf.scatter_update(v, grad.indices,
                                beta2_t * tf.gather(v, grad.indices) + (1 - beta2_t) * tf.square(grad.values),
                                use_locking=self._use_locking)
        # TF 1.15's order (its op names): both slices, the denominator, then lr * m / denominator.
        m_t_slice, v_t_slice = tf.gather(m_t, grad.indices), tf.gather(v_t, grad.indices)
        denominator_slice = tf.sqrt(v_t_slice) + epsilon_t
        var_update = tf.scatter_sub(var, grad.indices, lr * m_t_slice / denominator_slice,
                                    use_locking=self._use_locking)
        return tf.group(var_update, m_t, v_t)

    def _resource_apply_sparse(self, grad, var, indices):
        lr, beta1_t, beta2_t, epsilon_t = self._lazy_terms(var)
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        m_t_slice = beta1_t * tf.gather(m, indices) + (1 - beta1_t) * grad
        v_t_slice = beta2_t * tf.gather(v, indices) + (1 - beta2_t) * tf.square(grad)
        m_update = tf.raw_ops.ResourceScatterUpdate(resource=m.handle, indices=indices, updates=m_t_slice)
        v_update = tf.raw_ops.ResourceScatterUpdate(resource=v.handle, indices=indices, updates=v_t_slice)
        step = lr * m_t_slice / (tf.sqrt(v_t_slice) + epsilon_t)
        var_update = tf.raw_ops.ResourceScatterSub(resource=var.handle, indices=indices, updates=step)
        return tf.group(var_update, m_update, v_update)


class MovingAverageOptimizer(tf.train.Optimizer):
    """TF 1.15's MovingAverageOptimizer: `opt`'s step, then an ExponentialMovingAverage of the variables it
    stepped (variables `<var>/ExponentialMovingAverage`); `swapping_saver()` saves each average under its
    variable's name and the variable under the average's, so a restore for evaluation loads the averages."""

    def __init__(self, opt, average_decay=0.9999, num_updates=None, sequential_update=True):
        # (no Optimizer.__init__, as TF 1.15: the wrapped optimizer owns the slots and the name)
        self._optimizer = opt
        self._ema = tf.train.ExponentialMovingAverage(average_decay, num_updates=num_updates)
        self._swapped_variable_name_map = None
        self._sequential_update = sequential_update

    def compute_gradients(self, *args, **kwargs):
        return self._optimizer.compute_gradients(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        train_op = self._optimizer.apply_gradients(grads_and_vars, global_step=global_step, name=name)
        var_list = [var for grad, var in grads_and_vars if grad is not None]
        if self._sequential_update:  # the averages take in this step's values
            with tf.control_dependencies([train_op]):
                average_op = self._ema.apply(var_list)
        else:
            average_op = self._ema.apply(var_list)
        self._swapped_variable_name_map = {}
        for var in var_list:
            average = self._ema.average(var)
            self._swapped_variable_name_map[var.op.name] = average.op.name
            self._swapped_variable_name_map[average.op.name] = var.op.name
        return tf.group(train_op, average_op, name="train_with_avg")

    def _swapped(self, tensors_by_name, name, tensor):
        swapped_name = self._swapped_variable_name_map.get(name)
        if swapped_name is None:
            return tensor
        if swapped_name not in tensors_by_name:
            raise ValueError("Variable to swap %s is not part of variables to save. This breaks "
                             "MovingAverageOptimizer." % swapped_name)
        return tensors_by_name[swapped_name]

    def swapping_saver(self, var_list=None, name="swapping_saver", **kwargs):
        if self._swapped_variable_name_map is None:
            raise RuntimeError("Must call apply_gradients or minimize before creating the swapping_saver")
        if var_list is None:
            var_list = tf.global_variables()
        if not isinstance(var_list, dict):  # TF's own naming: a variable by its op name, a partitioned one whole
            var_list = {var.name if isinstance(var, PartitionedVariable) else var.op.name:
                        list(var) if isinstance(var, PartitionedVariable) else var for var in var_list}
        tensors_by_name = {}
        for key, value in var_list.items():
            if isinstance(value, (list, PartitionedVariable)):
                tensors_by_name.update((part.op.name, part) for part in value)
            else:
                tensors_by_name[key] = value
        swapped = {}
        for key, value in var_list.items():
            if isinstance(value, list):
                swapped[key] = [self._swapped(tensors_by_name, part.op.name, part) for part in value]
            else:
                swapped[key] = self._swapped(tensors_by_name, key, value)
        return tf.train.Saver(swapped, name=name, **kwargs)


def _shape_tuple(tensor):
    return tuple(tensor.get_shape().as_list())


def _gradients_or_zeros(tensor, var_list):
    # A variable the tensor does not depend on gets a zero gradient, so the packed gradient has every slot.
    return [grad if grad is not None else tf.zeros_like(var)
            for var, grad in zip(var_list, tf.gradients(tensor, var_list))]


def _packed(tensors):
    """The tensors flattened into one vector (None for none)."""
    if not tensors:
        return None
    if len(tensors) == 1:
        return tf.reshape(tensors[0], [-1])
    return tf.concat([tf.reshape(tensor, [-1]) for tensor in tensors], 0)


class ExternalOptimizerInterface(object):
    """TF 1.15's tf.contrib.opt.ExternalOptimizerInterface: subclasses implement `_minimize` on the packed
    variables; `minimize(session)` runs it and assigns the result to the variables."""

    def __init__(self, loss, var_list=None, equalities=None, inequalities=None, var_to_bounds=None,
                 **optimizer_kwargs):
        self._loss = loss
        self._equalities = equalities or []
        self._inequalities = inequalities or []
        self._vars = tf.trainable_variables() if var_list is None else list(var_list)
        self._packed_bounds = None
        if var_to_bounds is not None:
            lows, highs = [], []
            for var in self._vars:
                low, high = var_to_bounds.get(var, (-np.inf, np.inf))
                shape = var.get_shape().as_list()
                lows.extend(np.broadcast_to(low, shape).flat)
                highs.extend(np.broadcast_to(high, shape).flat)
            self._packed_bounds = list(zip(lows, highs))
        self._update_placeholders = [tf.placeholder(var.dtype) for var in self._vars]
        self._var_updates = [var.assign(tf.reshape(placeholder, _shape_tuple(var)))
                             for var, placeholder in zip(self._vars, self._update_placeholders)]
        self.optimizer_kwargs = optimizer_kwargs
        self._packed_var = _packed(self._vars)
        self._packed_loss_grad = _packed(_gradients_or_zeros(loss, self._vars))
        self._packed_equality_grads = [_packed(_gradients_or_zeros(equality, self._vars))
                                       for equality in self._equalities]
        self._packed_inequality_grads = [_packed(_gradients_or_zeros(inequality, self._vars))
                                         for inequality in self._inequalities]
        ends = np.cumsum([int(np.prod(_shape_tuple(var))) for var in self._vars]).tolist()
        self._packing_slices = [slice(start, end) for start, end in zip([0] + ends[:-1], ends)]

    def minimize(self, session=None, feed_dict=None, fetches=None, step_callback=None, loss_callback=None,
                 **run_kwargs):
        session = session or tf.get_default_session()
        feed_dict = feed_dict or {}
        fetches = fetches or []
        loss_callback = loss_callback or (lambda *fetches: None)
        step_callback = step_callback or (lambda xk: None)

        def eval_funcs(tensors):
            return [self._make_eval_func(tensor, session, feed_dict, fetches) for tensor in tensors]

        packed = self._minimize(
            initial_val=session.run(self._packed_var),
            loss_grad_func=self._make_eval_func([self._loss, self._packed_loss_grad], session, feed_dict,
                                                fetches, loss_callback),
            equality_funcs=eval_funcs(self._equalities),
            equality_grad_funcs=eval_funcs(self._packed_equality_grads),
            inequality_funcs=eval_funcs(self._inequalities),
            inequality_grad_funcs=eval_funcs(self._packed_inequality_grads),
            packed_bounds=self._packed_bounds, step_callback=step_callback,
            optimizer_kwargs=self.optimizer_kwargs)
        session.run(self._var_updates,
                    feed_dict=dict(zip(self._update_placeholders, [packed[part] for part in self._packing_slices])),
                    **run_kwargs)

    def _minimize(self, initial_val, loss_grad_func, equality_funcs, equality_grad_funcs, inequality_funcs,
                  inequality_grad_funcs, packed_bounds, step_callback, optimizer_kwargs):
        raise NotImplementedError("To use ExternalOptimizerInterface, subclass from it and implement the "
                                  "_minimize() method.")

    @classmethod
    def _pack(cls, tensors):
        return _packed(tensors)

    def _make_eval_func(self, tensors, session, feed_dict, fetches, callback=None):
        """A function of the packed vector x: the tensors' values with the variables fed x's slices (then
        the caller's fetches, given to `callback`)."""
        tensors = tensors if isinstance(tensors, list) else [tensors]

        def eval_func(x):
            feeds = {var: x[part].reshape(_shape_tuple(var)) for var, part in zip(self._vars, self._packing_slices)}
            feeds.update(feed_dict)
            values = session.run(tensors + fetches, feed_dict=feeds)
            if callable(callback):
                callback(*values[len(tensors):])
            return values[:len(tensors)]

        return eval_func


class ScipyOptimizerInterface(ExternalOptimizerInterface):
    """TF 1.15's tf.contrib.opt.ScipyOptimizerInterface: scipy.optimize.minimize (method=, options= and
    scipy's other arguments as keyword arguments; L-BFGS-B by default)."""

    _DEFAULT_METHOD = "L-BFGS-B"

    def __init__(self, loss, var_list=None, equalities=None, inequalities=None, var_to_bounds=None,
                 **optimizer_kwargs):
        # Refused before any op is built (TF 1.15 imported scipy only once minimize ran, after the graph).
        try:
            import scipy.optimize  # noqa: F401
        except ImportError as error:
            raise ImportError("tf.contrib.opt.ScipyOptimizerInterface needs scipy, which is not installed "
                              "(%s): pip install scipy" % error)
        super(ScipyOptimizerInterface, self).__init__(loss, var_list=var_list, equalities=equalities,
                                                      inequalities=inequalities, var_to_bounds=var_to_bounds,
                                                      **optimizer_kwargs)

    def _minimize(self, initial_val, loss_grad_func, equality_funcs, equality_grad_funcs, inequality_funcs,
                  inequality_grad_funcs, packed_bounds, step_callback, optimizer_kwargs):
        import scipy.optimize

        def loss_and_gradient(x):
            loss, gradient = loss_grad_func(x)
            return loss, gradient.astype("float64")

        optimizer_kwargs = dict(optimizer_kwargs)
        constraints = (
            [{"type": "eq", "fun": func, "jac": grad} for func, grad in zip(equality_funcs, equality_grad_funcs)]
            + [{"type": "ineq", "fun": func, "jac": grad}
               for func, grad in zip(inequality_funcs, inequality_grad_funcs)])
        minimize_kwargs = {"jac": True, "callback": step_callback,
                           "method": optimizer_kwargs.pop("method", self._DEFAULT_METHOD),
                           "constraints": constraints, "bounds": packed_bounds}
        for kwarg in minimize_kwargs:
            if kwarg in optimizer_kwargs:
                if kwarg == "bounds":
                    raise ValueError("Bounds must be set using the var_to_bounds argument")
                raise ValueError("Optimizer keyword arg '{}' is set automatically and cannot be injected "
                                 "manually".format(kwarg))
        minimize_kwargs.update(optimizer_kwargs)
        # float64, as scipy's minimizers made it themselves until scipy 1.15's L-BFGS-B refused float32.
        result = scipy.optimize.minimize(loss_and_gradient, np.asarray(initial_val, dtype=np.float64),
                                         **minimize_kwargs)
        lines = ["Optimization terminated with:", "  Message: %s", "  Objective function value: %f"]
        arguments = [result.message, result.fun]
        for key, line in (("nit", "  Number of iterations: %d"), ("nfev", "  Number of functions evaluations: %d")):
            if hasattr(result, key):
                lines.append(line)
                arguments.append(getattr(result, key))
        tf.logging.info("\n".join(lines), *arguments)
        return result["x"]
