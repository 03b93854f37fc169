import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../lib/spec.mjs';
import { diffSpecs, formatDiff, suggestedBump } from '../lib/spec-diff.mjs';

const specPath = (name: string) => fileURLToPath(new URL(`../../specs/${name}`, import.meta.url));
const fresh = () => loadSpec(specPath('webpubsub.yaml'));

describe('diffSpecs', () => {
  it('finds nothing between a spec and itself', () => {
    const diff = diffSpecs(fresh(), fresh());
    expect(diff).toMatchObject({ added: [], removed: [], changed: [], breaking: false });
    expect(suggestedBump(diff, '0.1.0')).toBe('none');
  });

  it('marks a removed operation as breaking and an added one as not', () => {
    const before = fresh();
    const after = fresh();
    delete after.paths['/api/health'];
    after.paths['/api/hubs/{hub}/:ping'] = {
      post: { operationId: 'WebPubSub_Ping', responses: { '200': {} } },
    };
    const diff = diffSpecs(before, after);
    expect(diff.removed.map((o) => o.operationId)).toEqual(['HealthApi_GetServiceStatus']);
    expect(diff.added.map((o) => o.operationId)).toEqual(['WebPubSub_Ping']);
    expect(diff.breaking).toBe(true);
    expect(suggestedBump(diff, '1.2.3')).toBe('major');
    expect(formatDiff('webpubsub', diff, 'major')).toContain(
      '- HealthApi_GetServiceStatus  HEAD /api/health [BREAKING]',
    );
  });

  it('tells optional from required new parameters', () => {
    const before = fresh();
    const optional = fresh();
    optional.paths['/api/hubs/{hub}/:send'].post.parameters.push({
      name: 'trace',
      in: 'query',
      schema: { type: 'string' },
    });
    const optDiff = diffSpecs(before, optional);
    expect(optDiff.breaking).toBe(false);
    expect(optDiff.changed[0].changes).toEqual([
      { what: 'parameter query:trace added', breaking: false },
    ]);
    expect(suggestedBump(optDiff, '1.0.0')).toBe('minor');

    const required = fresh();
    required.paths['/api/hubs/{hub}/:send'].post.parameters.push({
      name: 'trace',
      in: 'query',
      required: true,
      schema: { type: 'string' },
    });
    expect(diffSpecs(before, required).breaking).toBe(true);
  });

  it('classifies tightened and loosened constraints', () => {
    const before = fresh();
    const tighter = fresh();
    tighter.components.parameters.messageTtlSeconds.schema.maximum = 100;
    const t = diffSpecs(before, tighter);
    expect(t.breaking).toBe(true);
    expect(t.changed.map((c) => c.op.operationId).sort()).toEqual([
      'WebPubSub_SendToAll',
      'WebPubSub_SendToConnection',
      'WebPubSub_SendToGroup',
      'WebPubSub_SendToUser',
    ]);
    expect(t.changed[0].changes[0].what).toBe(
      'parameter query:messageTtlSeconds: maximum 300 → 100',
    );

    const looser = fresh();
    looser.components.parameters.messageTtlSeconds.schema.maximum = 600;
    expect(diffSpecs(before, looser).breaking).toBe(false);
  });

  it('treats a removed enum value and a moved path as breaking', () => {
    const before = fresh();
    const narrowed = fresh();
    narrowed.components.schemas.WebPubSubPermission.enum = ['sendToGroup'];
    const n = diffSpecs(before, narrowed);
    expect(n.breaking).toBe(true);
    expect(n.changed[0].changes[0].what).toContain('enum values removed [joinLeaveGroup]');

    const moved = fresh();
    moved.paths['/api/status'] = moved.paths['/api/health'];
    delete moved.paths['/api/health'];
    const m = diffSpecs(before, moved);
    expect(m.changed[0].changes[0]).toEqual({
      what: 'moved HEAD /api/health → HEAD /api/status',
      breaking: true,
    });
  });
});

describe('diffSpecs on the current SignalR API (signalr.yaml)', () => {
  const current = () => loadSpec(specPath('signalr.yaml'));

  it('lists every operation as added when the spec is new', () => {
    const diff = diffSpecs(null, current());
    expect(diff.added).toHaveLength(26);
    expect(diff.added.map((o) => o.operationId)).toContain('SignalR_InvokeClientConnection');
    expect(diff.breaking).toBe(false);
  });

  it('marks a removed shared parameter as breaking on every operation that used it', () => {
    const after = current();
    for (const item of Object.values(after.paths) as Record<string, { parameters?: unknown[] }>[]) {
      for (const op of Object.values(item)) {
        op.parameters = op.parameters?.filter(
          (p) => (p as { $ref?: string }).$ref !== '#/components/parameters/application',
        );
      }
    }
    const diff = diffSpecs(current(), after);
    expect(diff.breaking).toBe(true);
    // Every hub operation except :execute and :generateToken takes `application`.
    expect(diff.changed).toHaveLength(22);
    expect(diff.changed[0].changes).toEqual([
      { what: 'parameter query:application removed', breaking: true },
    ]);
  });
});

describe('pnpm spec:diff', () => {
  it('reports every spec against a git ref', () => {
    const out = execFileSync(
      'node',
      [fileURLToPath(new URL('../spec-diff.mjs', import.meta.url)), 'HEAD'],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toContain('specs/webpubsub.yaml → @hubcast/webpubsub-rest@');
    expect(out).toContain('specs/signalr-v1.yaml → @hubcast/signalr-rest@');
    expect(out).toContain('specs/signalr.yaml → @hubcast/signalr-rest@');
    expect(out).toMatch(/suggested bump: /);
  });
});
