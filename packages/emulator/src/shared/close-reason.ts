/** A WebSocket close frame's reason is limited to 123 bytes of UTF-8 (RFC 6455 §5.5). */
export function truncateReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}
