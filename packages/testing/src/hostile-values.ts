import fc from 'fast-check';

// No @descent import here: @descent/core's own tests use this file by path (core cannot
// depend on this package, which depends on core).

/** Thrown by the getters and Proxy traps {@link hostileValue} builds, so tests can recognise it. */
export class HostileError extends Error {
  constructor(what: string) {
    super(`hostile ${what}`);
    this.name = 'HostileError';
  }
}

const boom = (what: string) => (): never => {
  throw new HostileError(what);
};

/** fast-check prints failing inputs; hostile objects print through this, never their traps. */
const PRINT = new Set<PropertyKey>([fc.toStringMethod, fc.asyncToStringMethod]);

function show(value: unknown): string {
  try {
    return fc.stringify(value);
  } catch {
    return '<unprintable>';
  }
}

/** Gives `target` a non-enumerable fast-check print method (invisible to Object.keys). */
function labelled<T extends object>(target: T, text: string): T {
  Object.defineProperty(target, fc.toStringMethod, { value: () => text, enumerable: false });
  return target;
}

/** A Proxy whose every trap throws on string keys (symbols are left to the test tools). */
function throwingProxy(target: object, text: string): object {
  const trap = boom('proxy trap');
  return new Proxy(target, {
    // Symbol keys are the test tools' probes (fast-check's print and clone hooks): answered.
    get: (_t, key) => (key === fc.toStringMethod ? () => text : typeof key === 'symbol' ? undefined : trap()),
    has: (_t, key) => (typeof key === 'symbol' ? key === fc.toStringMethod : trap()),
    ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap,
    set: trap, defineProperty: trap, deleteProperty: trap, apply: trap, construct: trap,
  });
}

/** A revoked Proxy: even `Array.isArray` throws on it. Only used inside labelled objects. */
function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function nested(depth: number, array: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = array ? [value] : { a: value };
  return value;
}

const SPECIAL_NUMBERS = [
  Number.NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 1 - 2 ** -53, 1 + 2 ** -52, 2, 1e-45, 1e-320,
  Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 2 ** 31, -(2 ** 31), 2 ** 32, 1e308, -1e308,
];

/**
 * Values an option parser must survive: special and huge numbers, negative sizes, strings,
 * symbols, bigints, functions, deep nesting, huge (sparse) arrays, objects with `__proto__`,
 * `constructor` and `prototype` keys made by `JSON.parse`, objects whose getters, `toString`
 * or `Symbol.toPrimitive` throw {@link HostileError}, and Proxies whose traps throw (or that
 * are revoked). Fresh objects are built per sample, so a parser that mutates them cannot
 * poison later runs.
 */
export function hostileValue(): fc.Arbitrary<unknown> {
  const factories: (() => unknown)[] = [
    () => JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}'),
    () => JSON.parse('{"prototype": 1, "valueOf": 2, "toString": 3}'),
    () => Object.create(null),
    () => labelled({ toString: boom('toString'), valueOf: boom('valueOf') }, '{ toString() { throw } }'),
    () => labelled({ [Symbol.toPrimitive]: boom('toPrimitive') }, '{ [Symbol.toPrimitive]() { throw } }'),
    () => labelled(Object.defineProperty({}, 'length', { get: boom('getter'), enumerable: true }), '{ get length() { throw } }'),
    () => throwingProxy({}, 'Proxy({}, throwing traps)'),
    () => throwingProxy([], 'Proxy([], throwing traps)'),
    () => labelled([revokedProxy()], '[revoked Proxy]'),
    () => new Array(2 ** 32 - 1),
    () => labelled(new Array(1e6).fill(1), 'new Array(1e6).fill(1)'),
    () => Object.assign(new Array(3), { 1: 5 }),
    () => labelled(nested(10_000, false) as object, '{ a: { a: ... 10,000 deep } }'),
    () => labelled(nested(10_000, true) as object, '[[... 10,000 deep ]]'),
    () => new Float32Array(4),
    () => new Map([['learningRate', 1]]),
    () => new Date(Number.NaN),
    () => /x/,
    () => function named() {},
    () => class Named {},
    () => Symbol('hostile'),
    () => Symbol.for('descent.error'),
    () => 'x'.repeat(1e5),
    () => ({ [Symbol.for('descent.error')]: true, message: 'fake DescentError' }),
  ];
  return fc.oneof(
    fc.constantFrom(...SPECIAL_NUMBERS),
    fc.double(),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
    fc.double({ min: -2, max: 2, noNaN: true }),
    fc.bigInt(),
    fc.string(),
    fc.constantFrom('0.1', '1e3', '', 'NaN', 'constructor', '__proto__'),
    fc.constantFrom(null, undefined, true, false),
    fc.array(fc.double(), { maxLength: 8 }),
    fc.array(fc.integer({ min: -3, max: 20 }), { maxLength: 8 }),
    fc.constantFrom(...factories.keys()).map((i) => factories[i]!()),
  );
}

