// The CloudEvents abuse-protection check Web PubSub makes before it sends events to a handler URL
// (http-webhook.md §4; howto-develop-eventhandler.md "Upstream and Validation"): `OPTIONS` to the URL
// template with `{event}` = `validate`, `WebHook-Request-Origin: <service host>`; the handler allows
// it with `WebHook-Allowed-Origin: *` or that host (`@azure/web-pubsub-express` lists several,
// comma-separated). Once per URL while it passes; a refusal is asked again after a second, so an app
// started after the emulator (or fixed) is picked up without a restart.
import { type CallReporter, startTimer } from './call-report.js';
import { UpstreamError, type UpstreamHttp } from './http-call.js';
import type { UrlTemplate } from './url-template.js';
import { displayUrl } from './url-template.js';

/** A refused check is asked again after this long. */
const RETRY_REFUSED_MS = 1000;

interface Check {
  /** Undefined when allowed, else why not. */
  readonly refusal: Promise<UpstreamError | undefined>;
  /** When a refusal may be asked again (0 while in flight or allowed). */
  retryAfter: number;
}

export class AbuseProtection {
  readonly #checks = new Map<string, Check>();

  constructor(
    readonly http: UpstreamHttp,
    /** The `WebHook-Request-Origin` value: the emulator's Web PubSub host. */
    readonly origin: () => string,
    readonly reporter: CallReporter,
  ) {}

  /**
   * Resolves to undefined when the handler behind `template` accepts events from this service, else
   * to why not (unreachable, or its answer did not allow this origin).
   */
  check(template: UrlTemplate, hub: string): Promise<UpstreamError | undefined> {
    const url = template.expand({ hub, event: 'validate' });
    const known = this.#checks.get(url.href);
    if (known && (known.retryAfter === 0 || Date.now() < known.retryAfter)) return known.refusal;
    const check: Check = { refusal: this.#ask(url, hub), retryAfter: 0 };
    this.#checks.set(url.href, check);
    check.refusal.then((refusal) => {
      if (refusal) check.retryAfter = Date.now() + RETRY_REFUSED_MS;
    });
    return check.refusal;
  }

  async #ask(url: URL, hub: string): Promise<UpstreamError | undefined> {
    const origin = this.origin();
    const finish = startTimer();
    let status: number | undefined;
    let refusal: UpstreamError | undefined;
    try {
      const answer = await this.http.call({
        method: 'OPTIONS',
        url,
        // ce-awpsversion: @azure/web-pubsub-express answers only requests that carry it.
        headers: { 'WebHook-Request-Origin': origin, 'ce-awpsversion': '1.0' },
      });
      status = answer.status;
      const header = answer.headers['webhook-allowed-origin'];
      const origins = (Array.isArray(header) ? header.join(',') : (header ?? ''))
        .split(',')
        .map((o) => o.trim().toLowerCase())
        .filter(Boolean);
      if (status < 200 || status >= 300) {
        refusal = refused(`the abuse-protection check (OPTIONS) answered ${status}`);
      } else if (!origins.includes('*') && !origins.includes(origin.toLowerCase())) {
        const got = origins.length ? origins.join(', ') : 'missing';
        refusal = refused(
          `the abuse-protection check (OPTIONS) did not allow ${origin}: WebHook-Allowed-Origin is ${got}`,
        );
      }
    } catch (error) {
      refusal =
        error instanceof UpstreamError ? error : refused(`the check failed (${String(error)})`);
    }
    this.reporter.report({
      service: 'webpubsub',
      hub,
      event: 'validate',
      method: 'OPTIONS',
      url: displayUrl(url),
      ...finish(),
      ...(status === undefined ? {} : { status }),
      ok: refusal === undefined,
      outcome: refusal
        ? `refused: ${refusal.message}; its events fail until it allows this origin`
        : 'allowed',
    });
    return refusal;
  }
}

function refused(message: string): UpstreamError {
  return new UpstreamError('refused', message);
}
