// URL templates of event handlers and upstreams: `{hub}`, `{event}` and (SignalR) `{category}` are
// filled in per call, percent-encoded, as both services do (howto-develop-eventhandler.md,
// concept-upstream.md). Checked when the emulator starts: an absolute http(s) URL, only the known
// placeholders, none in the host (the docs call `http://{hub}.com` invalid), no Key Vault reference.

/** The placeholders a template may use. */
export type Placeholder = 'hub' | 'event' | 'category';

const PLACEHOLDER = /\{([^{}]*)\}/g;

export class UrlTemplate {
  private constructor(
    /** The template as configured. */
    readonly template: string,
  ) {}

  /**
   * Checks `template`; throws a TypeError that starts with `setting` (e.g. `eventHandlers[0].urlTemplate`).
   * @param allowed - the placeholders this service fills in.
   */
  static parse(template: unknown, setting: string, allowed: readonly Placeholder[]): UrlTemplate {
    if (typeof template !== 'string' || template.trim() === '') {
      throw new TypeError(`${setting} must be a non-empty string (an http or https URL).`);
    }
    for (const [whole, name = ''] of template.matchAll(PLACEHOLDER)) {
      if (name.startsWith('@Microsoft.KeyVault')) {
        throw new TypeError(
          `${setting}: Key Vault references are not supported by the emulator; put the value in the URL.`,
        );
      }
      if (!(allowed as readonly string[]).includes(name.toLowerCase())) {
        const known = allowed.map((p) => `{${p}}`).join(', ');
        throw new TypeError(`${setting}: unknown placeholder ${whole}; use ${known}.`);
      }
    }
    let url: URL;
    try {
      // Sample values: the result must be a URL whatever hub and event fill it in.
      url = new URL(template.replace(PLACEHOLDER, 'x'));
    } catch {
      throw new TypeError(`${setting} must be an absolute http or https URL.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`${setting} must be an http or https URL, not ${url.protocol}`);
    }
    const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(template)?.[1] ?? '';
    if (/\{[^{}]*\}/.test(authority)) {
      throw new TypeError(`${setting}: placeholders may not appear in the host.`);
    }
    return new UrlTemplate(template.trim());
  }

  /** The URL for one call; values are percent-encoded (Uri.EscapeDataString in the services). */
  expand(values: Readonly<Partial<Record<Placeholder, string>>>): URL {
    return new URL(
      this.template.replace(PLACEHOLDER, (_, name: string) =>
        encodeURIComponent(values[name.toLowerCase() as Placeholder] ?? ''),
      ),
    );
  }

  /** The template for banners and logs: a query string can hold a secret (`?code=`), so it is hidden. */
  get display(): string {
    const query = this.template.indexOf('?');
    return query < 0 ? this.template : `${this.template.slice(0, query)}?…`;
  }
}

/** A URL for logs and the inspector: without its query string (it may hold a key such as `?code=`). */
export function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
}
