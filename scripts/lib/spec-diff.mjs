// Compares two versions of an OpenAPI document operation by operation and classifies each change.
// Breaking = a change that can make an existing caller's request fail or its code stop compiling.
import { listOperations, resolveRef } from './spec.mjs';

const key = (op) => op.operationId ?? `${op.method} ${op.path}`;
const paramKey = (p) => `${p.in}:${p.name}`;

/** Constraint changes that reject input the old schema accepted. */
function schemaChanges(before = {}, after = {}) {
  const changes = [];
  const note = (what, breaking) => changes.push({ what, breaking });
  if (before.type !== after.type)
    note(`type ${before.type ?? 'any'} → ${after.type ?? 'any'}`, true);
  if (before.pattern !== after.pattern)
    note(
      `pattern ${before.pattern ?? 'none'} → ${after.pattern ?? 'none'}`,
      after.pattern !== undefined,
    );
  for (const [bound, tighter] of [
    ['minimum', (a, b) => b > a],
    ['minLength', (a, b) => b > a],
    ['maximum', (a, b) => b < a],
    ['maxLength', (a, b) => b < a],
  ]) {
    const a = before[bound];
    const b = after[bound];
    if (a === b) continue;
    note(
      `${bound} ${a ?? 'none'} → ${b ?? 'none'}`,
      b !== undefined && (a === undefined || tighter(a, b)),
    );
  }
  const removed = (before.enum ?? []).filter((v) => !(after.enum ?? []).includes(v));
  const added = (after.enum ?? []).filter((v) => !(before.enum ?? []).includes(v));
  if (after.enum && !before.enum) note(`enum added [${after.enum.join(', ')}]`, true);
  else if (removed.length) note(`enum values removed [${removed.join(', ')}]`, true);
  if (added.length && before.enum) note(`enum values added [${added.join(', ')}]`, false);
  if (JSON.stringify(before.items) !== JSON.stringify(after.items))
    note('items schema changed', true);
  if (before.default !== after.default)
    note(`default ${before.default ?? 'none'} → ${after.default ?? 'none'}`, false);
  return changes;
}

function parameterChanges(before, after, docs) {
  const changes = [];
  const old = new Map(before.parameters.map((p) => [paramKey(p), p]));
  const now = new Map(after.parameters.map((p) => [paramKey(p), p]));
  for (const [k, p] of now) {
    const prev = old.get(k);
    if (!prev) {
      changes.push({
        what: `parameter ${k} added${p.required ? ' (required)' : ''}`,
        breaking: Boolean(p.required),
      });
      continue;
    }
    if (!prev.required && p.required)
      changes.push({ what: `parameter ${k} became required`, breaking: true });
    if (prev.required && !p.required)
      changes.push({ what: `parameter ${k} became optional`, breaking: false });
    for (const c of schemaChanges(resolveRef(docs[0], prev.schema), resolveRef(docs[1], p.schema)))
      changes.push({ what: `parameter ${k}: ${c.what}`, breaking: c.breaking });
  }
  for (const k of old.keys()) {
    if (!now.has(k)) changes.push({ what: `parameter ${k} removed`, breaking: true });
  }
  return changes;
}

function bodyChanges(before, after) {
  const types = (op) => Object.keys(op.requestBody?.content ?? {});
  const changes = [];
  for (const t of types(before)) {
    if (!types(after).includes(t))
      changes.push({ what: `request content type ${t} removed`, breaking: true });
  }
  for (const t of types(after)) {
    if (!types(before).includes(t))
      changes.push({ what: `request content type ${t} added`, breaking: false });
  }
  if (!before.requestBody?.required && after.requestBody?.required) {
    changes.push({ what: 'request body became required', breaking: true });
  }
  return changes;
}

function responseChanges(before, after) {
  const codes = (op) =>
    Object.keys(op.responses)
      .filter((c) => /^2/.test(c))
      .sort()
      .join(',');
  return codes(before) === codes(after)
    ? []
    : [
        {
          what: `success statuses ${codes(before) || 'none'} → ${codes(after) || 'none'}`,
          breaking: false,
        },
      ];
}

/**
 * @typedef {ReturnType<typeof listOperations>[number]} Operation
 * @returns {{ added: Operation[], removed: Operation[], changed: {op: Operation, changes: {what: string, breaking: boolean}[]}[], breaking: boolean }}
 */
export function diffSpecs(beforeDoc, afterDoc) {
  const before = new Map((beforeDoc ? listOperations(beforeDoc) : []).map((op) => [key(op), op]));
  const after = new Map((afterDoc ? listOperations(afterDoc) : []).map((op) => [key(op), op]));
  const added = [...after.values()].filter((op) => !before.has(key(op)));
  const removed = [...before.values()].filter((op) => !after.has(key(op)));
  const changed = [];
  for (const [k, op] of after) {
    const prev = before.get(k);
    if (!prev) continue;
    const changes = [];
    if (prev.method !== op.method || prev.path !== op.path) {
      changes.push({
        what: `moved ${prev.method} ${prev.path} → ${op.method} ${op.path}`,
        breaking: true,
      });
    }
    changes.push(
      ...parameterChanges(prev, op, [beforeDoc, afterDoc]),
      ...bodyChanges(prev, op),
      ...responseChanges(prev, op),
    );
    if (changes.length) changed.push({ op, changes });
  }
  const breaking = removed.length > 0 || changed.some((c) => c.changes.some((x) => x.breaking));
  return { added, removed, changed, breaking };
}

/** The semver bump a raw package needs for this diff (0.x packages use minor for breaking changes). */
export function suggestedBump(diff, version = '1.0.0') {
  const preOne = version.startsWith('0.');
  if (diff.breaking) return preOne ? 'minor (breaking, package is 0.x)' : 'major';
  if (diff.added.length || diff.changed.length) return preOne ? 'patch or minor' : 'minor';
  return 'none';
}

export function formatDiff(name, diff, bump) {
  const lines = [`${name}:`];
  const mark = (breaking) => (breaking ? ' [BREAKING]' : '');
  for (const op of diff.added) lines.push(`  + ${key(op)}  ${op.method} ${op.path}`);
  for (const op of diff.removed) lines.push(`  - ${key(op)}  ${op.method} ${op.path} [BREAKING]`);
  for (const { op, changes } of diff.changed) {
    lines.push(`  ~ ${key(op)}  ${op.method} ${op.path}`);
    for (const c of changes) lines.push(`      ${c.what}${mark(c.breaking)}`);
  }
  if (lines.length === 1) lines.push('  no operation changes');
  lines.push(`  suggested bump: ${bump}`);
  return lines.join('\n');
}
