// Browser smoke check (not a test): bundles scripts/browser/smoke-page.js with esbuild, serves
// it on 127.0.0.1, and loads it in headless Chromium twice: plain (tfjs picks its SIMD build)
// and cross-origin isolated (COOP/COEP: tfjs picks its threaded build, whose memory is a
// SharedArrayBuffer). Prints what the page reports. Needs /usr/bin/chromium (or CHROMIUM=...).
// Usage: pnpm --filter @descent/backend-wasm build && node scripts/browser-smoke.mjs
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm'));
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

const bundle = await build({
  entryPoints: [join(here, 'browser/smoke-page.js')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  logLevel: 'error',
});
const script = bundle.outputFiles[0].text;
const html = '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>';

/** Serves the page; resolves `result` with the text the page POSTs to /result. */
function serve(isolated) {
  let report;
  const result = new Promise((resolve) => (report = resolve));
  const server = createServer(async (req, res) => {
    const headers = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/result' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      res.writeHead(204, headers).end();
      return report(body);
    }
    if (url.pathname === '/') return res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(html);
    if (url.pathname === '/page.js') return res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(script);
    if (url.pathname.startsWith('/wasm/') && url.pathname.endsWith('.wasm')) {
      const body = await readFile(join(wasmDir, url.pathname.slice(6).replace(/[^\w.-]/g, '')));
      return res.writeHead(200, { ...headers, 'Content-Type': 'application/wasm' }).end(body);
    }
    res.writeHead(404, headers).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, result })));
}

/** Opens `url` in headless Chromium until the page reports (or 120 s pass). */
async function load(url, result) {
  const args = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', url];
  const profile = await mkdtemp(join(tmpdir(), 'descent-smoke-'));
  const browser = spawn(chromium, ['--user-data-dir=' + profile, ...args], { stdio: 'ignore' });
  const exited = new Promise((resolve) => browser.once('exit', resolve));
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('ERROR timed out after 120 s'), 120_000)));
  try {
    return await Promise.race([result, timeout]);
  } finally {
    clearTimeout(timer);
    browser.kill();
    await exited;
    await rm(profile, { recursive: true, force: true });
  }
}

let failed = false;
for (const isolated of [false, true]) {
  const { server, result } = await serve(isolated);
  try {
    const line = await load(`http://127.0.0.1:${server.address().port}/`, result);
    console.log(`${isolated ? 'cross-origin isolated' : 'plain page          '}: ${line}`);
    if (!line.startsWith('RESULT ')) failed = true;
    else {
      const r = JSON.parse(line.slice('RESULT '.length));
      const ok = r.tfjsBackend === 'wasm' && typeof r.adamWorstErrorInTolerances === 'number' && r.adamWorstErrorInTolerances <= 1;
      if (!(ok && r.gdmBitwise === true && r.kernelCalls > 0 && r.sharedMemory === isolated)) failed = true;
    }
  } finally {
    server.close();
  }
}
console.log(failed ? 'browser smoke: FAILED' : 'browser smoke: ok');
process.exitCode = failed ? 1 : 0;
