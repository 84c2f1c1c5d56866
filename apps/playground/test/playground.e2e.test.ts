import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, buildHasWebgpuPackage } from './support/build-app.js';
import { type Browser, launchChromium } from './support/chromium.js';
import { serveDirectory, type StaticServer } from './support/static-server.js';

const ARTIFACTS = fileURLToPath(new URL('../../../artifacts/', import.meta.url));
const SURFACE_OPTIMIZERS = ['gdm', 'nesterov', 'rmsprop', 'adagrad', 'adadelta', 'adam', 'shift-adamax'];
/** How close Adam must end to Beale's minimum (3, 0.5), from a start 2.2 away, in 500 steps. */
const BEALE_RADIUS = 0.1;

interface CardResult {
  optimizer: string;
  x: number;
  y: number;
  value: number;
  startValue: number;
  distance: number;
  steps: number;
}

let dist: string;
let server: StaticServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function cards(): Promise<CardResult[]> {
  return page.$$eval('#surfaces-tab .card', (elements) =>
    elements.map((e) => {
      const d = (e as HTMLElement).dataset;
      return { optimizer: d.optimizer!, x: Number(d.finalX), y: Number(d.finalY), value: Number(d.finalValue), startValue: Number(d.startValue), distance: Number(d.distance), steps: Number(d.steps) };
    }),
  );
}

async function runCount(): Promise<number> {
  return Number(await page.getAttribute('#surfaces-tab', 'data-run'));
}

/** Waits until the surfaces tab has finished a run after `previous` runs. */
async function waitForRun(previous: number): Promise<void> {
  await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('#surfaces-tab')?.dataset.run ?? 0) > n && document.querySelector<HTMLElement>('#surfaces-tab')?.dataset.state === 'done', previous, { timeout: 120_000 });
}

beforeAll(async () => {
  browser = await launchChromium(); // first: a missing Chromium fails fast and clearly
  dist = await buildApp();
  server = await serveDirectory(dist);
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true' || document.body.dataset.error !== undefined, undefined, { timeout: 120_000 });
  expect(await page.getAttribute('body', 'data-error')).toBeNull();
  await waitForRun(0);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dist) await rm(dist, { recursive: true, force: true });
});

describe('the playground in Chromium', () => {
  it('shows where training runs: WebGPU when this build has the package (Chromium has a SwiftShader adapter), wasm otherwise', async () => {
    const backend = await page.getAttribute('#training-tab', 'data-backend');
    const badge = await page.textContent('[data-backend-role="training"]');
    expect(badge).toBe(`training: ${backend}`);
    if (buildHasWebgpuPackage()) expect(backend).toBe('webgpu');
    else {
      expect(backend).toBe('wasm');
      expect(await page.textContent('#backends')).toContain('@descent/backend-webgpu is not part of this build');
    }
  });

  it(`Beale: every optimizer's end point is finite and lower than the start; Adam ends within ${BEALE_RADIUS} of (3, 0.5)`, async () => {
    expect(await page.getAttribute('#surfaces-tab', 'data-surface')).toBe('beale');
    const results = await cards();
    expect(results.map((r) => r.optimizer)).toEqual(SURFACE_OPTIMIZERS);
    for (const r of results) {
      expect(r.steps, r.optimizer).toBe(500);
      expect(Number.isFinite(r.x) && Number.isFinite(r.y), r.optimizer).toBe(true);
      expect(r.value, r.optimizer).toBeLessThan(r.startValue);
    }
    const adam = results.find((r) => r.optimizer === 'adam')!;
    expect(adam.distance).toBeLessThan(BEALE_RADIUS);
    expect(Math.hypot(adam.x - 3, adam.y - 0.5)).toBeCloseTo(adam.distance, 6);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}playground.png`, fullPage: true });
  });

  it('the learning-rate slider drives the real optimizer: a tiny Adam step size stops it short of the minimum', async () => {
    const before = await runCount();
    await page.locator('#adam-learningRate').fill('0'); // the slider's lowest position: 1e-4
    await waitForRun(before);
    const adam = (await cards()).find((r) => r.optimizer === 'adam')!;
    expect(adam.distance).toBeGreaterThan(1);
    const afterSlider = await runCount();
    await page.click('[data-surface-button="beale"]'); // back to the presets
    await waitForRun(afterSlider);
    expect((await cards()).find((r) => r.optimizer === 'adam')!.distance).toBeLessThan(BEALE_RADIUS);
  });

  for (const surface of ['rosenbrock', 'saddle', 'himmelblau']) {
    it(`${surface}: every optimizer takes every step and ends at a finite point below its start`, async () => {
      const before = await runCount();
      await page.click(`[data-surface-button="${surface}"]`);
      await waitForRun(before);
      expect(await page.getAttribute('#surfaces-tab', 'data-surface')).toBe(surface);
      for (const r of await cards()) {
        expect(r.steps, r.optimizer).toBe(500);
        expect(Number.isFinite(r.x) && Number.isFinite(r.y), r.optimizer).toBe(true);
        expect(r.value, r.optimizer).toBeLessThan(r.startValue);
      }
      if (surface === 'himmelblau') {
        const adam = (await cards()).find((r) => r.optimizer === 'adam')!;
        expect(adam.distance).toBeLessThan(0.1);
      }
    });
  }

  it('trains the classifier live: the loss falls over 20 epochs and the page shows it', async () => {
    await page.click('[data-tab="training-tab"]');
    await page.locator('#epochs').fill('20');
    await page.click('#train');
    // WebGPU on SwiftShader (a CPU) takes a minute or two here.
    await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector<HTMLElement>('#training-tab')?.dataset.state ?? ''), undefined, { timeout: 600_000 });
    const d = await page.$eval('#training-tab', (e) => ({ ...(e as HTMLElement).dataset }));
    expect(d.error).toBeUndefined();
    expect(d.state).toBe('done');
    expect(Number(d.epochsDone)).toBe(20);
    expect(Number(d.lastLoss)).toBeLessThan(Number(d.firstLoss) * 0.5);
    expect(Number(d.accuracy)).toBeGreaterThan(0.8);
    expect(await page.textContent('.status')).toMatch(/^epoch 20\/20: loss [\d.e-]+, accuracy [\d.]+%$/);
    await page.screenshot({ path: `${ARTIFACTS}playground-training.png`, fullPage: true });
  }, 700_000);

  it('raised no error in the page', () => {
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });
});
