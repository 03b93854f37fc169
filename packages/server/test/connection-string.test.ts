// Connection string parsing: case-insensitive keys, values split at the first '=', Port, default
// scheme, and the SignalR keys. Rejected strings are in bad-input-matrix.test.ts.
import { describe, expect, it } from 'vitest';
import { parseConnectionString } from '../src/connection-string.js';

describe('parseConnectionString', () => {
  it('reads Endpoint, AccessKey and Version, keys in any case', () => {
    expect(
      parseConnectionString(
        'endpoint=https://x.webpubsub.azure.com;ACCESSKEY=a/b+c==;version=1.0;',
      ),
    ).toEqual({ endpoint: 'https://x.webpubsub.azure.com/', accessKey: 'a/b+c==', version: '1.0' });
  });

  it('applies Port and adds https:// to an endpoint without a scheme', () => {
    expect(parseConnectionString('Endpoint=localhost;Port=8080;AccessKey=k').endpoint).toBe(
      'https://localhost:8080/',
    );
    expect(parseConnectionString('Endpoint=http://localhost;Port=8080;AccessKey=k').endpoint).toBe(
      'http://localhost:8080/',
    );
  });

  it('ignores empty segments, spaces around keys and unknown keys', () => {
    expect(
      parseConnectionString(';; Endpoint = https://x.example ; AccessKey=k;Foo=bar;;'),
    ).toEqual({ endpoint: 'https://x.example/', accessKey: 'k' });
  });

  it('reads the SignalR keys', () => {
    expect(
      parseConnectionString(
        'Endpoint=https://x.service.signalr.net;AccessKey=k;Version=1.0;ClientEndpoint=https://c.example;ServerEndpoint=s.example;AuthType=azure.msi',
      ),
    ).toEqual({
      endpoint: 'https://x.service.signalr.net/',
      accessKey: 'k',
      version: '1.0',
      clientEndpoint: 'https://c.example',
      serverEndpoint: 'https://s.example',
      authType: 'azure.msi',
    });
  });
});
