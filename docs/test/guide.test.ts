import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractSnippets, type Snippet, typeCheck, writeSnippets } from './snippets.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** The documents whose TypeScript is checked here, and where their snippets are written. */
const DOCUMENTS = [
  { doc: 'docs/writing-an-optimizer.md', dir: 'guide' },
  { doc: 'apps/plugin-example/README.md', dir: 'plugin-readme' },
  { doc: 'packages/testing/README.md', dir: 'testing-readme' },
];

const extracted = DOCUMENTS.map(({ doc, dir }) => {
  const snippets = extractSnippets(read(doc));
  const files = writeSnippets(snippets, join(here, '../.snippets', dir));
  return { doc, dir, snippets, files };
});

describe.each(extracted)('$doc', ({ doc, snippets, files }) => {
  it('has TypeScript snippets, and every one type-checks', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(typeCheck(files, join(here, '../tsconfig.json'))).toEqual([]);
  });

  const excerpts = snippets.filter((s) => s.excerpt);
  if (excerpts.length > 0) {
    it.each(excerpts.map((s): [number, Snippet] => [s.line, s]))('quotes the excerpt at line %s verbatim from its file', (_line, s) => {
      expect(read(s.excerpt!)).toContain(s.code);
    });
  }

  if (doc === 'docs/writing-an-optimizer.md') {
    it('shows the package.json of apps/plugin-example, with versions for its workspace ranges', () => {
      const shown = JSON.parse(snippets.find((s) => s.lang === 'json' && s.title === 'package.json')!.code) as Record<string, unknown>;
      const real = JSON.parse(read('apps/plugin-example/package.json')) as Record<string, unknown>;
      for (const key of ['name', 'version', 'license', 'type', 'sideEffects', 'exports', 'main', 'types', 'files']) {
        expect(shown[key], key).toEqual(real[key]);
      }
      expect((shown.scripts as Record<string, string>).lint).toBe((real.scripts as Record<string, string>).lint);
      const core = JSON.parse(read('packages/core/package.json')) as { version: string };
      expect(shown.peerDependencies).toEqual({ '@descent/core': `^${core.version}`, '@tensorflow/tfjs-core': '^4.22.0' });
      expect(Object.keys(real.peerDependencies as object).sort()).toEqual(Object.keys(shown.peerDependencies as object).sort());
      expect(Object.keys(real.devDependencies as object).sort()).toEqual(Object.keys(shown.devDependencies as object).sort());
    });
  }
});

// The runnable snippets: `*.test.ts` blocks register their tests here; `run` blocks execute.
for (const { snippets, dir } of extracted) {
  for (const s of snippets.filter((x) => x.title && (x.title.endsWith('.test.ts') || x.run))) {
    await import(pathToFileURL(join(here, '../.snippets', dir, s.title!)).href);
  }
}
