import { FunctionBody } from '../wasm/function-body.js';
import { writeModule } from '../wasm/module-writer.js';
import { Op, SimdOp } from '../wasm/opcodes.js';

let cached: boolean | undefined;

/** A minimal module using a SIMD instruction: `i32x4.splat(0); drop`. */
function simdProbe(): Uint8Array<ArrayBuffer> {
  const body = new FunctionBody(0);
  body.i32(0).simd(SimdOp.i32x4Splat).op(Op.drop);
  return writeModule({ module: 'env', name: 'memory', minPages: 0, shared: false }, [
    { name: 'probe', params: [], results: [], body },
  ]);
}

/** Whether this engine validates WebAssembly fixed-width SIMD (detected once per process). */
export function simdSupported(): boolean {
  if (cached === undefined) {
    try {
      cached = WebAssembly.validate(simdProbe());
    } catch {
      cached = false;
    }
  }
  return cached;
}

/** Forgets the detection result (tests). */
export function resetSimdDetection(): void {
  cached = undefined;
}
