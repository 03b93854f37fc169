#!/usr/bin/env node
// `pnpm check:generated`: regenerates every raw client from its spec and fails if the result differs
// from what is committed, new or deleted files included. Runs the generator directly (not through the
// turbo cache), so a hand edit to generated code can never be hidden by a cache restore.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFolders } from './codegen.config.mjs';
import { allTargets, generate } from './generate.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folders = generatedFolders;

for (const name of allTargets) await generate(name);

const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
// Intent-to-add makes brand-new generated files show up in `git diff`.
git('add', '--intent-to-add', '--', ...folders);
const changed = git('diff', '--name-status', '--', ...folders).trim();
if (changed) {
  console.error('Generated code is out of date with specs/ (or was edited by hand):');
  console.error(changed);
  console.error('\nRun `pnpm generate` and commit the result.');
  process.exit(1);
}
console.log(`generated code matches specs/ (${folders.join(', ')})`);
