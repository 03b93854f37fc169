// Renders values the ways a user might print them and searches the text for secrets: access keys (as
// given, base64-decoded, re-encoded) and bearer tokens (whole, and a JWT's signature alone).
import { inspect } from 'node:util';

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The forms of an access key that must never show. */
export function keyNeedles(key: string): string[] {
  const needles = [
    key,
    Buffer.from(key).toString('base64'),
    Buffer.from(key).toString('base64url'),
  ];
  if (BASE64.test(key) && key.length % 4 === 0) {
    const bytes = Buffer.from(key, 'base64');
    needles.push(bytes.toString('hex'), bytes.toString('latin1'));
  }
  return needles;
}

/** The forms of a bearer token that must never show (the header and claims of a JWT are not secret). */
export function tokenNeedles(authorization: string): string[] {
  const token = authorization.replace(/^Bearer\s+/i, '');
  if (token === '') return [];
  const signature = token.split('.')[2];
  return signature ? [token, signature] : [token];
}

/** `util.inspect` (everything), `JSON.stringify`, `String()` and, for errors, the stack. */
export function renderings(value: unknown): [how: string, text: string][] {
  const out: [string, string][] = [
    ['inspect', inspect(value, { depth: Infinity, showHidden: true, getters: true })],
    ['JSON.stringify', attempt(() => JSON.stringify(value) ?? 'undefined')],
    ['String', attempt(() => String(value))],
  ];
  if (value instanceof Error) out.push(['stack', String(value.stack)]);
  return out;
}

function attempt(render: () => string): string {
  try {
    return render();
  } catch (error) {
    return `throws ${String(error)}`;
  }
}

/** Counts checked surfaces and records every leak found, with where it was. */
export class LeakCheck {
  surfaces = 0;
  readonly leaks: string[] = [];

  /** Checks every rendering of `value`; returns this value's leaks. */
  value(label: string, value: unknown, needles: readonly string[]): string[] {
    return renderings(value).flatMap(([how, text]) =>
      this.text(`${label} (${how})`, text, needles),
    );
  }

  text(label: string, text: string, needles: readonly string[]): string[] {
    this.surfaces++;
    const found = needles.filter((needle) => needle.length >= 8 && text.includes(needle));
    if (JWT.test(text)) found.push('a JWT');
    const leaks = found.map((needle) => `${label}: ${needle.slice(0, 12)}…`);
    this.leaks.push(...leaks);
    return leaks;
  }
}
