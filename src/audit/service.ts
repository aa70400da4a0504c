import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { Every } from '../core/every.ts';
import type { Logger } from '../core/logger.ts';
import type { Actor } from '../core/roles.ts';
import type { Database } from '../db/connect.ts';
import type { SignerKey } from './checkpoint.ts';
import type { CheckpointPublisher } from './checkpoints.ts';
import { processSigningKey } from './event-signer.ts';
import { EventSigners } from './event-signers.ts';
import { exportChunks, exportLines } from './export.ts';
import { type FaultListener, type IntegrityFault, recordFault } from './faults.ts';
import { INTEGRATE_BATCH, integrate } from './integrator.ts';
import { AlteredEventError, consistencyProof, inclusionProof } from './proofs.ts';
import { listQuarantined, openQuarantine, resolveQuarantined } from './quarantine.ts';
import { type AuditFilter, readAuditEvent, searchAudit } from './search.ts';
import { SelfCheck } from './self-check.ts';
import type { StoredCheckpoint } from './tree-store.ts';
import { sealUnsignedPrefixes } from './unsigned-prefix.ts';

export interface AuditServiceDeps {
  db: Pick<Database, 'orm'>;
  publisher: Pick<CheckpointPublisher, 'verifierKey' | 'verifierKeyFor' | 'latest' | 'publishGrown'>;
  clock: Clock;
  logger: Logger;
  settings: Pick<Config['audit'], 'integrate_interval_ms' | 'checkpoint_interval_ms'> &
    Partial<Pick<Config['audit'], 'self_check_interval_ms' | 'self_check_window'>>;
  /**
   * The installation's audit key, which lists this process's event-signing key in the database (event-signers.ts).
   * Without it only the events this process signed itself are integrated (see signedByThisProcess).
   */
  installationKey?: SignerKey;
  /** Hears each new fault of the log (app.ts: a security event and an alert metric). */
  onFault?: FaultListener;
}

/** Whether the log is degraded: open quarantine entries, or faults the self-check of this process found. */
export interface AuditHealth {
  degraded: boolean;
  open_quarantine: number;
  kinds: Record<string, number>;
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
  readonly #signers: EventSigners;
  readonly #installationKey: SignerKey | undefined;
  readonly #onFault: FaultListener | undefined;
  readonly #selfCheck: SelfCheck;
  readonly #logger: Logger;
  #prepared: Promise<void> | undefined;
  /** Whether some tenant's unsigned prefix may still need its statement (migration 0017 made the rows). */
  #prefixesOpen = true;

