#!/usr/bin/env node
// `pnpm spec:diff [ref]`: the operations and parameters added, removed or changed in specs/ since a git
// ref (default: the last commit), with breaking changes marked and the bump each raw package needs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { targets } from './codegen.config.mjs';
import { loadSpec } from './lib/spec.mjs';
import { diffSpecs, formatDiff, suggestedBump } from './lib/spec-diff.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function specAt(ref, path) {
  try {
    return parse(
      execFileSync('git', ['show', `${ref}:${path}`], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    );
  } catch {
    return null; // the spec did not exist at that ref
  }
}

export function main(argv = process.argv.slice(2)) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('usage: pnpm spec:diff [git-ref]   (default ref: HEAD)');
    return 0;
  }
  const ref = positionals[0] ?? 'HEAD';
  execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: root, stdio: 'pipe' });
  let anyBreaking = false;
  for (const target of Object.values(targets)) {
    const pkg = JSON.parse(readFileSync(join(root, target.package, 'package.json'), 'utf8'));
    const diff = diffSpecs(specAt(ref, target.spec), loadSpec(join(root, target.spec)));
    anyBreaking ||= diff.breaking;
    console.log(
      formatDiff(
        `${target.spec} → ${pkg.name}@${pkg.version}`,
        diff,
        suggestedBump(diff, pkg.version),
      ),
    );
  }
  console.log(anyBreaking ? '\nBreaking changes found.' : '\nNo breaking changes.');
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
