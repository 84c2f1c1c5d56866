import { compileProgram, defineUpdate, Expr, fusePipeline, InvalidUpdateError } from '@descent/core';
import { describe, expect, it } from 'vitest';

const t = (name: string) => Expr.of({ kind: 'tensor', name });
const s = (name: string) => Expr.of({ kind: 'scalar', name });

describe('compileProgram', () => {
  it('shares common subexpressions and marks loop-invariant nodes uniform', () => {
    const shared = s('a').mul(s('b'));
    const program = compileProgram({
      name: 'p',
      tensors: ['param', 'grad'],
      readOnly: ['grad'],
      scalars: ['a', 'b'],
      outputs: { param: t('param').sub(shared.mul(t('grad'))).add(s('a').mul(s('b'))) },
    });
    const muls = program.nodes.filter((n) => n.op === 'mul');
    // a*b appears twice in the expression but once in the program; plus (a*b)*grad.
    expect(muls).toHaveLength(2);
    const ab = program.nodes.findIndex((n) => n.op === 'mul' && n.uniform);
    expect(ab).toBeGreaterThanOrEqual(0);
    expect(program.nodes.filter((n) => n.op === 'mul' && !n.uniform)).toHaveLength(1);
  });

  it('gives structurally equal programs the same key and different ones different keys', () => {
    const build = (op: 'add' | 'sub') =>
      compileProgram({ name: op, tensors: ['param', 'grad'], readOnly: ['grad'], scalars: ['lr'],
        outputs: { param: op === 'add' ? t('param').add(s('lr').mul(t('grad'))) : t('param').sub(s('lr').mul(t('grad'))) } });
    expect(build('add').key).toBe(build('add').key);
    expect(build('add').key).not.toBe(build('sub').key);
  });

  it('rejects unknown tensors and scalars, and writes to read-only inputs', () => {
    const base = { name: 'bad', tensors: ['param', 'grad'], readOnly: ['grad'], scalars: ['lr'] };
    expect(() => compileProgram({ ...base, outputs: { param: t('nope') } })).toThrow(InvalidUpdateError);
    expect(() => compileProgram({ ...base, outputs: { param: s('nope') } })).toThrow(/undeclared scalar "nope"/);
    expect(() => compileProgram({ ...base, outputs: { grad: t('param') } })).toThrow(/read-only tensor "grad"/);
  });
});

describe('defineUpdate and fusePipeline', () => {
  it('validates names', () => {
    const update = (() => ({ param: t('param') })) as never;
    expect(() => defineUpdate({ name: '', states: [], scalars: [], update })).toThrow(InvalidUpdateError);
    expect(() => defineUpdate({ name: 'x', states: ['grad'], scalars: [], update })).toThrow(/reserved/);
    expect(() => defineUpdate({ name: 'x', states: ['m', 'm'], scalars: [], update })).toThrow(/twice/);
    expect(() => defineUpdate({ name: 'x', states: ['a-b'], scalars: [], update })).toThrow(/identifier/);
  });

  it('requires an output for the param and every state, and nothing else', () => {
    const missing = defineUpdate({ name: 'm', states: ['v'], scalars: [], update: ({ param }) => ({ param }) as never });
    const flags = { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false };
    expect(() => fusePipeline(missing, flags)).toThrow(/expression for "v"/);
    const extra = defineUpdate({ name: 'e', states: [], scalars: [], update: ({ param }) => ({ param, w: param }) as never });
    expect(() => fusePipeline(extra, flags)).toThrow(/undeclared outputs: w/);
  });

  it('adds the norm-clip reduction only when norm clipping is on', () => {
    const rule = defineUpdate({ name: 'sgd', states: [], scalars: ['lr'],
      update: ({ param, grad }, sc, { clipScale }) => ({ param: param.sub(sc.lr.mul(clipScale).mul(grad)) }) });
    const off = fusePipeline(rule, { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false });
    const on = fusePipeline(rule, { gradientClipNorm: true, gradientClipValue: false, paramClipValue: false });
    expect(off.reductions).toEqual([]);
    expect(on.reductions).toEqual([1]);
    expect(on.key).not.toBe(off.key);
  });
});

describe('evaluateProgramOps', () => {
  it('broadcasts an output that reads no tensor element to the tensor\'s shape', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    const { createOpsBackend } = await import('@descent/core');
    const program = compileProgram({
      name: 'fill', tensors: ['param', 'grad'], readOnly: ['grad'], scalars: ['a'],
      outputs: { param: s('a').mul(2) },
    });
    const param = tf.variable(tf.zeros([2, 3]));
    createOpsBackend().runUpdate({ program, bindings: [[param, tf.zeros([2, 3])]], scalars: Float32Array.of(1.5) });
    expect(Array.from(await param.data())).toEqual([3, 3, 3, 3, 3, 3]);
    param.dispose();
  });
});

describe('evaluateProgramOps with outputs that are input tensors', () => {
  it('keeps p = p and a swap of two states correct', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    const { createOpsBackend } = await import('@descent/core');
    const program = compileProgram({
      name: 'swap', tensors: ['param', 'grad', 'a', 'b'], readOnly: ['grad'], scalars: [],
      outputs: { param: t('param'), a: t('b'), b: t('a') },
    });
    const [param, a, b] = [[1, 2], [3, 4], [5, 6]].map((v) => tf.variable(tf.tensor(v)));
    createOpsBackend().runUpdate({ program, bindings: [[param!, tf.zeros([2]), a!, b!]], scalars: new Float32Array(0) });
    expect(Array.from(await param!.data())).toEqual([1, 2]);
    expect(Array.from(await a!.data())).toEqual([5, 6]);
    expect(Array.from(await b!.data())).toEqual([3, 4]);
  });
});
