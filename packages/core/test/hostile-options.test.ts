import {
  checkEpoch, createOpsBackend, ExpSchedule, getBackend, InvalidOptionError, OptionReader, PolySchedule, PowerSchedule, Schedule,
  setBackend, ShiftSchedule, SPECIFICATION_VERSION, StepSchedule,
} from '@descent/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// By path: @descent/testing depends on @descent/core, so core cannot depend on it.
import { expectTypedRejection } from '../../testing/src/expect-typed-rejection.js';
import { HostileError, hostileOptions, hostileValue } from '../../testing/src/hostile-values.js';

const RUNS = { numRuns: 300 };

/** Plausible schedule option values: small integers, lists of them, fractions. */
const scheduleValue = fc.oneof(
  fc.integer({ min: -2, max: 12 }),
  fc.double({ min: 0, max: 2, noNaN: true }),
  fc.array(fc.integer({ min: -1, max: 30 }), { maxLength: 5 }),
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
);

const SCHEDULES: [string, readonly string[], (options: never) => { getLearningRate(lr: number, epoch: number): number }][] = [
  ['Schedule', ['stepConfig', 'change'], (o) => new Schedule(o)],
  ['StepSchedule', ['stepConfig', 'change'], (o) => new StepSchedule(o)],
  ['PowerSchedule', ['stepConfig', 'change'], (o) => new PowerSchedule(o)],
  ['ExpSchedule', ['decay'], (o) => new ExpSchedule(o)],
  ['PolySchedule', ['totalEpochs', 'power'], (o) => new PolySchedule(o)],
  ['ShiftSchedule', ['interval', 'shiftSize'], (o) => new ShiftSchedule(o)],
];

