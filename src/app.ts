import type { PgBoss } from 'pg-boss';
import { AuditBatcher } from './audit/batcher.ts';
import { parseSignerKey } from './audit/checkpoint.ts';
import { CheckpointPublisher } from './audit/checkpoints.ts';
import { parseCosignerSignerKey } from './audit/cosignature.ts';
import { auditRoutes } from './audit/routes.ts';
import { AuditService } from './audit/service.ts';
import { loadSigningKey } from './audit/signing-key.ts';
import { chatops } from './chatops/index.ts';
import { ChatOpsService } from './chatops/service.ts';
import type { Config } from './config/schema.ts';
import type { ConnectorRegistry } from './connectors/connector.ts';
import { connectorsFromConfig } from './connectors/registry-from-config.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { Every } from './core/every.ts';
import { createLogger, errorFields, type Logger } from './core/logger.ts';
import type { App } from './core/route-module.ts';
import type { Database } from './db/connect.ts';
import { ping } from './db/health.ts';
import { keepUp } from './db/maintenance.ts';
import { subscribe } from './db/notify.ts';
import { eventRoutes } from './events/routes.ts';
import { EventStream } from './events/stream.ts';
import { WebSocketGateway } from './events/websocket.ts';
import { AgentEvidenceService } from './evidence/agent-evidence.ts';
import { agentEvidenceRoutes } from './evidence/routes.ts';
import { DecisionService } from './governance/decisions.ts';
import { deriveLinkKey } from './governance/link.ts';
import { ReviewService } from './governance/reviews.ts';
import { governanceRoutes, packDownloadRoutes } from './governance/routes.ts';
import { consoleRoutes } from './http/console.ts';
import { buildServer } from './http/server.ts';
import { PlanDrafter } from './llm/draft.ts';
import { draftRoutes } from './llm/routes.ts';
import { createModelProvider } from './llm/select.ts';
import { mcpRoutes } from './mcp/http.ts';
import { createMetrics, type Metrics } from './ops/metrics.ts';
import { recordSecurityEvent } from './ops/security-events.ts';
import { createOps, openTracing } from './ops/wire.ts';
import { Authorizer } from './plans/approvals/authorize.ts';
import { ExceptionService } from './plans/approvals/exception-service.ts';
import { exceptionRoutes } from './plans/approvals/routes.ts';
import { ApprovalService } from './plans/approvals/service.ts';
import { PlanDiffService } from './plans/diff.ts';
import type { PlanEvents } from './plans/plan-events.ts';
import { planRoutes } from './plans/routes.ts';
import { PlanService } from './plans/service.ts';
import { playbookRoutes } from './playbooks/routes.ts';
import { RunbookService } from './playbooks/runbooks.ts';
import { PlaybookSchedules } from './playbooks/schedules.ts';
import { PlaybookService } from './playbooks/service.ts';
import { ContextStore } from './policy/context.ts';
import { policyRoutes } from './policy/routes.ts';
import { PolicyService } from './policy/service.ts';
import { PolicySets } from './policy/sets.ts';
import { ToolRegistry } from './policy/tools.ts';
import { createRedactor } from './redaction/redact.ts';
import { RunExecutor } from './runs/executor.ts';
import { runRoutes } from './runs/routes.ts';
import { RunService } from './runs/service.ts';
import { RunWorker, type WorkerOptions } from './runs/worker.ts';
import { type ObjectStore, openObjectStore } from './storage/object-store.ts';
import { createAuthenticator } from './tenancy/authenticate.ts';
import { authConfigRoutes, tenancyRoutes } from './tenancy/routes.ts';
import { KEY_REVOKED_CHANNEL, TenancyService } from './tenancy/service.ts';
import { PublicCheckpoints } from './transparency/public-checkpoints.ts';
import { transparencyRoutes } from './transparency/routes.ts';
import { WitnessSubmitter } from './transparency/submitter.ts';
import { Witness } from './transparency/witness.ts';
import { loadWitnessKey } from './transparency/witness-key.ts';
import { AlertmanagerReceiver } from './triggers/alertmanager.ts';
import { openQueue } from './triggers/job-queue.ts';
import { reportMissedFirings } from './triggers/missed-firings.ts';
import { triggerRoutes } from './triggers/routes.ts';
import { ScheduleService } from './triggers/schedules.ts';
import { builtinChecks } from './verification/builtin-checks.ts';
import { CheckRegistry } from './verification/checks.ts';
import { verificationRoutes } from './verification/routes.ts';
import { VerificationService } from './verification/service.ts';
import { RepositoryService } from './worklog/repositories.ts';
import { githubWebhookRoutes, worklogRoutes } from './worklog/routes.ts';
import { WorklogService } from './worklog/service.ts';

