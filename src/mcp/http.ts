/**
 * MCP over streamable HTTP at /mcp on the Warrant server, stateless: every POST gets its own MCP server,
 * acting as the caller. Its SDK client reaches the API in process (Fastify's inject), so tools see
 * exactly what the REST API answers that key, authentication and validation included.
 */
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { Problem } from '../core/problem.ts';
import type { App, RouteModule } from '../http/server.ts';
import { Warrant } from '../sdk/index.ts';
import type { Authenticator } from '../tenancy/authenticate.ts';
import { createMcpServer } from './server.ts';

/** A fetch that answers from the app itself, without a socket. */
function injectFetch(app: App): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const response = await app.inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      ...(typeof init?.body === 'string' ? { payload: init.body } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
    }
    const empty = response.statusCode === 204 || response.statusCode === 304;
    return new Response(empty ? null : response.payload, { status: response.statusCode, headers });
  };
}

export function mcpRoutes(authenticate: Authenticator): RouteModule {
  return {
    public: true,
    register(app) {
      app.post('/mcp', { schema: { hide: true } }, async (request, reply) => {
        request.actor = await authenticate(request.headers.authorization);
        const token = request.headers.authorization!.replace(/^Bearer\s+/i, '');
        const warrant = new Warrant({
          url: 'http://warrant.internal',
          apiKey: token,
          fetch: injectFetch(app),
          retries: 0,
        });
        const server = createMcpServer(warrant);
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: undefined,
          enableJsonResponse: true,
        });
        await server.connect(transport);
        reply.hijack();
        reply.raw.on('close', () => void server.close());
        await transport.handleRequest(request.raw, reply.raw, request.body);
      });
      // Stateless: no standalone event stream and no session to delete.
      const notAllowed = async () => {
        throw new Problem(
          405,
          'method_not_allowed',
          'this MCP endpoint is stateless: POST JSON-RPC messages to it',
        );
      };
      app.get('/mcp', { schema: { hide: true } }, notAllowed);
      app.delete('/mcp', { schema: { hide: true } }, notAllowed);
    },
  };
}
