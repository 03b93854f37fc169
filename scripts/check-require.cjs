// Packaging check: a CommonJS consumer on Node >= 20.19 can require() the built ESM package by name
// and gets the named exports. Run from a package folder (its `check:package` script):
//   node ../../scripts/check-require.cjs [exportName | subpath:exportName ...]   (default: createClient)
// `events:WebPubSubEventHandler` checks require('<name>/events').
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
const requireHere = createRequire(join(process.cwd(), 'package.json'));
const args = process.argv.slice(2);
const bySpecifier = new Map();
for (const arg of args.length ? args : ['createClient']) {
  const colon = arg.indexOf(':');
  const specifier = colon === -1 ? name : `${name}/${arg.slice(0, colon)}`;
  bySpecifier.set(specifier, [...(bySpecifier.get(specifier) ?? []), arg.slice(colon + 1)]);
}
for (const [specifier, expected] of bySpecifier) {
  const mod = requireHere(specifier);
  const missing = expected.filter((e) => typeof mod[e] !== 'function');
  if (missing.length) {
    console.error(`require('${specifier}') lacks function exports: ${missing.join(', ')}`);
    process.exit(1);
  }
  const functions = Object.values(mod).filter((v) => typeof v === 'function').length;
  console.log(`require('${specifier}') works: ${functions} functions exported`);
}
