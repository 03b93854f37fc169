// The `odata` tagged template of @azure/web-pubsub: interpolated strings become quoted OData literals
// with `'` doubled, null and undefined become `null`, other values are written as they are.

/**
 * Builds an OData filter safely, e.g. ``odata`userId eq ${userId}` `` → `userId eq 'vic''s'`.
 * A value placed right after a quote the template already opened is escaped but not quoted again.
 */
export function odata(strings: TemplateStringsArray, ...values: unknown[]): string {
  let result = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const before = strings[i] ?? '';
    if (value === null || value === undefined) {
      result += 'null';
    } else if (typeof value === 'string') {
      const escaped = value.replace(/'/g, "''");
      result += before.trim().endsWith("'") ? escaped : `'${escaped}'`;
    } else {
      result += String(value);
    }
    result += strings[i + 1] ?? '';
  }
  return result;
}
