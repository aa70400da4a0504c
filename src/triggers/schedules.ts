import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { AuditAction } from '../audit/actions.ts';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { isUuid, newId } from '../core/ids.ts';
import type { Logger } from '../core/logger.ts';
import { conflict, invalid, notFound, Problem } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import { iso } from '../core/time.ts';
import type { Executor, Orm } from '../db/connect.ts';
import { PlanBodySchema, PlanSubmissionSchema } from '../plans/plan-schema.ts';
import type { PlanService, PlanView } from '../plans/service.ts';
import type { Redactor } from '../redaction/redact.ts';
import { loadActor } from '../tenancy/store.ts';
import {
  deleteSchedule,
  findSchedule,
  insertSchedule,
  listSchedules,
  recordFiring,
  scheduleTimings,
} from './store.ts';
import type { ScheduleRecord } from './tables.ts';

/** pg-boss's cron sends one job per occurrence to this queue, keyed by schedule id. */
export const SCHEDULE_QUEUE = 'warrant-schedules';

interface ScheduleJob {
  schedule_id: string;
}

export const ScheduleInputSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'name must be 1-100 characters of A-Z a-z 0-9 _ . -'),
  cron: z.string().min(1).max(200),
  timezone: z.string().min(1).max(64).default('UTC'),
  plan: PlanSubmissionSchema,
});
export type ScheduleInput = z.output<typeof ScheduleInputSchema>;

function scheduleView(row: ScheduleRecord) {
  return {
    id: row.id,
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    plan: row.plan,
    created_by: row.created_by,
    created_at: iso(row.created_at),
    last_fired_at: iso(row.last_fired_at),
    last_plan_id: row.last_plan_id,
    last_error: row.last_error,
  };
}
export type ScheduleView = ReturnType<typeof scheduleView>;

/**
 * Plans submitted on a cron. The schedules table is the truth; pg-boss's cron only says "fire this one
 * now". Each firing submits the stored plan anew (trigger `scheduled`) as the schedule's creator, so
 * policy and approvals decide it like any other plan.
 */
export class ScheduleService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #redactor: Redactor;
  readonly #plans: Pick<PlanService, 'submit'>;
  readonly #openQueue: () => Promise<PgBoss>;
  #queue: Promise<PgBoss> | undefined;

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    logger: Logger;
    redactor: Redactor;
    plans: Pick<PlanService, 'submit'>;
    openQueue: () => Promise<PgBoss>;
  }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#redactor = deps.redactor;
    this.#plans = deps.plans;
    this.#openQueue = deps.openQueue;
  }

  /** The shared queue, with the schedule queue created once. */
  #boss(): Promise<PgBoss> {
    this.#queue ??= this.#openQueue().then(async (boss) => {
      await boss.createQueue(SCHEDULE_QUEUE, { retryLimit: 3, retryDelay: 5 }).catch(() => {});
      return boss;
    });
    return this.#queue;
  }

  /** Works the schedule queue in this process and re-registers every stored schedule with the cron. */
  async start(): Promise<void> {
    const boss = await this.#boss();
    await boss.work<ScheduleJob>(SCHEDULE_QUEUE, { batchSize: 1 }, async ([job]) => {
      if (job) await this.fire(job.data.schedule_id, job.id);
    });
    for (const row of await scheduleTimings(this.#orm)) await this.#register(boss, row);
  }

  async create(actor: Actor, input: ScheduleInput): Promise<ScheduleView> {
    const boss = await this.#boss();
    try {
      boss.previewSchedule(input.cron, { tz: input.timezone, count: 1, from: this.#clock.now() });
    } catch (error) {
      throw invalid(
        `cron ${input.cron} (${input.timezone}): ${(error as Error).message}`,
        'invalid_schedule',
      );
    }
    const now = this.#clock.now();
    const row: ScheduleRecord = {
      id: newId(),
      tenant_id: actor.tenant_id,
      name: input.name,
      cron: input.cron,
      timezone: input.timezone,
      // Stored redacted: secrets never persist, even in a plan waiting for its time.
      plan: this.#redactor.value(input.plan),
      created_by: actor.id,
      created_at: now,
      last_fired_at: null,
      last_plan_id: null,
      last_error: null,
    };
    await this.#orm.transaction(async (tx) => {
      if (!(await insertSchedule(tx, row)))
        throw conflict(`a schedule named ${row.name} exists`, 'schedule_exists');
      await this.#audit(tx, actor, 'schedule.created', row, now);
    });
    await this.#register(boss, row);
    return scheduleView(row);
  }

  async list(actor: Actor): Promise<ScheduleView[]> {
    return (await listSchedules(this.#orm, actor.tenant_id)).map(scheduleView);
  }

  async get(actor: Actor, id: string): Promise<ScheduleView> {
    return scheduleView(await this.#load(actor.tenant_id, id));
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const row = await this.#load(actor.tenant_id, id);
    await this.#orm.transaction(async (tx) => {
      await deleteSchedule(tx, row.id);
      await this.#audit(tx, actor, 'schedule.deleted', row, this.#clock.now());
    });
    await (await this.#boss()).unschedule(SCHEDULE_QUEUE, row.id);
  }

  /**
   * One occurrence: submits the stored plan as its creator. `occurrence` (the job id) makes a redelivered
   * job replay the first submission instead of making a second plan. A schedule deleted since is skipped;
   * a plan refused as invalid is recorded on the schedule rather than retried.
   */
  async fire(scheduleId: string, occurrence: string): Promise<PlanView | undefined> {
    const row = await findSchedule(this.#orm, scheduleId);
    if (!row) return undefined;
    const now = this.#clock.now();
    try {
      const actor = await loadActor(this.#orm, row.created_by);
      // The body schema: a playbook's schedule stores its instance, provenance included.
      const plan = PlanBodySchema.parse({ ...row.plan, trigger: 'scheduled' });
      const { body } = await this.#plans.submit(actor, plan, `schedule:${row.id}:${occurrence}`);
      await recordFiring(this.#orm, row.id, { last_fired_at: now, last_plan_id: body.id, last_error: null });
      return body;
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      this.#logger.warn({ message: 'scheduled plan refused', schedule_id: row.id, code: error.code });
      await recordFiring(this.#orm, row.id, {
        last_fired_at: now,
        last_error: { code: error.code, detail: error.message },
      });
      return undefined;
    }
  }

  async #register(boss: PgBoss, row: Pick<ScheduleRecord, 'id' | 'cron' | 'timezone'>): Promise<void> {
    await boss.schedule(SCHEDULE_QUEUE, row.cron, { schedule_id: row.id } satisfies ScheduleJob, {
      tz: row.timezone,
      key: row.id,
    });
  }

  async #load(tenantId: string, id: string): Promise<ScheduleRecord> {
    const row = isUuid(id) ? await findSchedule(this.#orm, id, tenantId) : undefined;
    if (!row) throw notFound(`schedule ${id}`);
    return row;
  }

  async #audit(
    tx: Executor,
    actor: Actor,
    action: AuditAction,
    row: ScheduleRecord,
    at: Date,
  ): Promise<void> {
    await appendAudit(tx, {
      tenant_id: actor.tenant_id,
      actor,
      action,
      occurred_at: at,
      context: { schedule_id: row.id, name: row.name, cron: row.cron, timezone: row.timezone },
    });
  }
}
