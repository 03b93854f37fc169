// Turns a spec into a route table: one entry per operation with its method, path template, resolved
// parameters (name, location, required, JSON schema), request content types and success statuses.
import { listOperations, loadSpec, resolveRef } from './spec.mjs';

/** Inlines every local $ref so the table is self-contained data. */
function inline(spec, node, seen = new Set()) {
  if (Array.isArray(node)) return node.map((n) => inline(spec, n, seen));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    // Recursive schemas (ErrorDetail.details) stay a plain object past the first level.
    if (seen.has(node.$ref)) return { type: 'object' };
    return inline(spec, resolveRef(spec, node), new Set([...seen, node.$ref]));
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(spec, v, seen)]));
}

export function routeTable(specPath) {
  const spec = loadSpec(specPath);
  return listOperations(spec).map((op) => ({
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    parameters: op.parameters.map((p) => ({
      name: p.name,
      in: p.in,
      required: Boolean(p.required),
      schema: inline(spec, p.schema ?? {}),
    })),
    requestBody: op.requestBody
      ? {
          required: Boolean(op.requestBody.required),
          contentTypes: Object.keys(op.requestBody.content ?? {}),
          schemas: Object.fromEntries(
            Object.entries(op.requestBody.content ?? {}).map(([type, media]) => [
              type,
              inline(spec, media.schema ?? {}),
            ]),
          ),
        }
      : null,
    successStatuses: Object.keys(op.responses)
      .filter((code) => /^2\d\d$/.test(code))
      .map(Number),
  }));
}
