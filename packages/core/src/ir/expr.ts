/**
 * The update-expression IR: a per-element update written once, as a small expression tree,
 * that every backend compiles into one fused pass over memory (WebAssembly SIMD, WGSL, or
 * tfjs ops). Values are float32 everywhere; constants are rounded to float32 when created.
 */

/** Elementwise functions of one argument. */
export type UnaryOp =
  | 'neg'
  | 'sqrt'
  | 'abs'
  | 'sign'
  /** neon's AP2: `sign(x) * 2^round(log2(max(|x|, e^-50)))`, rounding half to even. */
  | 'pow2Round';

/** Elementwise functions of two arguments. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min';

/** Elementwise functions of three arguments: `select(c, a, b)` is `c != 0 ? a : b` (NaN counts as nonzero). */
export type TernaryOp = 'select';

/** A node of an update expression. */
export type ExprNode =
  /** The current element of a tensor input (`param`, `grad`, or a state). */
  | {
      /** Which kind of node. */
      readonly kind: 'tensor';
      /** The tensor's name. */
      readonly name: string;
    }
  /** A per-step scalar, supplied at every call without recompiling. */
  | {
      /** Which kind of node. */
      readonly kind: 'scalar';
      /** The scalar's name. */
      readonly name: string;
    }
  /** A compile-time constant (float32). */
  | {
      /** Which kind of node. */
      readonly kind: 'const';
      /** Its value, a float32. */
      readonly value: number;
    }
  /** Sum of squares of a tensor input over every parameter of the call (a reduction). */
  | {
      /** Which kind of node. */
      readonly kind: 'sumOfSquares';
      /** The tensor's name. */
      readonly name: string;
    }
  /**
   * 1 when every element of a tensor input, over every parameter of the call, is finite
   * (not NaN, not ±Infinity), else 0 (a reduction; 1 for a call without elements).
   */
  | {
      /** Which kind of node. */
      readonly kind: 'allFinite';
      /** The tensor's name. */
      readonly name: string;
    }
  /** A function of one argument. */
  | {
      /** Which kind of node. */
      readonly kind: 'unary';
      /** The function. */
      readonly op: UnaryOp;
      /** Its argument. */
      readonly arg: ExprNode;
    }
  /** A function of two arguments. */
  | {
      /** Which kind of node. */
      readonly kind: 'binary';
      /** The function. */
      readonly op: BinaryOp;
      /** The left argument. */
      readonly lhs: ExprNode;
      /** The right argument. */
      readonly rhs: ExprNode;
    }
  /** `cond != 0 ? ifTrue : ifFalse`, per element; NaN counts as nonzero. */
  | {
      /** Which kind of node. */
      readonly kind: 'select';
      /** The condition. */
      readonly cond: ExprNode;
      /** The value where the condition is nonzero. */
      readonly ifTrue: ExprNode;
      /** The value where the condition is zero. */
      readonly ifFalse: ExprNode;
    };

/** Anything an {@link Expr} method accepts: another expression or a number (a constant). */
export type ExprLike = Expr | number;

const f32 = Math.fround;

function foldUnary(op: UnaryOp, x: number): number {
  switch (op) {
    case 'neg': return -x;
    case 'sqrt': return Math.sqrt(x);
    case 'abs': return Math.abs(x);
    case 'sign': return Math.sign(x);
    case 'pow2Round': return pow2Round(x);
  }
}

function foldBinary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return a * b;
    case 'div': return a / b;
    case 'max': return Math.max(a, b);
    case 'min': return Math.min(a, b);
  }
}

/** Smallest magnitude AP2 considers, neon's `e^-50`, as float32. */
export const POW2_ROUND_FLOOR = f32(Math.exp(-50));

/**
 * neon's AP2 in float32 semantics: the nearest power of two in log space, sign kept.
 * `round(log2(a))` goes up exactly when `a >= sqrt(2) * 2^floor(log2(a))`; as sqrt(2) is
 * irrational no float32 lies on the half, so half-to-even never has to break a tie.
 * Zero maps to zero: neon multiplies by `sgn(x)`, and the `e^-50` floor only keeps the log
 * finite (so a learning rate of 0 gives a step of 0, not one of 2^-72).
 */
