import '@tensorflow/tfjs-backend-cpu';
import { getBackend } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZERS } from './optimizers.js';
import { expectExactResume } from './resume.js';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  expect(getBackend().name).toBe('tfjs-ops');
});

// A failed comparison leaves variables registered; free their names for the next test.
afterEach(() => tf.disposeVariables());

describe('exact resume on the tfjs-ops evaluator (tfjs-backend-cpu)', () => {
  for (const [name, make] of Object.entries(OPTIMIZERS)) {
    it(name, () => {
      for (const k of [1, 4, 8]) expectExactResume(make, 10, k, true);
      expectExactResume(make, 10, 5, false);
    });
  }
});

describe('the comparison catches a lossy resume (controls)', () => {
  const adam = OPTIMIZERS['Adam (clip norm, power schedule)']!;
  it('states restored but Adam\'s t lost: not bit-identical', () => {
    expect(() => expectExactResume(adam, 10, 4, true, (state) => ({ ...state, counters: { t: 0 } }))).toThrow();
  });
  it('t restored but the moments lost (saved as not yet created): not bit-identical', () => {
    const dropStates = (state: { params: Record<string, { states: unknown[] }> }) => {
      for (const p of Object.values(state.params)) p.states = [];
      return state;
    };
    expect(() => expectExactResume(adam, 10, 4, true, dropStates)).toThrow();
  });
});
