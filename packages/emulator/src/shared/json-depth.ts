// JSON nesting limit. V8 parses any depth, but JSON.stringify and recursive schema checks overflow the
// stack at a few thousand levels, so deeper documents are refused up front. 64 is System.Text.Json's
// default MaxDepth, which the real services (ASP.NET Core) use (an inference: they do not document it).
export const MAX_JSON_DEPTH = 64;

/** True when arrays/objects in JSON `text` nest deeper than `limit`; strings are skipped. */
export function exceedsJsonDepth(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
