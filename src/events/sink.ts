/**
 * Where one client's live events go. The stream (stream.ts) decides what each client gets; a sink only frames
 * it for its transport: server-sent events on the HTTP address, or a WebSocket on `gateway.ws_addr`.
 */
import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { openSse, type SseWriter } from '../http/sse.ts';

/** What one client's events are written to: a server-sent events writer, or a WebSocket framed like one. */
export type EventSink = SseWriter;

// Longer than the listener's own reconnect delay (db/notify.ts), so streams ended for lost notifications
// come back once notifications flow again.
const RETRY_MS = 3_000;

/** Server-sent events: the id, event and data lines of each event. */
export const sseSink = (res: ServerResponse): EventSink => openSse(res, RETRY_MS);

/** Close codes (RFC 6455 §7.4): the server goes away; the client reads too slowly to keep up. */
export const WS_GOING_AWAY = 1001;
export const WS_TRY_AGAIN_LATER = 1013;

/**
 * One text message per event, `{"id","event","data"}`, data being the same JSON the SSE stream sends. A client
 * that lets more than `maxBuffered` bytes queue up is closed (1013) rather than held in memory: one slow reader
 * never slows the others, and reconnects with its last id to resume.
 */
export function webSocketSink(socket: WebSocket, maxBuffered: number): EventSink {
  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  return {
    send(id, event, json) {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > maxBuffered) {
        socket.close(WS_TRY_AGAIN_LATER, 'reading too slowly; reconnect with the last event id');
        return;
      }
      socket.send(`{"id":${JSON.stringify(id)},"event":${JSON.stringify(event)},"data":${json}}`);
    },
    heartbeat() {
      // No pong since the last ping: the peer is gone without a close; end it so its resources go.
      if (!alive) {
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    },
    end: () => socket.close(WS_GOING_AWAY, 'server closing the stream; reconnect with the last event id'),
    onClose: (listener) => socket.on('close', listener),
  };
}
