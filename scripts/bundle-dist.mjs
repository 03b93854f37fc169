#!/usr/bin/env node
// Run by the published packages' `build` after tsc: bundles dist/**/*.js into one file per entry point
// of the package's `exports` (dist/index.js, plus e.g. dist/2024-12-01.js) and removes the others. Packages in `dependencies` stay imports; anything else the code
// imports (a devDependency such as jose's base64url helper) is inlined.
// Node loads one ESM file much faster than dozens (each is resolved, read, parsed and linked on its
// own), which is most of a cold start that imports @hubcast/server. The .d.ts files stay as tsc wrote them.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// esbuild is a devDependency of each package that runs this, so resolve it from the package.
const requireHere = createRequire(join(process.cwd(), 'package.json'));
const { build } = await import(pathToFileURL(requireHere.resolve('esbuild')).href);

const dist = join(process.cwd(), 'dist');
const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
// Each `exports` entry's JavaScript file, e.g. ./dist/index.js.
const entries = Object.values(pkg.exports)
  .map((target) => (typeof target === 'object' ? target.default : undefined))
  .filter((file) => typeof file === 'string' && file.endsWith('.js'))
  .map((file) => join(process.cwd(), file));

// One self-contained file per entry (no shared chunks), so loading one entry reads one file.
for (const entry of entries) {
  await build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external,
    logLevel: 'warning',
  });
}

for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  const path = join(entry.parentPath, entry.name);
  if (entry.isFile() && entry.name.endsWith('.js') && !entries.includes(path)) rmSync(path);
}
