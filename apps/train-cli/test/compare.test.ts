import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runCaptured } from './cli-io.js';

type XmlNode = Record<string, unknown>;

/** Every element named `tag` in a parsed document, depth first. */
function elements(node: unknown, tag: string, out: XmlNode[] = []): XmlNode[] {
  if (Array.isArray(node)) node.forEach((child) => elements(child, tag, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === tag) (Array.isArray(value) ? value : [value]).forEach((v) => out.push(v as XmlNode));
      elements(value, tag, out);
    }
  }
  return out;
}

describe('--compare', () => {
  it('writes an SVG with one loss curve and one accuracy curve per optimizer, and a table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'descent-compare-'));
    const plot = join(dir, 'curves.svg');
    const epochs = 4;
    const { code, out, err } = await runCaptured(['--compare', 'adam,rmsprop,gdm', '--epochs', String(epochs), '--samples', '256', '--dataset', 'moons', '--plot', plot]);
    expect(err).toBe('');
    expect(code).toBe(0);

    const svg = await readFile(plot, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    const document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg);
    const lineGroups = elements(document, 'g').filter((g) => String(g.class ?? '').includes('mark-line'));
    for (const [panel, field] of [['concat_0', 'loss'], ['concat_1', 'accuracy']]) {
      const series = lineGroups.filter((g) => String(g.class).includes(`${panel}_`));
      const paths = series.flatMap((g) => elements(g, 'path'));
      expect(paths.map((p) => String(p['aria-label']).match(/optimizer: ([\w-]+)$/)?.[1]).sort()).toEqual(['adam', 'gdm', 'rmsprop']);
      for (const path of paths) {
        expect(String(path['aria-label'])).toContain(field);
        // One point per epoch: a move then epochs - 1 line segments.
        expect(String(path.d).match(/L/g)).toHaveLength(epochs - 1);
      }
    }

    const table = await readFile(join(dir, 'curves.md'), 'utf8');
    const rows = table.split('\n').filter((line) => /^\| (adam|rmsprop|gdm) /.test(line));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/\| +\d\.\d{4} \| +[\d.]+% \| +[\d.]+% \| +[\d.]+ \| +[\d,]+ \|$/);
    expect(out).toContain(rows[0]);
    expect(out).toContain(`loss curves: ${plot}`);
  });
});
