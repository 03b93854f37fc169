// Connection strings: `Endpoint=https://x;AccessKey=...;Version=1.0;`. Keys are case-insensitive and
// a value runs to the end of its segment (so it may itself contain `=`). Errors name the offending key
// and never echo a value, since the string holds the access key.

/** The keys of a connection string that the clients read (keys are matched case-insensitively). */
export interface ParsedConnectionString {
  /** The `Endpoint` value as a URL string, with `Port` applied and `https://` added when missing. */
  endpoint: string;
  /** `AccessKey`, which signs tokens; absent with `AuthType=azure*` (Entra ID). */
  accessKey?: string;
  /** `Version`, always 1.x when present. */
  version?: string;
  /** `ClientEndpoint` (SignalR): the URL handed to clients in negotiate, `https://` added when missing. */
  clientEndpoint?: string;
  /** `ServerEndpoint` (SignalR): where REST calls go, `https://` added when missing. */
  serverEndpoint?: string;
  /** `AuthType` (SignalR): `azure`, `azure.msi` or `azure.app` for Entra ID. */
  authType?: string;
}

/** What a connection string looks like, for error messages. */
const SHAPE = 'Endpoint=https://<resource host>;AccessKey=<key>;Version=1.0;';

/** Adds `https://` to a bare host; a value with another scheme (ftp://, ws://) is an error. */
function withScheme(value: string | undefined, key: string): string | undefined {
  if (value === undefined || /^https?:\/\//i.test(value)) return value;
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(value)) {
    throw new RangeError(`connectionString ${key} must use https or http`);
  }
  return `https://${value}`;
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
    // Do not echo the segment: it could be a mistyped access key.
    if (equals <= 0) {
      throw new TypeError(
        /^https?:\/\//i.test(connectionString)
          ? `connectionString is a URL: pass (endpoint, credential, hub), or ${SHAPE}`
          : `connectionString segments must be key=value pairs, as in ${SHAPE}`,
      );
    }
    const key = segment.slice(0, equals).trim();
    if (values.has(key.toLowerCase())) {
      throw new TypeError(`connectionString has the key ${key} twice`);
    }
    values.set(key.toLowerCase(), segment.slice(equals + 1).trim());
  }
  const endpoint = values.get('endpoint');
  if (!endpoint) throw new TypeError(`connectionString is missing Endpoint, as in ${SHAPE}`);
  let url: URL;
  try {
    url = new URL(withScheme(endpoint, 'Endpoint') as string);
  } catch (error) {
    if (error instanceof RangeError) throw error;
    throw new TypeError('connectionString has an Endpoint that is not a valid URL');
  }
  const port = values.get('port');
  if (port) {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
      throw new RangeError('connectionString has a Port that is not a port number');
    }
    url.port = port;
  }
  const version = values.get('version');
  // Both services define only version 1.x of the format.
  if (version !== undefined && !/^1(\.\d+)*$/.test(version)) {
    throw new RangeError('connectionString Version must be 1.x');
  }
  return {
    endpoint: url.toString(),
    accessKey: values.get('accesskey'),
    version,
    clientEndpoint: withScheme(values.get('clientendpoint'), 'ClientEndpoint'),
    serverEndpoint: withScheme(values.get('serverendpoint'), 'ServerEndpoint'),
    authType: values.get('authtype'),
  };
}
