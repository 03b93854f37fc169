// Reads the `X-ASRS-*` headers of an upstream request. Claims arrive as `type: value` pairs joined by
// ", " (.NET's Claim.ToString, as Microsoft's emulator sends them; the Functions extension splits on
// "= "), so both separators are accepted, and a fragment without one continues the previous value
// (a value that itself contains a comma).
import type { HeaderLookup } from '../shared/http.js';
import type { UpstreamContext } from './types.js';

export interface UpstreamHeaders {
  hub: string;
  category: string;
  event: string;
  connectionId: string;
}

export function readUpstreamContext(
  header: HeaderLookup,
  required: UpstreamHeaders,
): UpstreamContext {
  const context: UpstreamContext = {
    ...required,
    claims: parseClaims(header('x-asrs-user-claims')),
    query: parseQuery(header('x-asrs-client-query')),
  };
  const userId = header('x-asrs-user-id');
  if (userId) context.userId = userId;
  return context;
}

export function parseClaims(value: string | null): Record<string, string[]> {
  const claims: Record<string, string[]> = {};
  if (!value) return claims;
  let last: string[] | undefined;
  for (const fragment of value.split(',')) {
    const text = fragment.trimStart();
    // ": " or "= ", not a bare ":" — claim types are often URIs (http://schemas...).
    const separator = firstOf(text.indexOf(': '), text.indexOf('= '));
    if (separator > 0) {
      const type = text.slice(0, separator).trim();
      last = claims[type] ?? [];
      claims[type] = last;
      last.push(text.slice(separator + 2).trim());
    } else if (last && last.length > 0) {
      last[last.length - 1] += `,${fragment}`;
    }
  }
  return claims;
}

function firstOf(a: number, b: number): number {
  if (a < 0) return b;
  return b < 0 ? a : Math.min(a, b);
}

export function parseQuery(value: string | null): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  if (!value) return query;
  for (const [name, item] of new URLSearchParams(value.startsWith('?') ? value.slice(1) : value)) {
    const values = query[name] ?? [];
    values.push(item);
    query[name] = values;
  }
  return query;
}
