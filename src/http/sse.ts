/** A `text/event-stream` answer (server-sent events), written on a response a route has hijacked. */
import type { ServerResponse } from 'node:http';

export interface SseWriter {
  /** One event: its id (may be empty), name and JSON data. */
  send(id: string, event: string, json: string): void;
  /** A comment line: keeps idle connections (and the proxies between) open. */
  heartbeat(): void;
  end(): void;
  onClose(listener: () => void): void;
}

export function openSse(res: ServerResponse, retryMs: number): SseWriter {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(`: connected\nretry: ${retryMs}\n\n`);
  return {
    send: (id, event, json) => res.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${json}\n\n`),
    heartbeat: () => res.write(': heartbeat\n\n'),
    end: () => res.end(),
    onClose: (listener) => res.on('close', listener),
  };
}
