// Child of item 4: a fresh process that imports @hubcast/server, constructs a client from a connection
// string and mints one client token. The parent times the whole process.
import { WebPubSubServiceClient } from '@hubcast/server';
import { HUB, TOKEN_OPTIONS } from './fixtures.js';

const client = new WebPubSubServiceClient(process.env.BENCH_CONNECTION_STRING as string, HUB);
const { token } = await client.getClientAccessToken(TOKEN_OPTIONS);
if (!token.startsWith('ey')) process.exit(1);
