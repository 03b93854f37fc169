// src/ must run on Node, Deno, Bun, workerd and browsers: no node: imports and no Node-only globals.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const NODE_ONLY = [
  /from\s+['"]node:/,
  /import\(\s*['"]node:/,
  /\brequire\(/,
  /\bBuffer\b/,
  /\bprocess\./,
  /\b__dirname\b/,
  /\bsetImmediate\b/,
];
/**
 * The Node fast path of signing: it reaches node:crypto and node:buffer only through a feature-detected
 * `process.getBuiltinModule` (no import, so bundlers never see it), and other runtimes fall back to
 * WebCrypto. It may name those globals; it may still import nothing from `node:`.
 */
const NODE_GATED: Record<string, RegExp[]> = {
  'auth/node-crypto.ts': [/\bBuffer\b/, /\bprocess\./],
};
const ALLOWED_PACKAGES = [
  'jose/base64url',
  '@hubcast/webpubsub-rest',
  '@hubcast/signalr-rest',
  '@msgpack/msgpack',
  '@hubcast/signalr-rest/2024-12-01',
];

describe('portability', () => {
  const files = sourceFiles(srcDir);

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.slice(srcDir.length + 1), f]))(
    '%s uses no Node-only API',
    (name, file) => {
      // Doc comments are left out: their @example blocks show app code (imports, process.env).
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      const gated = (NODE_GATED[name.replaceAll('\\', '/')] ?? []).map((p) => p.source);
      for (const pattern of NODE_ONLY) {
        if (!gated.includes(pattern.source)) expect(code).not.toMatch(pattern);
      }
      const packages = [...code.matchAll(/from\s+'([^.][^']*)'/g)].map((m) => m[1]);
      for (const name of packages) expect(ALLOWED_PACKAGES).toContain(name);
    },
  );
});
