// The wire-test runner shared by both SignalR API versions: every operation of a spec is called through
// its generated function with an injected fetch, and the exact request (method, path escaping, query,
// content type, body) is checked. Each test file supplies the cases and canned answers.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordingFetch } from '../../../../scripts/lib/recording-fetch.mjs';
import {
  functionNameFor,
  listOperations,
  loadSpec,
  pathMatcher,
} from '../../../../scripts/lib/spec.mjs';

export const BASE = 'https://demo.service.signalr.net';

// Ids chosen to need escaping: space, '/', '#', '@' and non-ASCII. Expected forms are written out by hand.
export const GROUP = 'room 1/a#b·é';
export const GROUP_ESC = 'room%201%2Fa%23b%C2%B7%C3%A9';
export const USER = 'user@x y/z#ü';
export const USER_ESC = 'user%40x%20y%2Fz%23%C3%BC';
export const CONN = 'conn/1 2#';
export const CONN_ESC = 'conn%2F1%202%23';

// biome-ignore lint/suspicious/noExplicitAny: each generated function has its own options type
export type Fn = (options: any) => Promise<{ response?: Response; data?: unknown }>;

export interface Case {
  name: string;
  fn: Fn;
  args: Record<string, unknown>;
  status: number;
  path: string;
  /** The expected query string without `?`; absent means none. */
  query?: string;
  /** The expected JSON body text; absent means no body and no Content-Type. */
  json?: string;
  check?: (result: { response?: Response; data?: unknown }) => void;
}

export const plain = (
  name: string,
  fn: Fn,
  args: object,
  status: number,
  path: string,
  query?: string,
): Case => ({ name, fn, args: args as Record<string, unknown>, status, path, query });

interface Api {
  createClient(config: {
    baseUrl: string;
    fetch: ReturnType<typeof recordingFetch>['fetch'];
  }): unknown;
}

/** Registers the coverage checks and one test per case of every operation in `specFile`. */
export function describeWire(
  specFile: string,
  api: Api,
  cases: Record<string, Case[]>,
  answerFor: (operationId: string, status: number) => Response,
): void {
  const specPath = fileURLToPath(new URL(`../../../../specs/${specFile}`, import.meta.url));
  const operations = listOperations(loadSpec(specPath));

  describe(`${specFile} coverage`, () => {
    it('has a wire case for every operation in the spec, and no extra ones', () => {
      expect(Object.keys(cases).sort()).toEqual(operations.map((o) => o.operationId).sort());
    });

    it('exports a generated function for every operation', () => {
      for (const op of operations) {
        expect(
          typeof (api as unknown as Record<string, unknown>)[functionNameFor(op.operationId)],
          op.operationId,
        ).toBe('function');
      }
    });
  });

  describe.each(operations)('$operationId ($method $path)', (op) => {
    it.each(cases[op.operationId] ?? [])('$name', async (c) => {
      const { fetch, requests } = recordingFetch(() => answerFor(op.operationId, c.status));
      const client = api.createClient({ baseUrl: BASE, fetch });
      const result = await c.fn({ client, ...c.args });

      expect(requests).toHaveLength(1);
      const [req] = requests;
      expect(req.method).toBe(op.method);
      expect(req.url.origin).toBe(BASE);
      expect(req.url.pathname).toBe(c.path);
      expect(req.url.pathname).toMatch(pathMatcher(op.path));
      expect(req.url.search).toBe(c.query ? `?${c.query}` : '');
      expect(req.headers.get('content-type')).toBe(
        c.json !== undefined ? 'application/json' : null,
      );
      expect(new TextDecoder().decode(req.body)).toBe(c.json ?? '');
      expect(result.response?.status).toBe(c.status);
      c.check?.(result);
    });
  });
}