export interface WarrantOptions {
  /** The systems tools act on; default: built from the config's `connectors`. */
  connectors?: ConnectorRegistry;
  /** Where tool outputs, evidence and audit mirrors go; default: `$WARRANT_HOME/objects`. */
  objects?: ObjectStore;
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
  /** Sends checkpoints to the configured witnesses (c2sp.org/tlog-witness); a timer runs it with the background work. */
  witnessing: WitnessSubmitter;
  runs: RunService;
  /** Verification reports of runs, and the pre-run gate of run starts. */
  verifications: VerificationService;
  /** Accepted risks and exceptions. */
  decisions: DecisionService;
  /** Tenant reviews, evidence snapshots, review packs and the package projection. */
  reviews: ReviewService;
  /** Drafts plans from intents and alerts with the configured model (offline rules by default). */
  drafter: PlanDrafter;
  /** Scheduled plans; `fire` is what pg-boss's cron calls. */
  schedules: ScheduleService;
  /** Parameterized plan templates: built-in and per tenant, versioned. */
  playbooks: PlaybookService;
  runbooks: RunbookService;
  /** Live updates (server-sent events) fed by the database's notifications. */
  events: EventStream;
  /** The same live updates over WebSocket, when `gateway.ws_addr` is set (serve listens on it). */
  webSockets: WebSocketGateway | undefined;
  objects: ObjectStore;
  connectors: ConnectorRegistry;
  /** GitHub webhooks, governed AI reviews, asset cards and provisioning; `idle()` awaits its background work. */
  worklog: WorklogService;
  /** Opens the job queue (pg-boss) whose cron fires scheduled plans; runs are queued in the runs table. */
  openQueue(): Promise<PgBoss>;
  /** Runs a worker in this process: it claims queued runs from the runs table and drives them. */
  startWorker(options?: WorkerOptions): Promise<RunWorker>;
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
  const chat = chatops(config, logger);
  // This process's authorize cache drops a plan the moment a change commits here; other processes
  // hear it through the database's notification (see Authorizer).
  const forgetPlan: PlanEvents = {
    decided: (event) => authorizer.forget(event.plan.id),
    voted: (event) => authorizer.forget(event.plan_id),
    cancelled: (event) => authorizer.forget(event.plan_id),
  };
  const ops = createOps({
    config,
    db,
    clock,
    logger,
    metrics,
    listeners: [...chat.listeners, forgetPlan],
    tracing: await openTracing(config),
  });
  const tenancy = new TenancyService({ db, clock });
  const policy = new PolicyService({ db, logger, options: config.policy });
  await policy.start();
  const signerKey = options.auditSignerKey ?? loadSigningKey(config, home);
  const installationKey = parseSignerKey(signerKey);
  const audit = new AuditService({
    db,
    publisher: new CheckpointPublisher({ db, signer: installationKey, clock }),
    clock,
    logger,
    settings: config.audit,
    installationKey,
    // A fault of the log is a security event of its tenant, recorded with the fault, and the alert metric.
    onFault: async (exec, fault) => {
      await recordSecurityEvent(exec, {
        attack_type: 'invalid_input',
        kind: `audit_${fault.kind}`,
        payload: fault.detail,
        action_taken: 'logged_only',
        at: clock.now(),
        tenant_id: fault.tenant_id,
      });
      metrics.auditIntegrityFaults.inc({ kind: fault.kind });
    },
  });
  // This process's event-signing key is listed before it appends anything.
  await audit.prepare();
  // Witnessing both ways: this installation's checkpoints sent to witnesses, and it as a witness of other logs
  // (its cosigner key is read, or made, only when it witnesses some).
  const witnessing = new WitnessSubmitter({ db, clock, logger, audit, witnesses: config.audit.witnesses });
  const witness =
    config.audit.witness.logs.length === 0
      ? undefined
      : new Witness({
          db,
          clock,
          key: parseCosignerSignerKey(loadWitnessKey(config, home)),
          logs: config.audit.witness.logs,
        });
  const publicCheckpoints = new PublicCheckpoints({
    db,
    publisher: new CheckpointPublisher({ db, signer: parseSignerKey(signerKey), clock }),
    enabled: config.audit.public_checkpoints,
  });
  const redactor = createRedactor(config.llm.redact_patterns);
  const connectors = options.connectors ?? connectorsFromConfig(config);
  const context = new ContextStore({ orm: db.orm, clock, policy, sources: () => connectors.observers() });
  // The graphs config `context.refresh_tenants` names, from the live sources, on a timer; one failure is logged.
  const refreshContexts = async () => {
    for (const name of config.context.refresh_tenants) {
      const tenant = await tenancy.tenantNamed(name);
      if (!tenant) logger.warn({ message: 'context.refresh_tenants names no tenant', tenant: name });
      else
        await context
          .refreshOnSchedule(tenant)
          .catch((error: unknown) =>
            logger.warn({ ...errorFields(error), message: 'scheduled context refresh failed', tenant: name }),
          );
    }
  };
  const plans = new PlanService({
    orm: db.orm,
    clock,
    policy,
    redactor,
    evidence: connectors,
    events: ops.events,
  });
  const approvals = new ApprovalService({ orm: db.orm, clock, events: ops.events });
  const exceptions = new ExceptionService({ orm: db.orm, clock });
  const auditWriteBehind = new AuditBatcher({ db, logger });
  const authorizer = new Authorizer({
    db,
    clock,
    policy,
    audit: auditWriteBehind,
    onUnapprovedAttempt: ops.onUnapprovedAttempt,
    onRefusedCall: ops.onRefusedCall,
  });
  await authorizer.start();
  const objects = options.objects ?? openObjectStore(config, home);
  let boss: PgBoss | undefined;
  let worker: RunWorker | undefined;
  let opening: Promise<PgBoss> | undefined;
  /** The background's start (startBackground), settled before close returns; errors after close are the close's. */
  let startingBackground: Promise<unknown> = Promise.resolve();
  let closing = false;
  // One job queue per process even when callers race for it: the cron of scheduled plans.
  const openJobQueue = () => {
    opening ??= openQueue(db, logger).then((opened) => {
      boss = opened;
      return opened;
    });
    return opening;
  };
  const verifications = new VerificationService({
    orm: db.orm,
    clock,
    logger,
    checks: new CheckRegistry(builtinChecks),
    settings: { slo_burn_threshold: config.governance.slo_burn_threshold, slo: config.ops.slo },
  });
  const runs = new RunService({
    orm: db.orm,
    clock,
    objects,
    preRunChecks: verifications.preRunGate,
    redactor,
  });
  const decisions = new DecisionService({ orm: db.orm, clock });
  const reviews = new ReviewService({
    orm: db.orm,
    clock,
    audit,
    objects,
    linkKey: deriveLinkKey(signerKey),
    settings: config.governance,
  });
  const drafter = new PlanDrafter({
    llm: config.llm,
    catalog: async (tenantId) => (await policy.forTenant(tenantId)).catalog,
    redactor,
  });
  const alerts = new AlertmanagerReceiver({ orm: db.orm, clock, redactor, drafter, plans });
  const playbooks = new PlaybookService({ orm: db.orm, clock, plans });
  const runbooks = new RunbookService({ orm: db.orm, clock, policy });
  const events = new EventStream({ db, logger });
  await events.start();
  const schedules = new ScheduleService({
    orm: db.orm,
    clock,
    logger,
    redactor,
    plans,
    openQueue: openJobQueue,
  });
  const worklog = new WorklogService({
    orm: db.orm,
    clock,
    logger,
    redactor,
    llm: config.llm,
    provider: () => createModelProvider(config.llm),
    connectors,
    repositories: new RepositoryService({ orm: db.orm, clock }),
    webhookSecret: () => process.env.WARRANT_GITHUB_WEBHOOK_SECRET,
  });
  const executor = new RunExecutor({
    orm: db.orm,
    clock,
    connectors,
    objects,
    redactor,
    authorizer,
    events: ops.events,
  });
  const revocations = await subscribe(
    db,
    KEY_REVOKED_CHANNEL,
    (keyId) => tenancy.evictKey(keyId),
    () => tenancy.evictKey(),
  );
  const authenticate = createAuthenticator({ gateway: config.gateway, tenancy });
  const webSockets = config.gateway.ws_addr
    ? new WebSocketGateway({
        stream: events,
        authenticate,
        logger,
        onRefused: (code) => metrics.webSocketRefused.inc({ code }),
      })
    : undefined;
  const chatDiffs = new PlanDiffService({ plans, connectors, redactor });
  const server = await buildServer({
    logger,
    metrics,
    authenticate,
    bodyLimit: config.gateway.body_limit_bytes,
    guards: ops.guards,
    onRequestDone: ops.onRequestDone,
    modules: [
      tenancyRoutes(tenancy),
      authConfigRoutes(config.gateway),
      consoleRoutes(config.gateway),
      auditRoutes(audit),
      transparencyRoutes({ witness, checkpoints: publicCheckpoints }),
      planRoutes({
        plans,
        approvals,
        authorizer,
        diffs: new PlanDiffService({ plans, connectors, redactor }),
      }),
      exceptionRoutes(exceptions),
      runRoutes(runs, events),
      verificationRoutes(verifications),
      governanceRoutes({ decisions, reviews }),
      packDownloadRoutes(reviews),
      policyRoutes({
        sets: new PolicySets({ orm: db.orm, clock, policy }),
        tools: new ToolRegistry({
          orm: db.orm,
          clock,
          policy,
          onReplaced: (actor, tool) => plans.redecideForTool(actor, tool),
        }),
        context,
      }),
      agentEvidenceRoutes(new AgentEvidenceService({ orm: db.orm, clock, objects, redactor })),
      mcpRoutes(authenticate),
      draftRoutes({ drafter, plans }),
      triggerRoutes({ alerts, schedules }),
      worklogRoutes(worklog),
      githubWebhookRoutes(worklog),
      playbookRoutes({
        playbooks,
        runbooks,
        schedules: new PlaybookSchedules({ orm: db.orm, playbooks, schedules }),
      }),
      eventRoutes(events),
      ops.routes,
      ...chat.routes({
        chat: new ChatOpsService({
          orm: db.orm,
          clock,
          approvals,
          commands: { plans, diffs: chatDiffs, drafter, runs, audit },
        }),
        clock,
        diffs: chatDiffs,
      }),
    ],
    ready: async () => {
      await ping(db.orm);
      const health = await audit.health();
      metrics.auditDegraded.set(health.open_quarantine);
      if (!health.degraded) return true;
      const kinds = Object.entries(health.kinds).map(([kind, n]) => `${n} ${kind}`);
      return `audit log degraded: ${kinds.join(', ')} open in the audit quarantine`;
    },
  });
  ops.readGauges({ takeovers: () => worker?.takeovers ?? 0 });
  metrics.onScrape(async () => metrics.auditDegraded.set((await audit.health()).open_quarantine));
  const background = [
    ...ops.background,
    ...(config.context.refresh_interval_ms > 0
      ? [new Every('context refresh', config.context.refresh_interval_ms, refreshContexts, logger)]
      : []),
    new Every('approval expiry', 5_000, () => approvals.expireDue(), logger),
    // The embedded engine has no autovacuum of its own; a server's does this (db/maintenance.ts).
    ...(db.pglite ? [new Every('embedded database upkeep', 60_000, () => keepUp(db, logger), logger)] : []),
    new Every('worklog sweep', 10_000, () => worklog.resume(), logger),
    ...(witnessing.configured
      ? [
          new Every(
            'audit witnesses',
            config.audit.checkpoint_interval_ms,
            () => witnessing.submitAll(),
            logger,
          ),
        ]
      : []),
  ];
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
    witnessing,
    runs,
    verifications,
    decisions,
    reviews,
    drafter,
    schedules,
    playbooks,
    runbooks,
    events,
    webSockets,
    objects,
    connectors,
    worklog,
    openQueue: openJobQueue,
    async startWorker(workerOptions) {
      const { lease_seconds: leaseSeconds, reconcile_ms: reconcileMs, concurrency } = config.orchestrator;
      worker = new RunWorker({
        db,
        executor,
        clock,
        logger,
        leaseSeconds,
        reconcileMs,
        concurrency,
        ...workerOptions,
      });
      await worker.start();
      return worker;
    },
    server,
    startBackground() {
      for (const loop of background) loop.start();
      audit.start();
      // A stop during start-up stops the queue under these: what they then fail on is the stop, not an error.
      const unlessClosing = (message: string) => (error: unknown) => {
        if (!closing) logger.error({ ...errorFields(error), message });
      };
      startingBackground = Promise.all([
        openJobQueue()
          .then((queue) => reportMissedFirings({ orm: db.orm, clock, boss: queue }))
          .catch(unlessClosing('missed firings not reported')),
        schedules.start().catch(unlessClosing('schedules did not start')),
      ]);
    },
    async close() {
      closing = true;
      await Promise.all([
        ...background.map((loop) => loop.stop()),
        audit.stop(),
        worker?.stop(),
        verifications.settled(),
      ]);
      // A queue still opening (the schedules start in the background) is stopped once it is open.
      const queue = boss ?? (await opening?.catch(() => undefined));
      await queue?.stop({ graceful: false, close: true, timeout: 2000 });
      await startingBackground;
      // Open event streams would keep the server from closing.
      await events.close();
      await webSockets?.close();
      await server.close();
      await ops.close();
      await auditWriteBehind.flush();
      await revocations.close();
      await policy.stop();
      await authorizer.stop();
    },
  };
}
