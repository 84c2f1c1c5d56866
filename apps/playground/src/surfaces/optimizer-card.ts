import { HYPERPARAMETERS, type HyperparameterKey, type Hyperparameters, hyperparametersOf, type OptimizerName, OPTIMIZERS } from '@descent/example-kit';
import { formatNumber, h } from '../ui/dom.js';
import { hyperparameterSlider } from '../ui/hyperparameter-slider.js';
import { OPTIMIZER_COLORS } from '../ui/optimizer-colors.js';
import type { Trajectory } from './run-trajectory.js';
import { distanceToMinimum, type Surface } from './surfaces.js';

/** The hyperparameters the surfaces expose as sliders (clipping and the multi preset's are left out). */
const SLIDER_KEYS: readonly HyperparameterKey[] = ['learningRate', 'momentumCoef', 'beta1', 'beta2', 'epsilon', 'decayRate', 'decay'];

/**
 * One optimizer's panel on the surfaces tab: an on/off switch in its colour, a slider per
 * hyperparameter, and the result of the last run, also exposed as data attributes
 * (`data-final-x`, `data-final-y`, `data-final-value`, `data-start-value`, `data-distance`, `data-steps`).
 */
export class OptimizerCard {
  readonly element: HTMLElement;
  readonly name: OptimizerName;
  values: Hyperparameters = {};
  enabled = true;
  readonly #sliders: HTMLElement;
  readonly #result: HTMLElement;
  readonly #onChange: () => void;

  constructor(name: OptimizerName, onChange: () => void) {
    this.name = name;
    this.#onChange = onChange;
    const toggle = h('input', { type: 'checkbox', checked: true, 'data-toggle': name });
    toggle.addEventListener('change', () => {
      this.enabled = toggle.checked;
      this.element.classList.toggle('disabled', !this.enabled);
      onChange();
    });
    const swatch = h('span', { class: 'swatch', style: `background:${OPTIMIZER_COLORS[name]}` });
    this.#sliders = h('div', { class: 'sliders' });
    this.#result = h('div', { class: 'result' }, '…');
    this.element = h('div', { class: 'card', 'data-optimizer': name }, h('label', { class: 'card-title' }, toggle, swatch, OPTIMIZERS[name].title), this.#sliders, this.#result);
  }

  /** Resets the sliders to the optimizer's defaults with the surface's presets on top. */
  reset(surface: Surface): void {
    this.values = { ...OPTIMIZERS[this.name].defaults, ...surface.presets[this.name] };
    const keys = hyperparametersOf(this.name).filter((key) => SLIDER_KEYS.includes(key));
    this.#sliders.replaceChildren(
      ...keys.map((key) =>
        hyperparameterSlider(HYPERPARAMETERS[key], this.values[key]!, (value) => {
          this.values = { ...this.values, [key]: value };
          this.#onChange();
        }, `${this.name}`),
      ),
    );
  }

  /** Shows (and exposes as data attributes) where the last run ended. */
  showResult(surface: Surface, trajectory: Trajectory | undefined): void {
    const data = this.element.dataset;
    if (!trajectory) {
      for (const key of ['finalX', 'finalY', 'finalValue', 'startValue', 'distance', 'steps']) delete data[key];
      this.#result.textContent = 'off';
      return;
    }
    const [x, y] = trajectory.points.at(-1)!;
    const value = trajectory.values.at(-1)!;
    const distance = distanceToMinimum(surface, [x, y]);
    Object.assign(data, {
      finalX: String(x),
      finalY: String(y),
      finalValue: String(value),
      startValue: String(trajectory.values[0]),
      distance: String(distance),
      steps: String(trajectory.points.length - 1),
    });
    const where = surface.minima.length === 0 ? '' : `, ${formatNumber(distance)} from the nearest minimum`;
    const outside = x < surface.xDomain[0] || x > surface.xDomain[1] || y < surface.yDomain[0] || y > surface.yDomain[1] ? ' (outside the view)' : '';
    this.#result.textContent = `${trajectory.points.length - 1} steps → (${formatNumber(x)}, ${formatNumber(y)})${outside}, f = ${formatNumber(value)}${where}`;
  }
}
