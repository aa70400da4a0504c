/**
 * A run's log streamed while the run is live (GET /v1/runs/{id}/logs with `Accept: text/event-stream`): the log
 * as it stands, then the log again after each change that alters it, then `end` once the run has ended. The log
 * is read through the same service as the JSON answer, so it is redacted and tenant-checked the same way; a run
 * of another tenant is a 404 before any stream opens.
 */
import type { ServerResponse } from 'node:http';
import type { Actor } from '../core/roles.ts';
import { openSse } from '../http/sse.ts';
import { isFinalRun, type RunStatus } from './machine.ts';

export interface RunLogFollower {
  logs(actor: Actor, id: string): Promise<{ status: RunStatus }>;
  /** Calls back after each committed change of the run; answers the function that stops it. */
  watchRun(runId: string, onChange: () => void): () => void;
  /** Counts a live connection of the tenant, or refuses it (429); answers its release. */
  connect(tenantId: string): () => void;
}

const HEARTBEAT_MS = 15_000;
// A stream that ended because the run ended is not retried by a well-behaved client; one cut short is, soon.
const RETRY_MS = 2_000;

/**
 * Reads the log once (throwing the 404 before anything is written), then hands the response to the stream.
 * Answers once the stream has started; it ends by itself.
 */
export async function followRunLog(
  deps: RunLogFollower,
  actor: Actor,
  id: string,
  start: () => ServerResponse,
): Promise<void> {
  // Watching first, so a change between the first read and the subscription is not missed.
  let changed = false;
  let wake: (() => void) | undefined;
  const stop = deps.watchRun(id, () => {
    changed = true;
    wake?.();
  });
  let log: { status: RunStatus };
  let release: () => void;
  try {
    log = await deps.logs(actor, id);
    release = deps.connect(actor.tenant_id);
  } catch (error) {
    stop();
    throw error;
  }
  const sse = openSse(start(), RETRY_MS);
  let open = true;
  sse.onClose(() => {
    open = false;
    release();
    wake?.();
  });
  const heartbeat = setInterval(() => sse.heartbeat(), HEARTBEAT_MS);
  heartbeat.unref();
  void (async () => {
    let sent = '';
    try {
      // Each turn checks the client is still there: a read may end after it left.
      while (open) {
        const json = JSON.stringify(log);
        // Reads may coalesce several changes, or find one that changed nothing visible: only news is sent.
        if (json !== sent) sse.send('', 'log', json);
        sent = json;
        if (isFinalRun(log.status)) {
          sse.send('', 'end', JSON.stringify({ status: log.status }));
          break;
        }
        if (!changed) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (!open) break;
        changed = false;
        log = await deps.logs(actor, id);
      }
    } catch {
      // The run went away or the database failed mid-stream: ending it lets the client ask again.
    } finally {
      stop();
      release();
      clearInterval(heartbeat);
      if (open) sse.end();
    }
  })();
}
