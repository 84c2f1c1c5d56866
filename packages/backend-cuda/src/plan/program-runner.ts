import { allFiniteOps, type BinaryOp, type ProgramNode, type UnaryOp, type UpdateProgram } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { applyBinary, applySelect, applyUnary, sumOfSquares } from './device-ops.js';
import { evaluateHostNodes } from './host-values.js';
import { type NodeRole, nodeRoles } from './node-roles.js';
import { ScalarCache } from './scalar-cache.js';

/** The new value of each written slot of one binding; `null` where the slot keeps its tensor. */
export type BindingOutputs = (tf.Tensor | null)[];

/**
 * Runs one update program as tfjs ops, with as few device ops and uploads per call as tfjs
 * allows:
 * - nodes that depend only on per-step scalars and constants are computed on the host;
 *   those read by device ops are cached 0-d tensors, uploaded again only when their value
 *   changes (see `ScalarCache`);
 * - nodes that depend on a sum of squares (the norm-clip scale) run once per call as 0-d
 *   device ops; the sums themselves are device reductions (no readback);
 * - every other node is one tfjs op per binding, except `x * 1`, `x / 1`, `x - 0` and
 *   `x + (-0)` with a host operand of that exact value, which are `x` bit for bit and skipped
 *   (e.g. the batch division at batch size 1).
 * Results are those of core's `evaluateProgramOps` on the same tfjs backend; see the tests.
 */
export class ProgramRunner {
  readonly program: UpdateProgram;
  readonly #roles: readonly NodeRole[];
  readonly #host: Float64Array;
  readonly #cache = new ScalarCache();
  readonly #written: ReadonlySet<number>;
  #guard: tf.Tensor | undefined;

  constructor(program: UpdateProgram) {
    this.program = program;
    this.#roles = nodeRoles(program);
    this.#host = new Float64Array(program.nodes.length);
    this.#written = new Set(program.outputs.map((o) => o.slot));
  }

  /** Scalar tensors uploaded so far by this runner. */
  get uploads(): number {
    return this.#cache.uploads;
  }

  /**
   * Computes the new value of every output slot of every binding (in `program.outputs`
   * order), writing nothing. Call inside `tf.tidy`; keep the results only to assign them.
   */
  run(bindings: readonly (readonly tf.Tensor[])[], scalars: Float32Array): BindingOutputs[] {
    const { program } = this;
    const nodes = program.nodes;
    const roles = this.#roles;
    evaluateHostNodes(program, roles, scalars, this.#host);

    const shared: tf.Tensor[] = new Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      if (roles[i] !== 'shared') continue;
      const node = nodes[i]!;
      shared[i] =
        node.op === 'sumOfSquares' ? sumOfSquares(bindings, node.slot)
        : node.op === 'allFinite' ? allFiniteOps(bindings, node.slot)
        : this.#apply(node, shared);
    }
    this.#guard = program.guard === undefined ? undefined : this.#operand(program.guard, shared);

    const values: tf.Tensor[] = new Array(nodes.length);
    return bindings.map((binding) => {
      for (let i = 0; i < nodes.length; i++) {
        if (roles[i] === 'shared') values[i] = shared[i]!;
        if (roles[i] !== 'element') continue;
        const node = nodes[i]!;
        values[i] = node.op === 'tensor' ? binding[node.slot]! : this.#apply(node, values);
      }
      return program.outputs.map(({ slot, node }) => this.#output(binding, slot, this.#operand(node, values)));
    });
  }

  /**
   * The guard's value in the last `run` (a guarded program only): a 0-d tensor, on the device
   * when it depends on a reduction. Valid inside the same `tf.tidy` as that `run`.
   */
  get guard(): tf.Tensor | undefined {
    return this.#guard;
  }

  /** Frees the cached scalars. */
  dispose(): void {
    this.#cache.dispose();
  }

  /** A node's value as a tensor: host values come from the scalar cache. */
  #operand(index: number, values: readonly tf.Tensor[]): tf.Tensor {
    return this.#roles[index] === 'host' ? this.#cache.get(index, this.#host[index]!) : values[index]!;
  }

  #isHost(index: number, value: number): boolean {
    return this.#roles[index] === 'host' && Object.is(this.#host[index], value);
  }

  #apply(node: ProgramNode, values: readonly tf.Tensor[]): tf.Tensor {
    if (!('args' in node)) throw new Error(`unreachable: ${node.op} has no operands`);
    const constant = (key: string, value: number) => this.#cache.get(key, value);
    if (node.args.length === 1) return applyUnary(node.op as UnaryOp, this.#operand(node.args[0], values), constant);
    if (node.op === 'select') {
      const [c, a, b] = node.args;
      return applySelect(this.#operand(c, values), this.#operand(a, values), this.#operand(b, values));
    }
    const [a, b] = node.args as readonly [number, number];
    const op = node.op as BinaryOp;
    // Identities that hold bit for bit in IEEE arithmetic, NaN and signed zeros included.
    if ((op === 'mul' || op === 'div') && this.#isHost(b, 1)) return this.#operand(a, values);
    if (op === 'mul' && this.#isHost(a, 1)) return this.#operand(b, values);
    if (op === 'add' && this.#isHost(b, -0)) return this.#operand(a, values);
    if (op === 'add' && this.#isHost(a, -0)) return this.#operand(b, values);
    if (op === 'sub' && this.#isHost(b, 0)) return this.#operand(a, values);
    return applyBinary(op, this.#operand(a, values), this.#operand(b, values));
  }

  /**
   * What to assign to `slot`: `null` when the value is the slot's own tensor; a snapshot when
   * it is another slot written by this call (assigning in order would otherwise see that
   * slot's new value); uniform values broadcast to the binding's shape. An empty tensor has
   * nothing to write (and tfjs' broadcastTo would give a 0-d value shape [1]).
   */
  #output(binding: readonly tf.Tensor[], slot: number, value: tf.Tensor): tf.Tensor | null {
    const target = binding[slot]!;
    if (value === target || target.size === 0) return null;
    const other = binding.indexOf(value);
    if (other >= 0 && this.#written.has(other)) return tf.clone(value);
    return value.rank === target.rank ? value : tf.broadcastTo(value, target.shape);
  }
}
