import { Problem } from '../core/problem.ts';

/** Live connections a tenant may hold at once, whatever the transport. */
export const MAX_CONNECTIONS_PER_TENANT = 200;

/**
 * Live connections per tenant across every transport (server-sent events at /v1/events, the WebSocket at
 * `gateway.ws_addr`, a run log followed live): one tenant's clients cannot hold every socket the process can,
 * and so cannot shut another tenant out.
 */
export class TenantConnections {
  readonly #open = new Map<string, number>();
  readonly #max: number;

  constructor(max = MAX_CONNECTIONS_PER_TENANT) {
    this.#max = max;
  }

  /** Counts one more connection of the tenant, or refuses it (429); answers its release, safe to call twice. */
  acquire(tenantId: string): () => void {
    const open = this.#open.get(tenantId) ?? 0;
    if (open >= this.#max) {
      throw new Problem(
        429,
        'too_many_connections',
        `the tenant has ${this.#max} live connections open (events, WebSocket, run logs), as many as allowed`,
      );
    }
    this.#open.set(tenantId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(tenantId) ?? 1) - 1;
      if (left > 0) this.#open.set(tenantId, left);
      else this.#open.delete(tenantId);
    };
  }

  /** The tenant's live connections now. */
  count(tenantId: string): number {
    return this.#open.get(tenantId) ?? 0;
  }
}
