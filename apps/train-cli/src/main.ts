import * as tf from '@tensorflow/tfjs';
import { setBackend } from '@descent/core';
import { createBackend } from '@descent/backend-wasm';
import { Adam } from '@descent/adam';
import { Mlp } from './mlp.js';
import { twoSpirals } from './spirals.js';

const EPOCHS = 30;
const BATCH = 64;

async function main(): Promise<void> {
  // The embedded default: fused WebAssembly SIMD updates on tfjs-backend-wasm's heap.
  setBackend(await createBackend());
  const { x, y } = twoSpirals(1024);
  const model = new Mlp([32, 32]);
  const optimizer = new Adam({ learningRate: 0.01 });
  const batches = Math.ceil(x.shape[0] / BATCH);
  console.log(`two spirals, ${x.shape[0]} points; MLP 2-32-32-2; Adam; Descent backend wasm (tfjs ${tf.getBackend()})`);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    let total = 0;
    for (let b = 0; b < batches; b++) {
      const [xb, yb] = [x.slice(b * BATCH, BATCH), y.slice(b * BATCH, BATCH)];
      total += model.step(xb, yb);
      optimizer.optimize(model.layers, epoch);
      xb.dispose();
      yb.dispose();
    }
    if (epoch % 5 === 4 || epoch === 0) console.log(`epoch ${String(epoch + 1).padStart(2)}  loss ${(total / batches).toFixed(4)}`);
  }
  console.log(`accuracy ${(model.accuracy(x, y) * 100).toFixed(1)}%`);
}

await main();
