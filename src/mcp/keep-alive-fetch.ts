/**
 * A fetch for the gateway's Warrant client over node:http with one kept-alive connection per host. Every
 * governed call waits for POST /v1/authorize; measured against the same server, node:http answers about
 * 0.2 ms sooner per request than the global fetch (undici), which is a tenth of the gateway's 2 ms budget.
 * It covers what the SDK uses: a method, string headers and a string body; the answer is read whole.
 */
import http from 'node:http';

export function keepAliveFetch(): typeof fetch {
  const agent = new http.Agent({ keepAlive: true });
  return ((input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const request = http.request(
        String(input),
        { method: init.method ?? 'GET', headers: init.headers as Record<string, string>, agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
            }
            // A null-body status (204, 304) takes no body, not even an empty one.
            const status = response.statusCode ?? 502;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers }));
          });
        },
      );
      request.on('error', reject);
      request.end(typeof init.body === 'string' ? init.body : undefined);
    })) as typeof fetch;
}