/** How an options object is presented to the parser. */
type Presentation = 'plain' | 'json' | 'getters' | 'throwing-getter' | 'proxy' | 'null-prototype';

/** The options object for `fields` presented `how`; fast-check prints it as `text`. */
function present(fields: [string, unknown][], how: Presentation, victim: number): unknown {
  const text = `${how} options {${fields.map(([k, v]) => `${JSON.stringify(k)}: ${show(v)}`).join(', ')}}`;
  const victimKey = fields.length > 0 ? fields[victim % fields.length]![0] : undefined;
  switch (how) {
    case 'plain':
      return labelled(Object.fromEntries(fields), text);
    case 'null-prototype':
      return labelled(Object.assign(Object.create(null) as object, Object.fromEntries(fields)), text);
    case 'json': {
      // JSON.parse makes own "__proto__" keys (an object literal would set the prototype).
      const json = `{${fields.map(([k], i) => `${JSON.stringify(k)}: ${i}`).join(',')}}`;
      const parsed = JSON.parse(json) as Record<string, unknown>;
      fields.forEach(([k, v]) => Object.defineProperty(parsed, k, { value: v, enumerable: true, writable: true, configurable: true }));
      return labelled(parsed, text);
    }
    case 'getters':
    case 'throwing-getter': {
      const target = {};
      fields.forEach(([k, v]) =>
        Object.defineProperty(target, k, {
          enumerable: true,
          get: how === 'throwing-getter' && k === victimKey ? boom(`getter of "${k}"`) : () => v,
        }),
      );
      return labelled(target, text);
    }
    case 'proxy':
      // Throws when the parser reads one of the fields.
      return new Proxy(Object.fromEntries(fields), {
        get: (t, k, r) => {
          if (PRINT.has(k)) return k === fc.toStringMethod ? () => text : undefined;
          return k === victimKey ? boom(`proxy get of "${k}"`)() : Reflect.get(t, k, r);
        },
        has: (t, k) => k === fc.toStringMethod || Reflect.has(t, k),
      });
  }
}

/**
 * Options objects for a parser whose known option names are `known`: some known keys (and
 * now and then an unknown one or a prototype key), each given a {@link hostileValue} or, as
 * often, a plausible value from `plausible` (so valid objects are generated too), presented
 * as a plain object, a `JSON.parse` result, an object of getters (one of which may throw), a
 * Proxy, or a null-prototype object. Sometimes the options themselves are a hostile value.
 */
export function hostileOptions(known: readonly string[], plausible: fc.Arbitrary<unknown> = fc.double({ min: 0, max: 1 })): fc.Arbitrary<unknown> {
  const key = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'learning_rate') },
    { weight: 1, arbitrary: fc.string() },
  );
  const field = fc.tuple(key, fc.oneof(plausible, hostileValue()));
  const object = fc
    .tuple(
      fc.uniqueArray(field, { selector: ([k]) => k, maxLength: known.length + 1 }),
      fc.constantFrom<Presentation>('plain', 'plain', 'json', 'getters', 'throwing-getter', 'proxy', 'null-prototype'),
      fc.nat(),
    )
    .map(([fields, how, victim]) => present(fields, how, victim));
  return fc.oneof({ weight: 6, arbitrary: object }, { weight: 1, arbitrary: hostileValue() });
}
