// Connection strings: `Endpoint=https://x;AccessKey=...;Version=1.0;`. Keys are case-insensitive and
// a value runs to the end of its segment (so it may itself contain `=`). Errors name the offending key
// and never echo a value, since the string holds the access key.

export interface ParsedConnectionString {
  /** The `Endpoint` value as a URL string, with `Port` applied and `https://` added when missing. */
  endpoint: string;
  accessKey?: string;
  version?: string;
  clientEndpoint?: string;
  serverEndpoint?: string;
  authType?: string;
}

const KNOWN_KEYS: Record<string, keyof ParsedConnectionString | 'port'> = {
  endpoint: 'endpoint',
  accesskey: 'accessKey',
  version: 'version',
  port: 'port',
  clientendpoint: 'clientEndpoint',
  serverendpoint: 'serverEndpoint',
  authtype: 'authType',
};

function withScheme(value: string): string {
  return /^https?:\/\//i.test(value) ? value : `https://${value}`;
}

/** Splits a connection string into its known keys; unknown keys are ignored, duplicates rejected. */
export function parseConnectionString(connectionString: unknown): ParsedConnectionString {
  if (typeof connectionString !== 'string') {
    throw new TypeError('connectionString must be a string');
  }
  const values = new Map<string, string>();
  for (const segment of connectionString.split(';')) {
    if (segment.trim() === '') continue;
    const equals = segment.indexOf('=');
    if (equals <= 0) {
      // Do not echo the segment: it could be a mistyped access key.
      throw new TypeError('connectionString segments must be key=value pairs');
    }
    const key = segment.slice(0, equals).trim().toLowerCase();
    if (values.has(key)) {
      throw new TypeError(`connectionString has the key ${segment.slice(0, equals).trim()} twice`);
    }
    values.set(key, segment.slice(equals + 1).trim());
  }

  const rawEndpoint = values.get('endpoint');
  if (!rawEndpoint) throw new TypeError('connectionString is missing Endpoint');
  let endpointUrl: URL;
  try {
    endpointUrl = new URL(withScheme(rawEndpoint));
  } catch {
    throw new TypeError('connectionString has an Endpoint that is not a valid URL');
  }
  const port = values.get('port');
  if (port !== undefined && port !== '') {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
      throw new RangeError('connectionString has a Port that is not a port number');
    }
    endpointUrl.port = port;
  }

  const parsed: ParsedConnectionString = { endpoint: endpointUrl.toString() };
  for (const [key, value] of values) {
    const field = KNOWN_KEYS[key];
    if (!field || field === 'endpoint' || field === 'port') continue;
    parsed[field] =
      field === 'clientEndpoint' || field === 'serverEndpoint' ? withScheme(value) : value;
  }
  return parsed;
}
