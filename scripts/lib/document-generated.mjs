// Adds TSDoc to the parts of a generated hey-api client that no spec field can describe, so every
// public export has documentation (`pnpm docs` fails on a missing one, and editors show it on hover):
//   - the per-operation request/response/error types (`<Op>Data`, `<Op>Responses`, ...), which
//     hey-api emits without comments; each one links to its operation function, documented by the spec;
//   - the `Options` type of the operation functions.
// The client runtime (@hubcast/rest-runtime) is hubcast's own package, documented in its source.
// It runs inside `pnpm generate` after formatting, so the result is still only ever produced by the
// generator and checked by `pnpm check:generated`. A comment already present is never replaced.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Exact source lines of the generated files, each with the doc it gets. */
const lineDocs = {
  'sdk.gen.ts': [
    [
      'export type Options<',
      "Options of an operation function: the operation's parameters, per-call client options, and the `client` to send with.",
    ],
  ],
};

const operationTypeDocs = {
  Data: (op) => `Request parameters of {@link ${op}}.`,
  Errors: (op) => `Error responses of {@link ${op}}, by HTTP status.`,
  Error: (op) => `Any error body {@link ${op}} can return.`,
  Responses: (op) => `Success responses of {@link ${op}}, by HTTP status.`,
  Response: (op) => `Any success body {@link ${op}} can return.`,
};

const requestPartDocs = {
  body: ['Request body.', 'This operation takes no request body.'],
  path: ['Path parameters.', 'This operation takes no path parameters.'],
  query: ['Query parameters.', 'This operation takes no query parameters.'],
  url: ['Path template of the operation.'],
};

const hasDoc = (lines, i) => i > 0 && lines[i - 1].trim().endsWith('*/');
const indentOf = (line) => line.slice(0, line.length - line.trimStart().length);

/** Returns `lines` with a one-line doc comment before each line `docFor` gives text for. */
function insertDocs(lines, docFor) {
  const out = [];
  lines.forEach((line, i) => {
    const doc = docFor(line, i);
    if (doc && !hasDoc(lines, i)) out.push(`${indentOf(line)}/** ${doc} */`);
    out.push(line);
  });
  return out;
}

function documentLines(out) {
  for (const [file, entries] of Object.entries(lineDocs)) {
    const path = join(out, file);
    const lines = readFileSync(path, 'utf8').split('\n');
    for (const [anchor] of entries) {
      // A missing anchor means the pinned generator changed its output: fail instead of going quiet.
      if (!lines.includes(anchor)) throw new Error(`${file}: line not found: ${anchor}`);
    }
    const docs = new Map(entries);
    writeFileSync(path, insertDocs(lines, (line) => docs.get(line)).join('\n'));
  }
}

function documentOperationTypes(out) {
  const sdk = readFileSync(join(out, 'sdk.gen.ts'), 'utf8');
  const operations = new Set([...sdk.matchAll(/^export const (\w+) = /gm)].map((m) => m[1]));
  const path = join(out, 'types.gen.ts');
  const lines = readFileSync(path, 'utf8').split('\n');
  let inData = false;
  const documented = insertDocs(lines, (line) => {
    if (line === '};') inData = false;
    if (line === 'export type ClientOptions = {') {
      return 'Base URL a client of this API is typed for (the spec server, or any URL).';
    }
    if (line.startsWith('  baseUrl: ')) return 'Service endpoint URL.';
    const type = /^export type (\w+?)(Data|Errors|Error|Responses|Response) =( |$)/.exec(line);
    if (type) {
      const op = type[1].charAt(0).toLowerCase() + type[1].slice(1);
      if (!operations.has(op)) return undefined;
      inData = type[2] === 'Data';
      return operationTypeDocs[type[2]](op);
    }
    const part = inData && /^ {2}(body|path|query|url)\??: (.*)$/.exec(line);
    if (!part) return undefined;
    const [given, none = given] = requestPartDocs[part[1]];
    return part[2] === 'never;' ? none : given;
  });
  writeFileSync(path, documented.join('\n'));
}

/** Documents the generated client in `out` (a `src/generated` folder) in place. */
export function documentGenerated(out) {
  documentLines(out);
  documentOperationTypes(out);
}
