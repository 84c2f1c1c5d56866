import { BackendError } from '@descent/core';
import { expect, it } from 'vitest';
import { wasmBackend } from './helpers.js';

it('throws a BackendError when tf.setBackend("wasm") does not really activate wasm', async () => {
  // tfjs-backend-wasm cannot find its binary there, and tfjs falls back to another backend.
  const restore = console.warn;
  console.warn = () => {};
  try {
    const attempt = wasmBackend({ wasmPaths: '/nonexistent/descent-test/' });
    await expect(attempt).rejects.toThrow(BackendError);
    await expect(attempt).rejects.toThrow(/returned false: tfjs-backend-wasm failed to initialise/);
  } finally {
    console.warn = restore;
  }
});
