// tfjs-core with only what the page uses: the cpu backend as tfjs' fallback, and the gradients
// (tfjs-core registers none). The whole of @tensorflow/tfjs (webgl, layers, converter) is not bundled.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createPageBackends } from './backend/page-backends.js';
import { SurfacesTab } from './surfaces/surfaces-tab.js';
import { SURFACES } from './surfaces/surfaces.js';
import { TrainingTab } from './training/training-tab.js';
import { h } from './ui/dom.js';

function showTab(id: string): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('nav [data-tab]')) button.classList.toggle('active', button.dataset.tab === id);
  for (const tab of document.querySelectorAll<HTMLElement>('.tab')) tab.hidden = tab.id !== id;
}

async function start(): Promise<void> {
  const app = document.getElementById('app')!;
  const badges = document.getElementById('backends')!;
  const backends = await createPageBackends();
  badges.replaceChildren(
    h('span', { class: 'badge', 'data-backend-role': 'surfaces' }, 'paths: wasm'),
    h('span', { class: `badge ${backends.training}`, 'data-backend-role': 'training' }, `training: ${backends.training}`),
    h('span', { class: 'badge-note' }, backends.trainingNote),
  );
  const surfaces = new SurfacesTab(backends);
  const training = new TrainingTab(backends);
  app.replaceChildren(surfaces.element, training.element);
  for (const button of document.querySelectorAll<HTMLButtonElement>('nav [data-tab]')) button.addEventListener('click', () => showTab(button.dataset.tab!));
  showTab('surfaces-tab');
  document.body.dataset.ready = 'true';
  await surfaces.show(SURFACES[0]!);
}

start().catch((error: unknown) => {
  document.body.dataset.error = String((error as Error).message ?? error);
  document.getElementById('app')!.replaceChildren(h('p', { class: 'error' }, `The playground could not start: ${(error as Error).message}`));
  throw error;
});
