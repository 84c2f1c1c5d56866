#!/usr/bin/env node
// Adds up every package's .vitest-results.json into one closing line: "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
// Workspace packages below packages/ and apps/, plus the nested ones pnpm-workspace.yaml lists.
const dirs = ['packages/testing/test', 'docs'];
for (const group of ['packages', 'apps']) {
  if (existsSync(group)) dirs.push(...readdirSync(group).map((name) => join(group, name)));
}
for (const dir of dirs.sort()) {
  const file = join(dir, '.vitest-results.json');
  if (!existsSync(file)) continue;
  const result = JSON.parse(readFileSync(file, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
  rows.push(`${dir.padEnd(40)} ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
}
console.log(rows.join('\n'));
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
