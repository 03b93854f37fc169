// A `fetch` to inject into generated clients in tests: it records each Request it is given
// (method, URL, headers, body bytes) and answers with a canned response.

/**
 * @typedef {{ method: string, url: URL, headers: Headers, body: Uint8Array }} Recorded
 * @param {(request: Request) => Response} [answer]
 */
export function recordingFetch(answer = () => new Response(null, { status: 202 })) {
  /** @type {Recorded[]} */
  const requests = [];
  /** @type {(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>} */
  const fetch = async (input, init) => {
    const request = input instanceof Request && !init ? input : new Request(input, init);
    requests.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: new Uint8Array(await request.clone().arrayBuffer()),
    });
    return answer(request);
  };
  return { fetch, requests };
}
