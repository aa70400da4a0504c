import { sql } from 'drizzle-orm';
import { Authorizer } from './approvals/authorize.ts';
import { ExceptionService } from './approvals/exception-store.ts';
import { exceptionRoutes } from './approvals/routes.ts';
import { ApprovalService } from './approvals/service.ts';
import { AuditBatcher } from './audit/batcher.ts';
import { auditRoutes } from './audit/routes.ts';
import { type AuditService, createAuditService } from './audit/service.ts';
import type { Config } from './config/schema.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { Every } from './core/every.ts';
import type { Database } from './db/connect.ts';
import { subscribe } from './db/notify.ts';
import { createRedactor } from './evidence/redact.ts';
import { type App, buildServer } from './http/server.ts';
import { createLogger, type Logger } from './ops/logger.ts';
import { createMetrics, type Metrics } from './ops/metrics.ts';
import { planRoutes } from './plans/routes.ts';
import { PlanService } from './plans/service.ts';
import { policyRoutes } from './policy/routes.ts';
import { PolicyService } from './policy/service.ts';
import { createAuthenticator } from './tenancy/authenticate.ts';
import { tenancyRoutes } from './tenancy/routes.ts';
import { KEY_REVOKED_CHANNEL, TenancyService } from './tenancy/service.ts';

export interface WarrantOptions {
  config: Config;
  db: Database;
  home: string;
  clock?: Clock;
  logger?: Logger;
  /** The checkpoint signer key (note format); default: loaded or created by loadSigningKey. */
  auditSignerKey?: string;
}

/** Every service of one Warrant process, wired once; the HTTP server, CLI and tests share it. */
export interface Warrant {
  config: Config;
  db: Database;
  home: string;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  tenancy: TenancyService;
  policy: PolicyService;
  plans: PlanService;
  approvals: ApprovalService;
  authorizer: Authorizer;
  exceptions: ExceptionService;
  /** Write-behind audit records (authorize answers); `flush()` commits what is queued. */
  auditWriteBehind: AuditBatcher;
  /** The audit log: proofs, checkpoints, export; its integrator runs with the background work. */
  audit: AuditService;
  server: App;
  /** Starts the periodic work of a serving process (expiry, …); tests drive it by hand instead. */
  startBackground(): void;
  close(): Promise<void>;
}

export async function createWarrant(options: WarrantOptions): Promise<Warrant> {
  const { config, db, home } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  const metrics = createMetrics();
  const tenancy = new TenancyService(db.orm, clock);
  const policy = new PolicyService(db, logger, config.policy);
  await policy.start();
  const audit = createAuditService({ db, config, home, clock, logger, signerKey: options.auditSignerKey });
  const redactor = createRedactor(config.llm.redact_patterns);
  const plans = new PlanService({ orm: db.orm, clock, policy, redactor });
  const approvals = new ApprovalService(db.orm, clock);
  const exceptions = new ExceptionService(db.orm, clock);
  const auditWriteBehind = new AuditBatcher(db.orm, logger);
  const authorizer = new Authorizer({ db, clock, policy, audit: auditWriteBehind });
  await authorizer.start();
  const revocations = await subscribe(
    db,
    KEY_REVOKED_CHANNEL,
    (keyId) => tenancy.evictKey(keyId),
    () => tenancy.evictKey(),
  );
  const server = await buildServer({
    logger,
    metrics,
    authenticate: createAuthenticator(config, tenancy),
    bodyLimit: config.gateway.body_limit_bytes,
    modules: [
      tenancyRoutes(tenancy),
      auditRoutes(audit),
      planRoutes({ plans, approvals, authorizer }),
      exceptionRoutes(exceptions),
      policyRoutes(policy, { orm: db.orm, clock }),
    ],
    ready: async () => {
      await db.orm.execute(sql`SELECT 1`);
      return true;
    },
  });
  const background = [new Every('approval expiry', 5_000, () => approvals.expireDue(), logger)];
  return {
    config,
    db,
    home,
    clock,
    logger,
    metrics,
    tenancy,
    policy,
    plans,
    approvals,
    authorizer,
    exceptions,
    auditWriteBehind,
    audit,
    server,
    startBackground() {
      for (const loop of background) loop.start();
      audit.start();
    },
    async close() {
      await Promise.all([...background.map((loop) => loop.stop()), audit.stop()]);
      await server.close();
      await auditWriteBehind.flush();
      await revocations.close();
      await policy.stop();
      await authorizer.stop();
    },
  };
}
