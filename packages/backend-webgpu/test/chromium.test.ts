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
  let report: PageReport;
  let context: BrowserContext | undefined;
  let server: Server | undefined;
  let profile: string | undefined;
  const log: string[] = [];

  beforeAll(async () => {
    const script = await bundlePage();
    const served = await servePage(script);
    server = served.server;
    profile = mkdtempSync(join(tmpdir(), 'descent-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    const page = await context.newPage();
    page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
    await page.goto(served.url);
    await page.waitForFunction(() => 'descentConformance' in window, undefined, { timeout: 900_000, polling: 500 });
    report = await page.evaluate(() => (window as unknown as { descentConformance: PageReport }).descentConformance);
    if (report.fatal) {
      throw new Error(
        `the conformance page could not start on WebGPU in Chromium (adapter: ${report.adapter ?? '?'}): ${report.fatal}\n` +
          `Chromium was ${CHROMIUM} with ${FLAGS.join(' ')}\n${log.slice(-20).join('\n')}`,
      );
    }
  }, 960_000);

  afterAll(async () => {
    await context?.close();
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('runs on a WebGPU adapter, with tfjs on its webgpu backend', () => {
    expect(report.adapter).not.toBe('none');
    expect(report.tfjsBackend).toBe('webgpu');
    expect(report.results.map((r) => r.name)).toEqual(conformanceChecks.map((c) => c.name));
  });

  for (const c of conformanceChecks) {
    it(`chromium: ${c.name}`, () => {
      const result = report.results.find((r) => r.name === c.name);
      if (!result) throw new Error(`the page did not report "${c.name}"`);
      if (!result.ok) throw new Error(`${result.error}\n--- page console ---\n${log.slice(-10).join('\n')}`);
    });
  }
});
