/**
 * MCP over streamable HTTP at /mcp on the Warrant server, stateless: every POST gets its own MCP server,
 * acting as the caller. Its SDK client reaches the API in process (Fastify's inject), so tools see
 * exactly what the REST API answers that key, authentication and validation included.
 *
 * Answers stream as server-sent events (the transport's default), so notifications a tool sends while it
 * works (wait_for_decision's progress) reach the client before the result. The streamable HTTP transport
 * has the client accept both application/json and text/event-stream on every POST; one that does not gets
 * the SDK's 406 (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#sending-messages-to-the-server).
 */
import type { FastifyReply } from 'fastify';
import { Problem } from '../core/problem.ts';
import type { App, Authenticator, RouteModule } from '../core/route-module.ts';
import { jsonRefusal } from '../http/json-body.ts';

// The MCP SDK and the tools built on it load with the first MCP request, not with every server's start.
const mcpParts = () =>
  Promise.all([
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
    import('./server.ts'),
    import('../sdk/index.ts'),
  ]);

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

/** JSON-RPC 2.0 "Parse error" (-32700): what a JSON-RPC endpoint answers a body it cannot read. */
function parseError(reply: FastifyReply, detail: string) {
  return reply
    .code(400)
    .type('application/json')
    .send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: `Parse error: ${detail}` } });
}

export function mcpRoutes(authenticate: Authenticator): RouteModule {
  return {
    public: true,
    register(app) {
      // The body stays text until the caller is known: a bad key is 401 whatever it sent, and bad JSON from
      // a known caller is a JSON-RPC error rather than the API's problem+json.
      app.removeContentTypeParser('application/json');
      app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
        done(null, body),
      );
      app.post('/mcp', { schema: { hide: true } }, async (request, reply) => {
        request.actor = await authenticate(request.headers.authorization);
        const token = request.headers.authorization!.replace(/^Bearer\s+/i, '');
        const text = String(request.body ?? '');
        let message: unknown;
        try {
          message = JSON.parse(text);
        } catch {
          return parseError(reply, 'the body is not valid JSON');
        }
        // The same refusals as every other JSON body of the API (duplicate keys, text PostgreSQL cannot hold).
        const refusal = jsonRefusal(text, message);
        if (refusal) return parseError(reply, refusal.message);
        const [{ StreamableHTTPServerTransport }, { createMcpServer }, { Warrant }] = await mcpParts();
        const warrant = new Warrant({
          url: 'http://warrant.internal',
          apiKey: token,
          fetch: injectFetch(app),
          retries: 0,
        });
        const server = createMcpServer(warrant);
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        await server.connect(transport);
        reply.hijack();
        reply.raw.on('close', () => void server.close());
        await transport.handleRequest(request.raw, reply.raw, message);
      });
      // Stateless: no standalone event stream and no session to delete.
      const notAllowed = async (_request: unknown, reply: FastifyReply) => {
        reply.header('allow', 'POST');
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
