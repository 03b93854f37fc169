// Packaging check: a CommonJS consumer on Node >= 20.19 can require() the built ESM package by name.
// Run from a package folder (part of its `check:package` script).
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.log(`require() of ESM needs Node >= 20.19; skipped on ${process.versions.node}`);
  process.exit(0);
}
const { name } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
// Self-reference by name resolves through the package's own `exports` map, as a consumer's would.
const mod = createRequire(join(process.cwd(), 'package.json'))(name);
const functions = Object.entries(mod).filter(([, v]) => typeof v === 'function');
if (typeof mod.createClient !== 'function') {
  console.error(`require('${name}') has no createClient export`);
  process.exit(1);
}
console.log(`require('${name}') works: ${functions.length} functions exported`);