describe('hostile input: OptionReader', () => {
  const KNOWN = ['rate', 'flag', 'clip'];

  it('every rejection is a typed error naming the field, never a crash', () => {
    fc.assert(
      fc.property(hostileOptions(KNOWN), (options) => {
        let reader: OptionReader | undefined;
        expectTypedRejection(() => (reader = new OptionReader('Fuzz', options, KNOWN)), [...KNOWN, 'options']);
        if (!reader) return;
        expectTypedRejection(() => reader!.number('rate', { default: 0.5, min: 0, max: 1 }), ['rate']);
        expectTypedRejection(() => reader!.boolean('flag', false), ['flag']);
        expectTypedRejection(() => reader!.clipLimit('clip'), ['clip']);
      }),
      RUNS,
    );
  });

  it('is not fooled by prototype keys: JSON "__proto__" is an unknown option, inherited values are ignored', () => {
    const parsed = JSON.parse('{"__proto__": {"rate": 0.25}}') as unknown;
    expect(() => new OptionReader('Fuzz', parsed, KNOWN)).toThrow(/unknown option "__proto__"/);
    const inherited = Object.create({ rate: 0.25 }) as object;
    expect(new OptionReader('Fuzz', inherited, KNOWN).number('rate', { default: 0.5 })).toBe(0.5);
    const proto = Object.prototype as Record<string, unknown>;
    proto.rate = 0.25; // a polluted Object.prototype
    try {
      expect(new OptionReader('Fuzz', {}, KNOWN).number('rate', { default: 0.5 })).toBe(0.5);
    } finally {
      delete proto.rate;
    }
  });

  it('a throwing getter becomes an InvalidOptionError naming the option, with the original as its cause', () => {
    const options = Object.defineProperty({}, 'rate', {
      enumerable: true,
      get() {
        throw new HostileError('getter');
      },
    });
    let error: unknown;
    try {
      new OptionReader('Fuzz', options, KNOWN);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('rate');
    expect((error as Error).message).toMatch(/could not read option "rate": hostile getter/);
    expect((error as Error).cause).toBeInstanceOf(HostileError);
  });

  it('reads each getter once, so a value cannot change between its check and its use', () => {
    let reads = 0;
    const options = Object.defineProperty({}, 'rate', { enumerable: true, get: () => (reads++ === 0 ? 0.5 : Number.NaN) });
    const reader = new OptionReader('Fuzz', options, KNOWN);
    expect(reader.number('rate', { min: 0 })).toBe(0.5);
    expect(reader.number('rate', { min: 0 })).toBe(0.5);
    expect(reads).toBe(1);
  });
});

describe('hostile input: schedules', () => {
  for (const [name, known, make] of SCHEDULES) {
    it(`${name}: constructor rejections are typed and name the field`, () => {
      fc.assert(fc.property(hostileOptions(known, scheduleValue), (options) => {
        expectTypedRejection(() => make(options as never), [...known, 'options']);
      }), RUNS);
    });
  }

  it('getLearningRate: hostile rates and epochs are typed rejections; valid ones give a rate >= 0 (never NaN)', () => {
    const schedules = [
      new Schedule(), new Schedule({ stepConfig: 1, change: 3 }), new Schedule({ stepConfig: [0, 2], change: 0 }),
      new StepSchedule({ stepConfig: [1, 5], change: [0, 2] }), new PowerSchedule({ stepConfig: 1, change: 1e10 }),
      new ExpSchedule({ decay: 1e300 }), new PolySchedule({ totalEpochs: 3, power: 0.5 }), new ShiftSchedule({ interval: 1, shiftSize: 0 }),
    ];
    const number = fc.oneof(fc.double({ min: 0, max: 1e308, noNaN: true }), fc.constantFrom(0, -0, 1e308, 5e-324));
    fc.assert(
      fc.property(fc.constantFrom(...schedules.keys()), fc.oneof(number, hostileValue()), fc.oneof(number, hostileValue()), (i, rate, epoch) => {
        let result: unknown;
        const error = expectTypedRejection(() => (result = schedules[i]!.getLearningRate(rate as number, epoch as number)), ['learningRate', 'epoch']);
        if (error) return;
        expect(typeof result).toBe('number');
        expect(result as number, `rate ${String(rate)} at epoch ${String(epoch)}`).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('hostile input: epochs and backends', () => {
  it('checkEpoch', () => {
    fc.assert(fc.property(hostileValue(), (epoch) => {
      expectTypedRejection(() => checkEpoch(epoch), ['epoch']);
    }), RUNS);
  });

  it('createOpsBackend options and the batchSize setter', () => {
    fc.assert(
      fc.property(hostileOptions(['batchSize'], fc.double({ min: -1, max: 64 })), hostileValue(), (options, size) => {
        let backend: ReturnType<typeof createOpsBackend> | undefined;
        expectTypedRejection(() => (backend = createOpsBackend(options as never)), ['batchSize', 'options']);
        if (!backend) return;
        const before = backend.batchSize;
        const rejected = expectTypedRejection(() => (backend!.batchSize = size as number), ['batchSize']);
        if (rejected) expect(backend.batchSize).toBe(before);
        else expect(backend.batchSize).toBe(size);
      }),
      RUNS,
    );
  });

  it('setBackend: anything that is not a v1 Backend is a typed rejection and changes nothing', () => {
    const original = getBackend();
    const backendLike = fc
      .record({
        specificationVersion: fc.oneof(fc.constant(SPECIFICATION_VERSION), hostileValue()),
        name: fc.oneof(fc.constant('fuzz'), hostileValue()),
        runUpdate: fc.oneof(fc.constant(() => {}), hostileValue()),
      })
      .map((fields) => Object.assign({ batchSize: 1 }, fields));
    fc.assert(
      fc.property(fc.oneof(backendLike, hostileOptions(['specificationVersion', 'name', 'runUpdate', 'batchSize']), hostileValue()), (backend) => {
        const error = expectTypedRejection(() => setBackend(backend as never), ['backend', 'specificationVersion']);
        if (error) expect(getBackend()).toBe(original);
        setBackend(original);
      }),
      RUNS,
    );
  });
});

describe('hostile input: unreadable options objects', () => {
  it('a revoked Proxy or a Proxy whose ownKeys trap throws is an InvalidOptionError naming "options"', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const throwingKeys = new Proxy({}, { ownKeys: () => { throw new HostileError('ownKeys'); } });
    for (const options of [proxy, throwingKeys]) {
      const error = expectTypedRejection(() => new ExpSchedule(options as never), ['options']);
      expect(error).toBeInstanceOf(InvalidOptionError);
    }
  });

  it('a list longer than MAX_OPTION_LIST_LENGTH is rejected without being walked', () => {
    const huge = new Array(2 ** 32 - 1); // sparse: walking or copying it would hang or run out of memory
    const error = expectTypedRejection(() => new StepSchedule({ stepConfig: huge, change: huge }), ['stepConfig', 'change']);
    expect(error?.message).toMatch(/at most 65536 entries/);
  });
});
