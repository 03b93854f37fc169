#!/usr/bin/env node
// Run by the published packages' `build` after tsc: bundles each entry point of the package's `exports`
// (dist/index.js, and dist/events.js for a subpath) into a single self-contained file, and removes the
// other .js files. Packages in `dependencies` stay imports; anything else the code
// imports (a devDependency such as jose's base64url helper) is inlined. `__PACKAGE_VERSION__` becomes
// the package's version.
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

// Each `exports` entry's JS file (`default`), e.g. ./dist/index.js; no splitting, so an app that imports
// one entry never loads the code of another.
const entries = Object.values(pkg.exports ?? { '.': { default: './dist/index.js' } })
  .map((target) => (typeof target === 'string' ? target : target.default))
  .filter(
    (target) =>
      typeof target === 'string' && target.startsWith('./dist/') && target.endsWith('.js'),
  )
  .map((target) => join(process.cwd(), target));

await build({
  entryPoints: entries,
  outdir: dist,
  outbase: dist,
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external,
  // The package's own version, for code that reports it (the server's User-Agent).
  define: { __PACKAGE_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});

for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  const path = join(entry.parentPath, entry.name);
  if (entry.isFile() && entry.name.endsWith('.js') && !entries.includes(path)) rmSync(path);
}
