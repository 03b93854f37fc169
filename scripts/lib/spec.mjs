// Reads an OpenAPI spec from specs/ into a flat list of operations with their parameters resolved.
// Used by the wire tests (to enumerate every operation) and by repo checks.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** @param {string} specPath */
export function loadSpec(specPath) {
  return parse(readFileSync(specPath, 'utf8'));
}

/** Follows a local `#/a/b` reference. */
export function resolveRef(spec, node) {
  if (!node || typeof node.$ref !== 'string') return node;
  const parts = node.$ref.replace(/^#\//, '').split('/');
  let target = spec;
  for (const part of parts) target = target?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (target === undefined) throw new Error(`Unresolved $ref ${node.$ref}`);
  return resolveRef(spec, target);
}

/**
 * @param {object} spec a parsed OpenAPI document
 * @returns {Array<{operationId: string, method: string, path: string, parameters: any[], requestBody: any, responses: Record<string, any>}>}
 */
export function listOperations(spec) {
  const operations = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) =>
        resolveRef(spec, p),
      );
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        parameters,
        requestBody: resolveRef(spec, op.requestBody),
        responses: op.responses ?? {},
      });
    }
  }
  return operations;
}

/** hey-api's function name for an operationId: `WebPubSub_SendToAll` -> `webPubSubSendToAll`. */
export function functionNameFor(operationId) {
  const joined = operationId.replace(/[_\W]+(.)?/g, (_, c) => (c ? c.toUpperCase() : ''));
  return joined.charAt(0).toLowerCase() + joined.slice(1);
}

/** A RegExp for the spec's path template, each {param} standing for one escaped path segment. */
export function pathMatcher(template) {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`);
}