export function pow2Round(x: number): number {
  if (Number.isNaN(x)) return x;
  if (f32(x) === 0) return 0; // sgn(0) = sgn(-0) = 0, and 0 * m is +0
  const a = Math.max(Math.abs(f32(x)), POW2_ROUND_FLOOR);
  if (a === Infinity) return Math.sign(x) * Infinity;
  let p = 2 ** Math.floor(Math.log2(a));
  if (p > a) p /= 2;
  if (p * 2 <= a) p *= 2;
  const up = a > f32(Math.SQRT2) * p;
  // Rounded to float32: just below the largest float32, the next power of two is infinite.
  return f32((x < 0 ? -1 : 1) * (up ? p * 2 : p));
}

/** An update expression. Build with the methods; numbers become float32 constants. */
export class Expr {
  /** The expression tree this wraps. */
  readonly node: ExprNode;

  private constructor(node: ExprNode) {
    this.node = node;
  }

  /** Wraps a node. */
  static of(node: ExprNode): Expr {
    return new Expr(node);
  }

  /** A float32 constant. */
  static constant(value: number): Expr {
    return new Expr({ kind: 'const', value: f32(value) });
  }

  /**
   * `cond != 0 ? ifTrue : ifFalse`, per element (NaN counts as nonzero). Picks a value, so
   * the result is one of the two bit for bit. A constant condition picks at build time.
   */
  static select(cond: ExprLike, ifTrue: ExprLike, ifFalse: ExprLike): Expr {
    const c = Expr.from(cond);
    const a = Expr.from(ifTrue);
    const b = Expr.from(ifFalse);
    const k = c.constantValue;
    if (k !== undefined) return k !== 0 ? a : b;
    if (a.node === b.node) return a;
    return new Expr({ kind: 'select', cond: c.node, ifTrue: a.node, ifFalse: b.node });
  }

  /** 1 when every element of tensor input `name` over the whole call is finite, else 0 (a reduction). */
  static allFinite(name: string): Expr {
    return new Expr({ kind: 'allFinite', name });
  }

  /** Normalises a number or expression to an expression. */
  static from(value: ExprLike): Expr {
    return value instanceof Expr ? value : Expr.constant(value);
  }

  /** The constant's value, or undefined when this is not a constant. */
  get constantValue(): number | undefined {
    return this.node.kind === 'const' ? this.node.value : undefined;
  }

  /** `this + other`. */
  add(other: ExprLike): Expr { return this.binary('add', other); }
  /** `this - other`. */
  sub(other: ExprLike): Expr { return this.binary('sub', other); }
  /** `this * other`. */
  mul(other: ExprLike): Expr { return this.binary('mul', other); }
  /** `this / other`. */
  div(other: ExprLike): Expr { return this.binary('div', other); }
  /** The larger of `this` and `other` (NaN if either is NaN). */
  max(other: ExprLike): Expr { return this.binary('max', other); }
  /** The smaller of `this` and `other` (NaN if either is NaN). */
  min(other: ExprLike): Expr { return this.binary('min', other); }
  /** `-this`. */
  neg(): Expr { return this.unary('neg'); }
  /** The square root. */
  sqrt(): Expr { return this.unary('sqrt'); }
  /** The magnitude. */
  abs(): Expr { return this.unary('abs'); }
  /** -1, 0 or 1. */
  sign(): Expr { return this.unary('sign'); }
  /** neon's AP2: the nearest power of two in log space, sign kept (see {@link pow2Round}). */
  pow2Round(): Expr { return this.unary('pow2Round'); }
  /** `x * x`. */
  square(): Expr { return this.mul(this); }
  /** `1 - x`. */
  oneMinus(): Expr { return Expr.constant(1).sub(this); }
  /** `min(max(x, lo), hi)`. */
  clip(lo: ExprLike, hi: ExprLike): Expr { return this.max(lo).min(hi); }

  private unary(op: UnaryOp): Expr {
    const c = this.constantValue;
    if (c !== undefined) return Expr.constant(foldUnary(op, c));
    return new Expr({ kind: 'unary', op, arg: this.node });
  }

  private binary(op: BinaryOp, otherLike: ExprLike): Expr {
    const other = Expr.from(otherLike);
    const a = this.constantValue;
    const b = other.constantValue;
    if (a !== undefined && b !== undefined) return Expr.constant(foldBinary(op, a, b));
    // Identities that hold bit for bit in IEEE arithmetic (x*0 does not: NaN*0 is NaN).
    if ((op === 'mul' && b === 1) || (op === 'div' && b === 1)) return this;
    if (op === 'mul' && a === 1) return other;
    if ((op === 'add' || op === 'sub') && b === 0) return this;
    if (op === 'add' && a === 0) return other;
    return new Expr({ kind: 'binary', op, lhs: this.node, rhs: other.node });
  }
}
