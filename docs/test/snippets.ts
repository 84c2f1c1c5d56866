import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** A fenced code block of a Markdown file, with the attributes of its info string. */
export interface Snippet {
  /** `ts`, `json`, `sh`... */
  readonly lang: string;
  /** `title="x.ts"`: the file name the block is written to (others import it by that name). */
  readonly title?: string;
  /** `excerpt="path"`: the block is quoted from that file (relative to the repository root). */
  readonly excerpt?: string;
  /** `run`: the block is imported (executed) by the test, like a `*.test.ts` block. */
  readonly run: boolean;
  readonly code: string;
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
}

/** Every fenced block of `markdown`, in order. Info strings look like: ts title="lion.ts" run. */
export function extractSnippets(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    const attrs = open[2]!;
    const title = /title="([^"]+)"/.exec(attrs)?.[1];
    const excerpt = /excerpt="([^"]+)"/.exec(attrs)?.[1];
    snippets.push({ lang: open[1]!, title, excerpt, run: /\brun\b/.test(attrs), code: `${body.join('\n')}\n`, line: start + 1 });
  }
  return snippets;
}

/**
 * Writes the TypeScript blocks of a document (not the excerpts) into `dir`: titled ones under
 * their title, the others as `snippet-<line>.ts`. Returns the files written.
 */
export function writeSnippets(snippets: readonly Snippet[], dir: string): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return snippets
    .filter((s) => s.lang === 'ts' && !s.excerpt)
    .map((s) => {
      const file = join(dir, s.title ?? `snippet-${s.line}.ts`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, s.code);
      return file;
    });
}

/** Type-checks `files` with the repository's compiler options; returns the diagnostics as text. */
export function typeCheck(files: readonly string[], tsconfig: string): string[] {
  const config = ts.readConfigFile(tsconfig, (path) => readFileSync(path, 'utf8'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(tsconfig));
  const program = ts.createProgram([...files], { ...parsed.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
