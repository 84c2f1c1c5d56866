// What overhead.mjs and invalidation-cost.mjs share: timing a few functions with warm caches
// and right after streaming 64 MB of the tfjs wasm heap through them (what a step's kernel does
// to the next step's bookkeeping). Not a test.
import * as tf from '@tensorflow/tfjs-core';

/** Reads one float per cache line of a 64 MB tensor on the active tfjs wasm backend. */
export function cacheFlusher() {
  const big = tf.randomUniform([16e6]);
  const backend = tf.backend();
  const heap = new Float32Array(backend.wasm.asm.memory.buffer, backend.dataIdMap.get(big.dataId).memoryOffset, 16e6);
  return () => {
    let sum = 0;
    for (let i = 0; i < heap.length; i += 16) sum += heap[i];
    return sum;
  };
}

/**
 * Warms every run up (2000 calls each), then per run and round: flush, time one call (cold),
 * time the next (warm). Returns each run's median times in ms, `{ name: { warm, cold } }`.
 */
export function timeColdWarm(runs, rounds) {
  const flush = cacheFlusher();
  for (let i = 0; i < 2000; i++) for (const run of Object.values(runs)) run();
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const times = {};
  for (const [name, run] of Object.entries(runs)) {
    const warm = [];
    const cold = [];
    for (let r = 0; r < rounds; r++) {
      flush();
      let t0 = performance.now();
      run();
      cold.push(performance.now() - t0);
      t0 = performance.now();
      run();
      warm.push(performance.now() - t0);
    }
    times[name] = { warm: median(warm), cold: median(cold) };
  }
  return times;
}
