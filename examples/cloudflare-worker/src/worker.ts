// A Cloudflare Worker that pushes to Web PubSub clients with @hubcast/server. It needs only fetch
// and WebCrypto, which workerd provides. POST a JSON body to broadcast it; `?user=alice` sends to
// one user instead. Answers 202 once the service has accepted the message.
import { type JSONTypes, WebPubSubServiceClient } from '@hubcast/server';

export interface Env {
  /** A secret: `wrangler secret put WEBPUBSUB_CONNECTION_STRING`. */
  WEBPUBSUB_CONNECTION_STRING: string;
  WEBPUBSUB_HUB?: string;
}

// One client per isolate, so its signed tokens are reused across requests.
let cached: { key: string; service: WebPubSubServiceClient } | undefined;

function serviceFor(env: Env): WebPubSubServiceClient {
  const key = `${env.WEBPUBSUB_HUB ?? 'chat'}|${env.WEBPUBSUB_CONNECTION_STRING}`;
  if (cached?.key !== key) {
    const service = new WebPubSubServiceClient(
      env.WEBPUBSUB_CONNECTION_STRING,
      env.WEBPUBSUB_HUB ?? 'chat',
    );
    cached = { key, service };
  }
  return cached.service;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== 'POST') {
      return new Response('POST a JSON message to send it\n', {
        status: 405,
        headers: { allow: 'POST' },
      });
    }
    let message: JSONTypes;
    try {
      message = (await request.json()) as JSONTypes;
    } catch {
      return new Response('the body must be JSON\n', { status: 400 });
    }
    const service = serviceFor(env);
    const user = new URL(request.url).searchParams.get('user');
    if (user) await service.sendToUser(user, message);
    else await service.sendToAll(message);
    return new Response(null, { status: 202 });
  },
};
