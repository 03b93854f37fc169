// Secrets never reach the timeline: query parameters that carry them are replaced, and payload text
// loses anything shaped like a JWT or a connection string, and the access key itself.

const REDACTED = '<redacted>';
/** `access_token`, SignalR's connection token `id`, reconnection tokens, `code=` keys, signatures… */
const SECRET_PARAM = /token|key|sig|secret|password|^code$|^id$/i;
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const ACCESS_KEY_SETTING = /AccessKey=[^;]*/gi;

/** The query, decoded for reading, with secret-bearing parameters replaced; undefined when empty. */
export function redactedQuery(search: URLSearchParams): string | undefined {
  const parts: string[] = [];
  for (const [key, value] of search) {
    parts.push(`${key}=${SECRET_PARAM.test(key) ? REDACTED : value}`);
  }
  return parts.length === 0 ? undefined : parts.join('&');
}

/** Removes JWTs, `AccessKey=…` settings and the given secrets (the access key) from text. */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text.replace(JWT, REDACTED).replace(ACCESS_KEY_SETTING, `AccessKey=${REDACTED}`);
  for (const secret of secrets) {
    if (secret !== '' && result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result;
}
