// Standard base64 of UTF-8 text, for the Web PubSub `ce-connectionState` header (base64 of a JSON
// object). atob/btoa exist in every runtime this package supports; they work on "binary strings", so
// the UTF-8 bytes go through one char code per byte.

export function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Decodes standard or URL-safe base64, padded or not; undefined when it is not base64. */
export function base64ToUtf8(value: string): string | undefined {
  const standard = value.trim().replace(/-/g, '+').replace(/_/g, '/');
  const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}
