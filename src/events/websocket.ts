/**
 * Live updates over WebSocket at `gateway.ws_addr` (seed 001's Config), beside GET /v1/events: the same events,
 * ids and payloads, since both are sinks of one EventStream. A client connects to `/v1/events` (optionally
 * `?last_event_id=` to resume) with its API key or OIDC token in `Authorization`, or, from a browser that cannot
 * set headers, as the subprotocol `bearer.<token>` offered beside `warrant.events`. Never in the URL: URLs land in
 * logs. Everything is checked before the upgrade, and a refusal is an HTTP problem+json answer, logged and counted.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { errorFields, type Logger } from '../core/logger.ts';
import { Problem } from '../core/problem.ts';
import type { Authenticator } from '../core/route-module.ts';
import { webSocketSink } from './sink.ts';
import { type EventCursor, type EventStream, parseEventId } from './stream.ts';

export const EVENTS_PROTOCOL = 'warrant.events';
const BEARER_PROTOCOL = 'bearer.';
/** Bytes queued for one client before it counts as too slow (a few hundred events). */
const MAX_BUFFERED = 1 << 20;

export interface WebSocketGatewayDeps {
  stream: Pick<EventStream, 'attach' | 'connections'>;
  authenticate: Authenticator;
  logger: Logger;
  /** Told of every refused upgrade (the metric). */
  onRefused?: (code: string) => void;
  maxBuffered?: number;
}

/** The token a browser offers as a subprotocol, as an Authorization value. */
function bearerFromProtocols(header: string | undefined): string | undefined {
  const offered = header?.split(',').map((p) => p.trim()) ?? [];
  const bearer = offered.find((p) => p.startsWith(BEARER_PROTOCOL));
  return bearer ? `Bearer ${bearer.slice(BEARER_PROTOCOL.length)}` : undefined;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

function problemBody(problem: Problem, path: string, requestId: string): string {
  return JSON.stringify({
    type: `https://warrant.dev/problems/${problem.code}`,
    title: TITLES[problem.status] ?? 'Error',
    status: problem.status,
    code: problem.code,
    detail: problem.message,
    instance: path,
    request_id: requestId,
    ...problem.extra,
  });
}

/** The answer to a refused upgrade, written on the raw socket (no HTTP response object exists for it). */
function problemResponse(problem: Problem, path: string, requestId: string): string {
  const body = problemBody(problem, path, requestId);
  return [
    `HTTP/1.1 ${problem.status} ${TITLES[problem.status] ?? 'Error'}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

export class WebSocketGateway {
  readonly #deps: WebSocketGatewayDeps;
  readonly #http: Server;
  readonly #wss: WebSocketServer;

  constructor(deps: WebSocketGatewayDeps) {
    this.#deps = deps;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: 4096,
      // A browser offering its token as a subprotocol must also offer ours, which is the one chosen: the token
      // is never echoed back.
      handleProtocols: (protocols) => (protocols.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
    });
    this.#http = createServer((req, res) => {
      const problem = new Problem(426, 'upgrade_required', 'connect with a WebSocket to /v1/events');
      res.writeHead(426, { 'content-type': 'application/problem+json', upgrade: 'websocket' });
      res.end(problemBody(problem, new URL(req.url ?? '/', 'http://ws').pathname, randomUUID()));
    });
    this.#http.on('upgrade', (req, socket, head) => void this.#upgrade(req, socket, head));
  }

  async listen(host: string, port: number): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(port, host, () => resolve());
    });
    return this.#http.address() as AddressInfo;
  }

  /** Ends every connection (the stream's close already ended their sinks) and stops listening. */
  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    if (this.#http.listening) await new Promise<void>((resolve) => this.#http.close(() => resolve()));
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // A peer that resets mid-handshake must not become an unhandled error.
    socket.on('error', () => socket.destroy());
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://ws');
    try {
      if (url.pathname !== '/v1/events') throw new Problem(404, 'not_found', `${url.pathname} not found`);
      const given = url.searchParams.get('last_event_id');
      const from: EventCursor | undefined = given ? parseEventId(given) : undefined;
      const actor = await this.#deps.authenticate(
        req.headers.authorization ?? bearerFromProtocols(req.headers['sec-websocket-protocol']),
      );
      // Counted from here, across transports; a handshake the library refuses gives its place back.
      const release = this.#deps.stream.connections.acquire(actor.tenant_id);
      socket.once('close', release);
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        this.#deps.logger.info({
          message: 'websocket connected',
          request_id: requestId,
          tenant_id: actor.tenant_id,
          actor_id: actor.id,
        });
        this.#deps.stream.attach(actor, webSocketSink(ws, this.#deps.maxBuffered ?? MAX_BUFFERED), from);
      });
    } catch (error) {
      const problem =
        error instanceof Problem ? error : new Problem(500, 'internal', 'the upgrade could not be checked');
      if (!(error instanceof Problem))
        this.#deps.logger.error({ ...errorFields(error), message: 'websocket upgrade failed' });
      this.#deps.onRefused?.(problem.code);
      this.#deps.logger.warn({
        message: 'websocket upgrade refused',
        request_id: requestId,
        status: problem.status,
        code: problem.code,
        path: url.pathname,
        remote_address: req.socket.remoteAddress,
      });
      socket.end(problemResponse(problem, url.pathname, requestId));
    }
  }
}
