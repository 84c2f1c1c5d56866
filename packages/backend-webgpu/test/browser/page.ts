// The conformance page: bundled by chromium.test.ts with esbuild, run in headless Chromium.
import { createBackend } from '@descent/backend-webgpu';
import { setBackend } from '@descent/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { conformanceChecks } from '../conformance/index.js';

/** What the page reports on `window.descentConformance` when it is done. */
export interface PageReport {
  /** Set when WebGPU or the backend could not be set up at all. */
  fatal?: string;
  adapter?: string;
  tfjsBackend?: string;
  results: { name: string; ok: boolean; error?: string; ms: number }[];
}

async function adapterName(): Promise<string> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) return 'none';
  const { vendor, architecture, description } = adapter.info;
  return [vendor, architecture, description].filter(Boolean).join(' / ');
}

async function main(): Promise<PageReport> {
  const report: PageReport = { results: [] };
  try {
    report.adapter = await adapterName();
    const backend = await createBackend();
    setBackend(backend);
    report.tfjsBackend = tf.getBackend();
    for (const check of conformanceChecks) {
      const start = performance.now();
      try {
        await check.run({ backend });
        report.results.push({ name: check.name, ok: true, ms: performance.now() - start });
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? `\nCaused by: ${error.cause.message}` : '';
        const text = error instanceof Error ? `${error.message}${cause}\n${error.stack ?? ''}` : String(error);
        report.results.push({ name: check.name, ok: false, error: text, ms: performance.now() - start });
      }
      document.title = `${report.results.length}/${conformanceChecks.length}`;
    }
  } catch (error) {
    report.fatal = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return report;
}

void main().then((report) => {
  (window as unknown as { descentConformance: PageReport }).descentConformance = report;
});
