import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { Every } from '../core/every.ts';
import type { Logger } from '../core/logger.ts';
import type { Database } from '../db/connect.ts';
import type { CheckpointPublisher } from './checkpoints.ts';
import { exportLines } from './export.ts';
import { INTEGRATE_BATCH, integrate } from './integrator.ts';
import { consistencyProof, inclusionProof } from './proofs.ts';
import { type AuditFilter, readAuditEvent, searchAudit } from './search.ts';
import type { StoredCheckpoint } from './tree-store.ts';

export interface AuditServiceDeps {
  db: Pick<Database, 'orm'>;
  publisher: Pick<CheckpointPublisher, 'verifierKey' | 'latest' | 'publishGrown'>;
  clock: Clock;
  logger: Logger;
  settings: Pick<Config['audit'], 'integrate_interval_ms' | 'checkpoint_interval_ms'>;
}

/**
 * The audit log as a service: the integrator and checkpoint loops (started by `serve` and `worker`), and the
 * reads behind /v1/audit. Every read is scoped to the tenant it is given.
 */
export class AuditService {
  readonly verifierKey: string;
  readonly #db: Pick<Database, 'orm'>;
  readonly #clock: Clock;
  readonly #publisher: AuditServiceDeps['publisher'];
  readonly #integrateIntervalMs: number;
  readonly #loops: Every[];

  constructor(deps: AuditServiceDeps) {
    const { integrate_interval_ms: integrateMs, checkpoint_interval_ms: checkpointMs } = deps.settings;
    this.verifierKey = deps.publisher.verifierKey;
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#publisher = deps.publisher;
    this.#integrateIntervalMs = integrateMs;
    this.#loops = [
      new Every('audit integration', integrateMs, () => this.#drain(), deps.logger),
      new Every('audit checkpoints', checkpointMs, () => this.publishCheckpoints(), deps.logger),
    ];
  }

  start(): void {
    for (const loop of this.#loops) loop.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.#loops.map((loop) => loop.stop()));
  }

  /** Integrates until nothing is pending, so a backlog does not wait out intervals between batches. */
  async #drain(): Promise<void> {
    while ((await this.integrateNow()) === INTEGRATE_BATCH);
  }

  /** Integrates one batch of committed events now; returns how many (0 when none were pending). */
  integrateNow(): Promise<number> {
    return integrate(this.#db.orm, this.#clock);
  }

  /** Publishes checkpoints for every tenant whose tree grew; returns how many. */
  publishCheckpoints(): Promise<number> {
    return this.#publisher.publishGrown();
  }

  /** The tenant's latest checkpoint, published first if its tree grew since. */
  checkpoint(tenantId: string): Promise<StoredCheckpoint> {
    return this.#publisher.latest(tenantId);
  }

  inclusionProof(tenantId: string, eventId: string, size?: number) {
    return inclusionProof(
      this.#db.orm,
      this.#publisher,
      tenantId,
      eventId,
      size,
      this.#integrateIntervalMs * 2,
    );
  }

  consistencyProof(tenantId: string, from: number, to?: number) {
    return consistencyProof(this.#db.orm, this.#publisher, tenantId, from, to);
  }

  search(tenantId: string, filter: AuditFilter) {
    return searchAudit(this.#db.orm, tenantId, filter);
  }

  event(tenantId: string, eventId: string) {
    return readAuditEvent(this.#db.orm, tenantId, eventId);
  }

  exportLines(tenantId: string, since?: string): AsyncGenerator<string> {
    return exportLines(this.#db.orm, this.#publisher, tenantId, since);
  }
}
