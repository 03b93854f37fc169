// The validation constants are written by hand in src/validation.ts; this keeps them equal to the specs.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../../scripts/lib/spec.mjs';
import * as v from '../src/validation.js';

const specPath = (name: string) =>
  fileURLToPath(new URL(`../../../specs/${name}`, import.meta.url));
const wps = loadSpec(specPath('webpubsub.yaml'));
const signalr = loadSpec(specPath('signalr-v1.yaml'));
const current = loadSpec(specPath('signalr.yaml'));

function queryParam(spec: typeof wps, path: string, method: string, name: string) {
  const op = spec.paths[path][method];
  const param = op.parameters.find((p: { name?: string }) => p.name === name);
  expect(param, `${method} ${path} ${name}`).toBeDefined();
  return param.schema;
}

describe('validation constants match the specs', () => {
  it('hub pattern (each service its own)', () => {
    expect(v.HUB_PATTERN.source).toBe(wps.components.parameters.hub.schema.pattern);
    expect(v.SIGNALR_HUB_PATTERN.source).toBe(signalr.components.parameters.hub.schema.pattern);
  });

  it('group length and the not-blank rule', () => {
    const wpsGroup = wps.components.parameters.group.schema;
    const signalrGroup = signalr.components.parameters.group.schema;
    for (const schema of [wpsGroup, signalrGroup]) {
      expect(v.GROUP_MIN_LENGTH).toBe(schema.minLength);
      expect(v.GROUP_MAX_LENGTH).toBe(schema.maxLength);
    }
    expect(v.GROUP_NOT_BLANK.source).toBe(wpsGroup.pattern);
    // SignalR has no not-blank rule, and the client does not add one.
    expect(signalrGroup.pattern).toBeUndefined();
  });

  it('ids are non-empty', () => {
    expect(wps.components.parameters.connectionId.schema.minLength).toBe(1);
    expect(wps.components.parameters.userId.schema.minLength).toBe(1);
    expect(signalr.components.parameters.connectionId.schema.minLength).toBe(1);
    expect(signalr.components.parameters.user.schema.minLength).toBe(1);
  });

  it('messageTtlSeconds range', () => {
    const ttl = wps.components.parameters.messageTtlSeconds.schema;
    expect([v.MESSAGE_TTL_MIN, v.MESSAGE_TTL_MAX]).toEqual([ttl.minimum, ttl.maximum]);
  });

  it('permissions', () => {
    expect([...v.PERMISSIONS].sort()).toEqual(
      [...wps.components.schemas.WebPubSubPermission.enum].sort(),
    );
  });

  it('list paging and token expiry', () => {
    const path = '/api/hubs/{hub}/groups/{group}/connections';
    const pageSize = queryParam(wps, path, 'get', 'maxpagesize');
    const top = queryParam(wps, path, 'get', 'top');
    expect([v.MAX_PAGE_SIZE_MIN, v.MAX_PAGE_SIZE_MAX]).toEqual([
      pageSize.minimum,
      pageSize.maximum,
    ]);
    expect([v.TOP_MIN, v.TOP_MAX]).toEqual([top.minimum, top.maximum]);
    const minutes = queryParam(wps, '/api/hubs/{hub}/:generateToken', 'post', 'minutesToExpire');
    expect(v.MINUTES_TO_EXPIRE_MIN).toBe(minutes.minimum);
  });

  it('SignalR user-group ttl', () => {
    const ttl = queryParam(signalr, '/api/v1/hubs/{hub}/groups/{group}/users/{user}', 'put', 'ttl');
    expect(v.USER_GROUP_TTL_MIN).toBe(ttl.minimum);
  });

  it('SignalR current API (signalr.yaml)', () => {
    const p = current.components.parameters;
    expect(v.SIGNALR_HUB_PATTERN.source).toBe(p.hub.schema.pattern);
    expect(v.SIGNALR_HUB_PATTERN.source).toBe(p.application.schema.pattern);
    expect([v.GROUP_MIN_LENGTH, v.GROUP_MAX_LENGTH]).toEqual([
      p.group.schema.minLength,
      p.group.schema.maxLength,
    ]);
    expect(v.GROUP_NOT_BLANK.source).toBe(p.group.schema.pattern);
    expect(p.groupMayBeBlank.schema.pattern).toBeUndefined();
    expect(v.STREAM_ID_MAX_LENGTH).toBe(p.streamId.schema.maxLength);
    expect(v.GROUP_NOT_BLANK.source).toBe(p.streamId.schema.pattern);
    const closeUser = current.paths[
      '/api/hubs/{hub}/users/{user}/:closeConnections'
    ].post.parameters.find((x: { name?: string }) => x.name === 'user').schema;
    expect(v.CLOSE_USER_MAX_LENGTH).toBe(closeUser.maxLength);
    const list = '/api/hubs/{hub}/groups/{group}/connections';
    const pageSize = queryParam(current, list, 'get', 'maxpagesize');
    const top = queryParam(current, list, 'get', 'top');
    expect([v.MAX_PAGE_SIZE_MIN, v.MAX_PAGE_SIZE_MAX]).toEqual([
      pageSize.minimum,
      pageSize.maximum,
    ]);
    expect([v.TOP_MIN, v.TOP_MAX]).toEqual([top.minimum, top.maximum]);
    const minutes = queryParam(
      current,
      '/api/hubs/{hub}/:generateToken',
      'post',
      'minutesToExpire',
    );
    expect(v.MINUTES_TO_EXPIRE_MIN).toBe(minutes.minimum);
    const ttl = queryParam(current, '/api/hubs/{hub}/users/{user}/groups/{group}', 'put', 'ttl');
    expect(v.USER_GROUP_TTL_MIN).toBe(ttl.minimum);
  });
});
