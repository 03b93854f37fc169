// The Node fast path of signing: node:crypto's HMAC and node:buffer's base64url, on runtimes that have
// them (Node ≥ 20.16, Deno, Bun). WebCrypto's promise round trip and jose's pure-JS base64url cost
// several times what these native calls do, which made Node mint client tokens at a fraction of the
// rate a bare node:crypto signer reaches.
//
// The modules are looked up at run time with `process.getBuiltinModule`, never imported, so no
// bundler sees a `node:` specifier: browsers and Workers (no `getBuiltinModule` unless nodejs_compat
// provides it) get undefined here and keep WebCrypto (hmac.ts). This is the only file of src/ that
// touches Node globals; the portability test allows exactly this file, only `process` and `Buffer`.
import type { DigestEncoding, HmacKey } from './hmac.js';

interface NodeCrypto {
  createHmac(
    algorithm: 'sha256',
    key: unknown,
  ): { update(data: string): { digest(encoding: DigestEncoding): string } };
  createSecretKey(key: unknown): unknown;
}

interface NodeBuffer {
  from(text: string, encoding: 'utf8'): { toString(encoding: 'base64url'): string };
}

/** HMAC-SHA256 and base64url through Node's native code. */
export interface NodeSigning {
  hmacKey(accessKey: string): HmacKey;
  base64url(text: string): string;
}

let found: NodeSigning | undefined | false;

/** Node's signing functions, or undefined where the runtime has no node:crypto (looked up once). */
export function nodeSigning(): NodeSigning | undefined {
  if (found === undefined) {
    const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    found = nodeSigningFrom(runtime?.getBuiltinModule?.bind(runtime)) ?? false;
  }
  return found || undefined;
}

/** Node's signing functions from a `getBuiltinModule`, or undefined when it lacks them. */
export function nodeSigningFrom(
  load: ((id: string) => unknown) | undefined,
): NodeSigning | undefined {
  const crypto = load?.('node:crypto') as Partial<NodeCrypto> | undefined;
  const bytes = (load?.('node:buffer') as { Buffer?: NodeBuffer } | undefined)?.Buffer;
  const { createHmac, createSecretKey } = crypto ?? {};
  if (!createHmac || !createSecretKey || !bytes) return undefined;
  return {
    hmacKey(accessKey) {
      // A KeyObject spares createHmac turning raw bytes into a key on every call.
      const secret = createSecretKey(bytes.from(accessKey, 'utf8'));
      return {
        digest: (data, encoding) => createHmac('sha256', secret).update(data).digest(encoding),
      };
    },
    base64url: (text) => bytes.from(text, 'utf8').toString('base64url'),
  };
}
