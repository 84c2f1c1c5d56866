import { Expr, pow2Round, POW2_ROUND_FLOOR } from '@descent/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const x = Expr.of({ kind: 'tensor', name: 'param' });

describe('Expr', () => {
  it('folds constants in float32', () => {
    expect(Expr.constant(0.1).add(0.2).constantValue).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    expect(Expr.constant(4).sqrt().constantValue).toBe(2);
    expect(Expr.constant(0.9).oneMinus().constantValue).toBe(Math.fround(1 - Math.fround(0.9)));
  });

  it('drops only the identities that are exact in IEEE arithmetic', () => {
    expect(x.mul(1)).toBe(x);
    expect(x.div(1)).toBe(x);
    expect(x.add(0)).toBe(x);
    expect(Expr.constant(1).mul(x)).toBe(x);
    // x*0 is not 0 for NaN or infinities, so it must stay an operation.
    expect(x.mul(0).node.kind).toBe('binary');
  });

  it('builds clip as max then min', () => {
    const node = x.clip(-1, 1).node;
    expect(node.kind === 'binary' && node.op).toBe('min');
    expect(node.kind === 'binary' && node.lhs.kind === 'binary' && node.lhs.op).toBe('max');
  });
});

describe('pow2Round (neon AP2)', () => {
  it('matches sign(x) * 2^round(log2(max(|x|, e^-50))) computed in float64, rounded to float32', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const a = Math.max(Math.abs(value), POW2_ROUND_FLOOR);
        // No float32 lies exactly on a half in log2 space, so Math.round's tie rule never matters.
        // sgn(-0) is 0 as in numpy and tfjs (not JS's -0), so AP2(-0) is +0.
        const sign = Math.sign(value) || 0;
        const expected = Math.fround(sign * 2 ** Math.round(Math.log2(a))) || 0;
        expect(pow2Round(value)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds at sqrt(2) between powers of two', () => {
    const below = Math.fround(Math.SQRT2); // float32(sqrt 2) is just below sqrt 2
    const above = new Float32Array(new Uint32Array([new Uint32Array(new Float32Array([below]).buffer)[0]! + 1]).buffer)[0]!;
    expect(pow2Round(below)).toBe(1);
    expect(pow2Round(above)).toBe(2);
    expect(pow2Round(-3 * 2 ** -10)).toBe(-(2 ** -8));
  });

  it('maps 0 to 0 (neon multiplies by sgn(x)) and floors other magnitudes at e^-50', () => {
    expect(pow2Round(0)).toBe(0);
    expect(pow2Round(1e-46)).toBe(0); // 0 in float32
    expect(pow2Round(POW2_ROUND_FLOOR / 4)).toBe(2 ** Math.round(Math.log2(POW2_ROUND_FLOOR)));
    expect(pow2Round(-1e-30)).toBe(-(2 ** -72));
  });
});
