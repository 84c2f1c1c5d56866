import type { HyperparameterSpec } from '@descent/example-kit';
import { formatNumber, h } from './dom.js';

const STEPS = 1000;

function toPosition(spec: HyperparameterSpec, value: number): number {
  const { min, max, scale } = spec.slider;
  const t = scale === 'log' ? Math.log(value / min) / Math.log(max / min) : (value - min) / (max - min);
  return Math.round(Math.min(1, Math.max(0, t)) * STEPS);
}

function fromPosition(spec: HyperparameterSpec, position: number): number {
  const { min, max, scale } = spec.slider;
  const t = position / STEPS;
  const value = scale === 'log' ? min * (max / min) ** t : min + t * (max - min);
  return Number(value.toPrecision(3));
}

/**
 * A labelled range input for one hyperparameter, log-spaced where the spec says so (learning
 * rates, epsilons). Calls `onChange` with the new value as the slider moves.
 */
export function hyperparameterSlider(spec: HyperparameterSpec, initial: number, onChange: (value: number) => void, idPrefix: string): HTMLElement {
  const output = h('output', {}, formatNumber(initial));
  const input = h('input', { type: 'range', min: 0, max: STEPS, step: 1, value: toPosition(spec, initial), id: `${idPrefix}-${spec.key}`, 'data-hyperparameter': spec.key });
  input.addEventListener('input', () => {
    const value = fromPosition(spec, Number(input.value));
    output.textContent = formatNumber(value);
    onChange(value);
  });
  return h('label', { class: 'slider', title: spec.description }, h('span', { class: 'slider-name' }, spec.label), input, output);
}
