import type { SurfacePlot } from './surface-plot.js';
import type { Point } from './surfaces.js';

const SVG = 'http://www.w3.org/2000/svg';

function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** One optimizer's path as drawn: a polyline and a dot at its head. */
interface DrawnPath {
  readonly points: [number, number][];
  readonly line: SVGPolylineElement;
  readonly head: SVGCircleElement;
}

/**
 * The optimizers' paths over a surface plot, clipped to its frame, drawn step by step by
 * {@link TrajectoryLayer.animate}. Points far outside the view are clamped for drawing only.
 */
export class TrajectoryLayer {
  readonly #plot: SurfacePlot;
  readonly #group: SVGGElement;
  readonly #paths = new Map<string, DrawnPath>();
  #frame = 0;
  #finish: (() => void) | undefined;

  constructor(plot: SurfacePlot) {
    this.#plot = plot;
    const { left, top, width, height } = plot.frame;
    const clipId = `clip-${Math.random().toString(36).slice(2)}`;
    const clip = svgElement('clipPath', { id: clipId });
    clip.append(svgElement('rect', { x: left, y: top, width, height }));
    this.#group = svgElement('g', { 'clip-path': `url(#${clipId})`, class: 'trajectories' });
    plot.svg.append(clip, this.#group);
  }

  /** Sets (or replaces) the path called `name`. */
  setPath(name: string, points: readonly Point[], color: string): void {
    this.#paths.get(name)?.line.remove();
    this.#paths.get(name)?.head.remove();
    const clamp = (v: number) => Math.max(-1e4, Math.min(1e4, Number.isFinite(v) ? v : 1e4));
    const pixels = points.map((p) => this.#plot.project(p).map(clamp) as [number, number]);
    const line = svgElement('polyline', { fill: 'none', stroke: color, 'stroke-width': 2.5, 'stroke-linejoin': 'round', 'data-optimizer': name });
    const head = svgElement('circle', { r: 5, fill: color, stroke: 'white', 'stroke-width': 1.5 });
    this.#group.append(line, head);
    this.#paths.set(name, { points: pixels, line, head });
  }

  /** Removes every path not in `keep`. */
  retain(keep: ReadonlySet<string>): void {
    for (const [name, path] of this.#paths) {
      if (keep.has(name)) continue;
      path.line.remove();
      path.head.remove();
      this.#paths.delete(name);
    }
  }

  /** Shows the first `count` points of every path (all of them for Infinity). */
  #show(count: number): void {
    for (const { points, line, head } of this.#paths.values()) {
      const shown = points.slice(0, Math.max(1, Math.min(points.length, count)));
      line.setAttribute('points', shown.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '));
      const [hx, hy] = shown.at(-1)!;
      head.setAttribute('cx', hx.toFixed(1));
      head.setAttribute('cy', hy.toFixed(1));
    }
  }

  /** Draws the paths growing over `durationMs`; resolves when they are complete. */
  animate(durationMs: number): Promise<void> {
    cancelAnimationFrame(this.#frame);
    this.#finish?.(); // an animation cut short still resolves
    if (durationMs <= 0) {
      this.#show(Number.POSITIVE_INFINITY);
      return Promise.resolve();
    }
    const longest = Math.max(1, ...[...this.#paths.values()].map((p) => p.points.length));
    const start = performance.now();
    return new Promise((resolve) => {
      this.#finish = resolve;
      const tick = (now: number) => {
        const t = Math.min(1, (now - start) / durationMs);
        this.#show(Math.ceil(t * longest));
        if (t < 1) this.#frame = requestAnimationFrame(tick);
        else {
          this.#finish = undefined;
          resolve();
        }
      };
      this.#frame = requestAnimationFrame(tick);
    });
  }
}
