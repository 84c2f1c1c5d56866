import { DATASET_NAMES, type DatasetName, generateDataset, HYPERPARAMETERS, type HyperparameterKey, type Hyperparameters, hyperparametersOf, OPTIMIZER_NAMES, type OptimizerName, OPTIMIZERS } from '@descent/example-kit';
import type { PageBackends } from '../backend/page-backends.js';
import { formatNumber, h } from '../ui/dom.js';
import { hyperparameterSlider } from '../ui/hyperparameter-slider.js';
import { OPTIMIZER_COLORS } from '../ui/optimizer-colors.js';
import { renderDecisionMap } from './decision-map.js';
import { trainLive } from './live-training.js';
import { type LossPoint, renderLossChart } from './loss-chart.js';

const SLIDER_KEYS: readonly HyperparameterKey[] = ['learningRate', 'momentumCoef', 'beta1', 'beta2', 'epsilon', 'decayRate', 'decay', 'biasLearningRate'];
const SAMPLES = 512;
const SEED = 1;

function select<T extends string>(id: string, options: readonly T[], initial: T, label: (o: T) => string = (o) => o): HTMLSelectElement {
  return h('select', { id }, ...options.map((o) => h('option', { value: o, selected: o === initial }, label(o))));
}

/**
 * The "train a classifier" tab: a small @descent/layers MLP learns a generated 2-D dataset live,
 * with a loss chart and a decision map, on WebGPU when the page has it and wasm otherwise. The
 * section's data attributes (`data-state`, `data-backend`, `data-epochs-done`, `data-first-loss`,
 * `data-last-loss`, `data-accuracy`) expose the run to tests.
 */
export class TrainingTab {
  readonly element: HTMLElement;
  readonly #backends: PageBackends;
  readonly #dataset = select<DatasetName>('dataset', DATASET_NAMES, 'spirals');
  readonly #optimizer = select<OptimizerName>('optimizer', OPTIMIZER_NAMES, 'adam', (name) => OPTIMIZERS[name].title);
  readonly #epochs = h('input', { type: 'range', min: 5, max: 300, step: 5, value: 60, id: 'epochs' });
  readonly #batch = select('batch-size', ['32', '64', '128', '512'], '64');
  readonly #sliders = h('div', { class: 'sliders' });
  readonly #status = h('p', { class: 'status' }, 'Ready.');
  readonly #chart = h('div', { class: 'chart' });
  readonly #map = h('div', { class: 'map' });
  readonly #train = h('button', { type: 'button', id: 'train', class: 'primary' }, 'Train');
  readonly #stop = h('button', { type: 'button', id: 'stop', disabled: true }, 'Stop');
  #values: Hyperparameters = {};
  #stopRequested = false;

  constructor(backends: PageBackends) {
    this.#backends = backends;
    const epochsOutput = h('output', {}, this.#epochs.value);
    this.#epochs.addEventListener('input', () => (epochsOutput.textContent = this.#epochs.value));
    this.#optimizer.addEventListener('change', () => this.#resetSliders());
    this.#dataset.addEventListener('change', () => this.#showData());
    this.#train.addEventListener('click', () => void this.train());
    this.#stop.addEventListener('click', () => (this.#stopRequested = true));
    const where = backends.training === 'webgpu' ? `WebGPU (${backends.trainingNote})` : `wasm (${backends.trainingNote})`;
    const controls = h(
      'div',
      { class: 'controls' },
      h('p', { class: 'backend-line' }, 'Trains on Descent\'s ', h('strong', { id: 'training-backend' }, backends.training), ` backend: ${where}.`),
      h('div', { class: 'row' }, h('label', {}, 'data ', this.#dataset), h('label', {}, 'optimizer ', this.#optimizer), h('label', {}, 'batch ', this.#batch)),
      this.#sliders,
      h('label', { class: 'slider' }, h('span', { class: 'slider-name' }, 'epochs'), this.#epochs, epochsOutput),
      h('div', { class: 'row' }, this.#train, this.#stop),
      this.#status,
      h('p', { class: 'note' }, `MLP 2-32-32-2 (Affine + Rectlin, Affine + Softmax) from @descent/layers, ${SAMPLES} points, summed cross-entropy with backend.batchSize = batch size.`),
    );
    this.element = h('section', { id: 'training-tab', class: 'tab', 'data-state': 'idle', 'data-backend': backends.training }, controls, h('div', { class: 'charts' }, this.#chart, this.#map));
    this.#resetSliders();
    this.#showData();
  }

  #data() {
    return generateDataset(this.#dataset.value as DatasetName, { count: SAMPLES, seed: SEED });
  }

  #showData(): void {
    this.#map.replaceChildren(renderDecisionMap(this.#data(), undefined));
    this.#chart.replaceChildren(renderLossChart([], OPTIMIZER_COLORS[this.#optimizer.value as OptimizerName]));
  }

  #resetSliders(): void {
    const name = this.#optimizer.value as OptimizerName;
    this.#values = { ...OPTIMIZERS[name].defaults };
    const keys = hyperparametersOf(name).filter((key) => SLIDER_KEYS.includes(key));
    this.#sliders.replaceChildren(...keys.map((key) => hyperparameterSlider(HYPERPARAMETERS[key], this.#values[key]!, (v) => (this.#values = { ...this.#values, [key]: v }), 'train')));
  }

  /** Trains with the current settings; resolves when the run ends. */
  async train(): Promise<void> {
    const name = this.#optimizer.value as OptimizerName;
    const data = this.#data();
    const points: LossPoint[] = [];
    const dataset = this.element.dataset;
    for (const key of ['firstLoss', 'lastLoss', 'accuracy', 'error']) delete dataset[key];
    Object.assign(dataset, { state: 'training', epochsDone: '0' });
    this.#stopRequested = false;
    this.#train.disabled = true;
    this.#stop.disabled = false;
    const epochs = Number(this.#epochs.value);
    try {
      await trainLive(this.#backends, this.#backends.training, { data, optimizer: name, values: this.#values, epochs, batchSize: Number(this.#batch.value), seed: SEED }, (report) => {
        points.push(report);
        Object.assign(dataset, { epochsDone: String(report.epoch), firstLoss: String(points[0]!.loss), lastLoss: String(report.loss), accuracy: String(report.accuracy) });
        this.#status.textContent = `epoch ${report.epoch}/${epochs}: loss ${formatNumber(report.loss)}, accuracy ${(report.accuracy * 100).toFixed(1)}%`;
        this.#chart.replaceChildren(renderLossChart(points, OPTIMIZER_COLORS[name]));
        if (report.grid) this.#map.replaceChildren(renderDecisionMap(data, report.grid));
      }, () => this.#stopRequested);
      dataset.state = 'done';
    } catch (error) {
      dataset.state = 'error';
      dataset.error = (error as Error).message;
      this.#status.textContent = `Failed: ${(error as Error).message}`;
    } finally {
      this.#train.disabled = false;
      this.#stop.disabled = true;
    }
  }
}