  constructor(deps: AuditServiceDeps) {
    const { integrate_interval_ms: integrateMs, checkpoint_interval_ms: checkpointMs } = deps.settings;
    this.verifierKey = deps.publisher.verifierKey;
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#publisher = deps.publisher;
    this.#integrateIntervalMs = integrateMs;
    this.#signers = new EventSigners(deps.publisher.verifierKey);
    this.#installationKey = deps.installationKey;
    this.#onFault = deps.onFault;
    this.#logger = deps.logger;
    this.#selfCheck = new SelfCheck({
      db: deps.db,
      verifierKey: deps.publisher.verifierKey,
      clock: deps.clock,
      window: deps.settings.self_check_window ?? 1024,
      onFault: deps.onFault,
    });
    this.#loops = [
      new Every('audit integration', integrateMs, () => this.#drain(), deps.logger),
      new Every('audit checkpoints', checkpointMs, () => this.publishCheckpoints(), deps.logger),
      new Every(
        'audit self-check',
        deps.settings.self_check_interval_ms ?? 300_000,
        () => this.selfCheck(),
        deps.logger,
      ),
    ];
  }

  start(): void {
    for (const loop of this.#loops) loop.start();
    // On start, not only after the first interval.
    this.selfCheck().catch((error: unknown) =>
      this.#logger.warn({ message: 'audit self-check failed', error_message: (error as Error).message }),
    );
  }

  /**
   * Lists this process's event-signing key (once) and reads the listed signers. app.ts awaits it before serving,
   * so no event of this process reaches the integrator before its key is listed.
   */
  prepare(): Promise<void> {
    this.#prepared ??= (async () => {
      const orm = this.#db.orm;
      if (this.#installationKey)
        await this.#signers.register(orm, processSigningKey(), this.#installationKey, this.#clock.now());
      await this.#signers.reload(orm);
    })().catch((error: unknown) => {
      this.#prepared = undefined;
      throw error;
    });
    return this.#prepared;
  }

  async stop(): Promise<void> {
    await Promise.all(this.#loops.map((loop) => loop.stop()));
  }

  /** Integrates until nothing is pending, so a backlog does not wait out intervals between batches. */
  async #drain(): Promise<void> {
    while ((await this.integrateNow()) === INTEGRATE_BATCH);
  }

  /** Integrates one batch of committed events now; returns how many (0 when none were pending). */
  async integrateNow(): Promise<number> {
    await this.prepare();
    const taken = await integrate(this.#db.orm, this.#clock, {
      signers: this.#signers,
      onFault: this.#onFault,
    });
    // Once caught up, a log that began before writers signed gets its statement (unsigned-prefix.ts); after that,
    // or on a log that never had unsigned events, this costs nothing.
    if (taken < INTEGRATE_BATCH && this.#prefixesOpen && this.#installationKey)
      this.#prefixesOpen = (await sealUnsignedPrefixes(this.#db.orm, this.#installationKey, this.#clock)) > 0;
    return taken;
  }

  /** Runs the self-check over every tenant now; returns the faults it recorded (new ones only). */
  selfCheck() {
    return this.#selfCheck.run();
  }

  /** Degraded while any quarantine entry is open (every tenant's: /readyz speaks for the installation). */
  async health(): Promise<AuditHealth> {
    const { open, kinds } = await openQuarantine(this.#db.orm);
    return { degraded: open > 0, open_quarantine: open, kinds };
  }

  /** Records a fault found outside this folder (a witness ahead of the log: transparency/submitter.ts). */
  async reportFault(fault: Omit<IntegrityFault, 'id'>): Promise<void> {
    await recordFault(this.#db.orm, fault, null, this.#clock.now(), this.#onFault);
  }

  quarantine(tenantId: string, all: boolean) {
    return listQuarantined(this.#db.orm, tenantId, all);
  }

  resolveQuarantine(actor: Actor, id: string, comment?: string) {
    return resolveQuarantined(this.#db.orm, this.#clock, actor, id, comment);
  }

  /** The verifier key named for the tenant's log origin (checkpoints are signed under both names). */
  verifierKeyFor(tenantId: string): string {
    return this.#publisher.verifierKeyFor(tenantId);
  }

  /** Publishes checkpoints for every tenant whose tree grew; returns how many. */
  publishCheckpoints(): Promise<number> {
    return this.#publisher.publishGrown();
  }

  /** The tenant's latest checkpoint, published first if its tree grew since. */
  checkpoint(tenantId: string): Promise<StoredCheckpoint> {
    return this.#publisher.latest(tenantId);
  }

  /** An event's inclusion proof; an event whose content no longer hashes to its leaf is refused and recorded. */
  async inclusionProof(tenantId: string, eventId: string, size?: number) {
    try {
      return await inclusionProof(
        this.#db.orm,
        this.#publisher,
        tenantId,
        eventId,
        size,
        this.#integrateIntervalMs * 2,
      );
    } catch (error) {
      if (error instanceof AlteredEventError) {
        const fault = { tenant_id: tenantId, kind: 'leaf_mismatch' as const, seq: null, ...error.fault };
        await recordFault(this.#db.orm, fault, null, this.#clock.now(), this.#onFault);
      }
      throw error;
    }
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

  /** The export line by line, without newlines. */
  exportLines(tenantId: string, since?: string): AsyncGenerator<string> {
    return exportLines(this.#db.orm, this.#publisher, tenantId, since);
  }

  /** The JSONL export as chunks of whole lines (export.ts): what the HTTP route streams. */
  exportChunks(tenantId: string, since?: string): AsyncGenerator<string> {
    return exportChunks(this.#db.orm, this.#publisher, tenantId, since);
  }
}
