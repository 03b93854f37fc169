// Packaging check: a CommonJS consumer on Node >= 20.19 can require() the built ESM package by name.
// The repo-wide scripts/check-require.cjs looks for the raw clients' createClient; this package's
// entry points are the two service clients.
const { createRequire } = require('node:module');
const { join } = require('node:path');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.log(`require() of ESM needs Node >= 20.19; skipped on ${process.versions.node}`);
  process.exit(0);
}
const mod = createRequire(join(process.cwd(), 'package.json'))('@hubcast/server');
for (const name of [
  'WebPubSubServiceClient',
  'SignalRServiceClient',
  'AzureKeyCredential',
  'RestError',
  'odata',
]) {
  if (typeof mod[name] !== 'function') {
    console.error(`require('@hubcast/server') has no ${name} export`);
    process.exit(1);
  }
}
console.log("require('@hubcast/server') works");
