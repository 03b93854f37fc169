// Starts verdaccio on 127.0.0.1 (a free port) with its storage in `dir`, creates a publishing user,
// and returns the registry URL, an npmrc with that user's token, and a stop() that kills it by PID.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const config = (dir) => `storage: ${join(dir, 'storage')}
auth:
  htpasswd:
    file: ${join(dir, 'htpasswd')}
    max_users: 100
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
packages:
  '@hubcast/*':
    access: $all
    publish: $authenticated
  '**':
    access: $all
    publish: $authenticated
    proxy: npmjs
log: { type: stdout, format: pretty, level: error }
`;

export async function startVerdaccio(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.yaml'), config(dir));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const bin = join(require.resolve('verdaccio/package.json'), '..', 'bin', 'verdaccio');
  const child = spawn(
    process.execPath,
    [bin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const stop = () => {
    if (child.exitCode === null) process.kill(child.pid, 'SIGTERM');
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}-/ping`)).ok) break;
    } catch {}
    if (child.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`verdaccio did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const user = { name: 'release-test', password: 'release-test-password' };
  const res = await fetch(`${url}-/user/org.couchdb.user:${user.name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...user,
      _id: `org.couchdb.user:${user.name}`,
      type: 'user',
      roles: [],
    }),
  });
  const { token } = await res.json();
  if (!token) {
    stop();
    throw new Error(`verdaccio did not create a user (HTTP ${res.status})`);
  }
  const npmrc = join(dir, 'npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);

  return {
    url,
    npmrc,
    pid: child.pid,
    stop,
    /** What verdaccio printed, and its exit code if it has exited (for failure reports). */
    logs: () => `${output}${child.exitCode === null ? '' : `\n(exited with ${child.exitCode})`}`,
    async manifest(name) {
      // One retry: a kept-alive socket may have been closed by verdaccio while this process was blocked
      // in a synchronous child process, and undici only notices on reuse.
      const get = () => fetch(`${url}${name.replace('/', '%2f')}`);
      const r = await get().catch(get);
      if (!r.ok) throw new Error(`${name} is not on the registry (HTTP ${r.status})`);
      return r.json();
    },
  };
}
