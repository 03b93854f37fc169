// Child of item 4: the same as cold-hubcast, on @azure/web-pubsub 1.2.0.
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { HUB, TOKEN_OPTIONS } from './fixtures.js';

const client = new WebPubSubServiceClient(process.env.BENCH_CONNECTION_STRING as string, HUB);
const { token } = await client.getClientAccessToken(TOKEN_OPTIONS);
if (!token.startsWith('ey')) process.exit(1);
