import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageReport } from './browser/page.js';
import { bundlePage, servePage } from './browser/serve-page.js';
import { conformanceChecks } from './conformance/index.js';

const CHROMIUM = '/usr/bin/chromium';
// DESIGN.md's flags: WebGPU on SwiftShader, nothing reaching out to the network.
const FLAGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--headless=new',
];

describe('conformance in headless Chromium (Debian chromium, SwiftShader WebGPU)', () => {
  let report: PageReport = { results: [] };
  let setupError: Error | undefined;
  let context: BrowserContext | undefined;
  let server: Server | undefined;
  let profile: string | undefined;
  const log: string[] = [];

  beforeAll(async () => {
    try {
      await runPage();
    } catch (error) {
      // Every test below fails with this, rather than being skipped.
      setupError = error instanceof Error ? error : new Error(String(error));
    }
  }, 960_000);

  async function runPage(): Promise<void> {
    const script = await bundlePage();
    const served = await servePage(script);
    server = served.server;
    profile = mkdtempSync(join(tmpdir(), 'descent-chromium-'));
    try {
      context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    } catch (cause) {
      throw new Error(`could not launch ${CHROMIUM} (Debian's chromium; .ci/run installs it with apt-get): ${String(cause)}`);
    }
    const page = await context.newPage();
    page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
    const crashed = new Promise<never>((_, reject) => {
      page.on('pageerror', (e) => reject(new Error(`the conformance page threw before reporting: ${e.message}`)));
    });
    crashed.catch(() => {}); // a late page error is in the log; only one before the report fails here
    await page.goto(served.url);
    await Promise.race([page.waitForFunction(() => 'descentConformance' in window, undefined, { timeout: 900_000, polling: 500 }), crashed]);
    report = await page.evaluate(() => (window as unknown as { descentConformance: PageReport }).descentConformance);
    if (report.fatal) {
      throw new Error(
        `the conformance page could not start on WebGPU in Chromium (adapter: ${report.adapter ?? '?'}): ${report.fatal}\n` +
          `Chromium was ${CHROMIUM} with ${FLAGS.join(' ')}\n${log.slice(-20).join('\n')}`,
      );
    }
  }

  afterAll(async () => {
    await context?.close();
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('runs on a WebGPU adapter, with tfjs on its webgpu backend', () => {
    if (setupError) throw setupError;
    expect(report.adapter).not.toBe('none');
    expect(report.tfjsBackend).toBe('webgpu');
    expect(report.results.map((r) => r.name)).toEqual(conformanceChecks.map((c) => c.name));
  });

  for (const c of conformanceChecks) {
    it(`chromium: ${c.name}`, () => {
      if (setupError) throw setupError;
      const result = report.results.find((r) => r.name === c.name);
      if (!result) throw new Error(`the page did not report "${c.name}"`);
      if (!result.ok) throw new Error(`${result.error}\n--- page console ---\n${log.slice(-10).join('\n')}`);
    });
  }
});
