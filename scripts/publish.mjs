#!/usr/bin/env node
// `pnpm release` after the build: publishes with `changeset publish` while every public package holds
// what its tarball must carry besides code (scripts/lib/package-docs.mjs): the repository's LICENSE and
// a README whose links work on npm. The working tree is restored afterwards, whatever happens.
// Extra arguments go to `changeset publish`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishedDocs } from './lib/package-docs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path) => readFileSync(path, 'utf8');

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter(
    (dir) =>
      existsSync(join(dir, 'package.json')) && !JSON.parse(read(join(dir, 'package.json'))).private,
  );

/** Each file written, with what to put back: its former contents, or nothing (remove it). */
const restore = [];
let status = 1;
try {
  for (const dir of packages) {
    for (const [path, contents] of publishedDocs(dir, root, read)) {
      restore.push([path, existsSync(path) ? read(path) : undefined]);
      writeFileSync(path, contents);
    }
  }
  const pnpm = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';
  const run = spawnSync(pnpm, ['changeset', 'publish', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  status = run.status ?? 1;
} finally {
  for (const [path, before] of restore.reverse()) {
    if (before === undefined) rmSync(path, { force: true });
    else writeFileSync(path, before);
  }
}
process.exit(status);
