import { OPTIMIZER_NAMES, type OptimizerName, OPTIMIZERS } from '@descent/example-kit';
import { type PageBackends, withBackend } from '../backend/page-backends.js';
import { h } from '../ui/dom.js';
import { OPTIMIZER_COLORS } from '../ui/optimizer-colors.js';
import { OptimizerCard } from './optimizer-card.js';
import { runTrajectory, type Trajectory } from './run-trajectory.js';
import { sampleSurface } from './surface-grid.js';
import { renderSurfacePlot } from './surface-plot.js';
import { SURFACES, type Surface } from './surfaces.js';
import { TrajectoryLayer } from './trajectory-layer.js';

/** The optimizers shown on the surfaces (the multi preset routes by layer, which a point has not). */
const SURFACE_OPTIMIZERS = OPTIMIZER_NAMES.filter((name) => name !== 'multi');
const ANIMATION_MS = 2500;

/**
 * The "optimizer paths" tab: pick a surface, and every optimizer's real Descent update walks
 * from the same start; sliders re-run one optimizer at once. The section's `data-state`
 * (`running`, `done`), `data-surface` and `data-run` (a counter) tell a test where it is.
 */
export class SurfacesTab {
  readonly element: HTMLElement;
  readonly #backends: PageBackends;
  readonly #cards = new Map<OptimizerName, OptimizerCard>();
  readonly #plotArea = h('div', { class: 'plot-area' });
  readonly #formula = h('p', { class: 'formula' });
  readonly #timing = h('span', { class: 'note', id: 'surfaces-timing' });
  readonly #steps = h('input', { type: 'range', min: 50, max: 1500, step: 50, value: 500, id: 'steps' });
  #surface: Surface = SURFACES[0]!;
  #layer: TrajectoryLayer | undefined;
  #runs = 0;
  #pending = false;

  constructor(backends: PageBackends) {
    this.#backends = backends;
    const stepsOutput = h('output', {}, this.#steps.value);
    this.#steps.addEventListener('input', () => {
      stepsOutput.textContent = this.#steps.value;
      this.#scheduleRerun();
    });
    const picker = h('div', { class: 'picker', role: 'tablist' }, ...SURFACES.map((surface) => {
      const button = h('button', { type: 'button', 'data-surface-button': surface.name }, surface.title);
      button.addEventListener('click', () => void this.show(surface));
      return button;
    }));
    const replay = h('button', { type: 'button', id: 'run-surfaces', class: 'primary' }, 'Run again');
    replay.addEventListener('click', () => void this.run(true));
    for (const name of SURFACE_OPTIMIZERS) this.#cards.set(name, new OptimizerCard(name, () => this.#scheduleRerun()));
    const controls = h(
      'div',
      { class: 'controls' },
      picker,
      this.#formula,
      h('div', { class: 'row' }, h('label', { class: 'slider steps' }, h('span', { class: 'slider-name' }, 'steps'), this.#steps, stepsOutput), replay, this.#timing),
      h('p', { class: 'note' }, `Runs on Descent's wasm backend: every point is a 2-element tf.Variable, its gradient is the surface's analytic gradient, and the real optimizer packages update it. ShiftAdaMax keeps parameters in [-1, 1].`),
      h('div', { class: 'cards' }, ...[...this.#cards.values()].map((card) => card.element)),
    );
    this.element = h('section', { id: 'surfaces-tab', class: 'tab', 'data-state': 'idle' }, controls, this.#plotArea);
  }

  /** Switches to `surface`: new contours, sliders back to its presets, and a fresh animated run. */
  async show(surface: Surface): Promise<void> {
    this.#surface = surface;
    for (const button of this.element.querySelectorAll<HTMLElement>('[data-surface-button]')) button.classList.toggle('active', button.dataset.surfaceButton === surface.name);
    this.#formula.textContent = `${surface.title}: f(x, y) = ${surface.formula}; start (${surface.start.join(', ')})${surface.minima.length ? `; minimum ${surface.minima.length > 1 ? 'at four points' : `at (${surface.minima[0]!.join(', ')})`}` : '; no minimum (a saddle at the origin)'}`;
    this.element.dataset.surface = surface.name;
    for (const card of this.#cards.values()) card.reset(surface);
    const grid = sampleSurface(surface);
    const plot = renderSurfacePlot(surface, grid);
    this.#plotArea.replaceChildren(plot.svg);
    this.#layer = new TrajectoryLayer(plot);
    await this.run(true);
  }

  #scheduleRerun(): void {
    if (this.#pending) return;
    this.#pending = true;
    requestAnimationFrame(() => {
      this.#pending = false;
      void this.run(false);
    });
  }

  /** Runs every enabled optimizer on the current surface, then draws (animated or at once). */
  async run(animated: boolean): Promise<void> {
    const surface = this.#surface;
    const layer = this.#layer;
    if (!layer) return;
    this.element.dataset.state = 'running';
    const steps = Number(this.#steps.value);
    const enabled = [...this.#cards.values()].filter((card) => card.enabled);
    const started = performance.now();
    const trajectories = await withBackend(this.#backends, 'wasm', () => {
      const out = new Map<OptimizerName, Trajectory>();
      for (const card of enabled) {
        const optimizer = OPTIMIZERS[card.name].create(card.values);
        try {
          out.set(card.name, runTrajectory(surface, optimizer, steps));
        } finally {
          optimizer.dispose();
        }
      }
      return out;
    });
    if (surface !== this.#surface) return; // another surface was picked meanwhile
    const seconds = (performance.now() - started) / 1000;
    this.#timing.textContent = `${enabled.length} optimizers × ${steps} steps in ${seconds.toFixed(2)} s`;
    layer.retain(new Set(trajectories.keys()));
    for (const [name, trajectory] of trajectories) layer.setPath(name, trajectory.points, OPTIMIZER_COLORS[name]);
    for (const card of this.#cards.values()) card.showResult(surface, trajectories.get(card.name));
    await layer.animate(animated ? ANIMATION_MS : 0);
    this.#runs += 1;
    this.element.dataset.run = String(this.#runs);
    this.element.dataset.state = 'done';
  }
}
