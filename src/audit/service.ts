import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { Every } from '../core/every.ts';
import type { Database } from '../db/connect.ts';
import type { Logger } from '../ops/logger.ts';
import { formatVerifierKey, parseSignerKey } from './checkpoint.ts';
import { CheckpointPublisher } from './checkpoints.ts';
import { exportLines } from './export.ts';
import { INTEGRATE_BATCH, integrate } from './integrator.ts';
import { consistencyProof, inclusionProof } from './proofs.ts';
import { type AuditFilter, readAuditEvent, searchAudit } from './search.ts';
import { loadSigningKey } from './signing-key.ts';
import type { StoredCheckpoint } from './tree-store.ts';

export interface AuditServiceOptions {
  db: Database;
  /** The installation's signer key in note format (see signing-key.ts). */
  signerKey: string;
  clock: Clock;
  logger: Logger;
  integrateIntervalMs: number;
  checkpointIntervalMs: number;
}

/**
 * The audit log as a service: the integrator and checkpoint loops (started by `serve` and `worker`), and the
 * reads behind /v1/audit. Every read is scoped to the tenant it is given.
 */
export class AuditService {
  readonly verifierKey: string;
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #publisher: CheckpointPublisher;
  readonly #integrateIntervalMs: number;
  readonly #loops: Every[];

  constructor(options: AuditServiceOptions) {
    const signer = parseSignerKey(options.signerKey);
    this.verifierKey = formatVerifierKey(signer);
    this.#db = options.db;
    this.#clock = options.clock;
    this.#publisher = new CheckpointPublisher(options.db.orm, signer, options.clock);
    this.#integrateIntervalMs = options.integrateIntervalMs;
    this.#loops = [
      new Every('audit integration', options.integrateIntervalMs, () => this.#drain(), options.logger),
      new Every(
        'audit checkpoints',
        options.checkpointIntervalMs,
        () => this.publishCheckpoints(),
        options.logger,
      ),
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

/** The audit service as configured; the signer key defaults to the installation's (see loadSigningKey). */
export function createAuditService(options: {
  db: Database;
  config: Config;
  home: string;
  clock: Clock;
  logger: Logger;
  signerKey?: string;
}): AuditService {
  return new AuditService({
    db: options.db,
    signerKey: options.signerKey ?? loadSigningKey(options.config, options.home),
    clock: options.clock,
    logger: options.logger,
    integrateIntervalMs: options.config.audit.integrate_interval_ms,
    checkpointIntervalMs: options.config.audit.checkpoint_interval_ms,
  });
}
