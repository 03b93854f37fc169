// How each endpoint compares a token's `aud` with the URL it was sent to (wire-facts §1.3, §1.4, §2.4, §2.6).
import type { AudienceCheck } from './token-verifier.js';

const trimSlash = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);

/** Web PubSub REST: scheme, host (with port) and path must match; the query may be present or absent. */
export function webPubSubRestAudience(request: URL): AudienceCheck {
  return (aud) =>
    aud.protocol === request.protocol &&
    aud.host === request.host &&
    aud.pathname === request.pathname &&
    (aud.search === '' || aud.search === request.search);
}

/** Web PubSub client: `aud` is the http(s) form of the client URL; the query is not part of it. */
export function webPubSubClientAudience(request: URL): AudienceCheck {
  return (aud) =>
    aud.protocol === request.protocol &&
    aud.host === request.host &&
    aud.pathname === request.pathname;
}

/** SignalR v1 REST: the URL without query and port (and without a trailing slash). */
export function signalRRestAudience(request: URL): AudienceCheck {
  return (aud) =>
    aud.protocol === request.protocol &&
    aud.hostname === request.hostname &&
    trimSlash(aud.pathname) === trimSlash(request.pathname);
}

/**
 * SignalR current REST (`/api/hubs/...?api-version=...`): compared like v1, and a query in the
 * audience must be part of the request's. Microsoft's Management SDK signs the URL without its query
 * (`GetLeftPart(UriPartial.Path)`); its 2022-06-01 versions signed `?[application=…&]api-version=…`
 * and added `excluded` and `reason` to the request after signing, so a subset is what they sent.
 */
export function signalRCurrentRestAudience(request: URL): AudienceCheck {
  const sameUrl = signalRRestAudience(request);
  return (aud) => {
    if (!sameUrl(aud)) return false;
    for (const [name, value] of aud.searchParams) {
      if (!request.searchParams.getAll(name).includes(value)) return false;
    }
    return true;
  };
}

/**
 * SignalR client: `aud` is `{endpoint}/client/?hub={hub}`. Compared like REST, and a `hub` in the
 * audience must name the hub being connected to (case-insensitively: the .NET SDK lowercases hubs).
 */
export function signalRClientAudience(request: URL, hub: string): AudienceCheck {
  const clientPath = '/client';
  return (aud) => {
    const audHub = aud.searchParams.get('hub');
    return (
      aud.protocol === request.protocol &&
      aud.hostname === request.hostname &&
      trimSlash(aud.pathname) === clientPath &&
      (audHub === null || audHub.toLowerCase() === hub.toLowerCase())
    );
  };
}
