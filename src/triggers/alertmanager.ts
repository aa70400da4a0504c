import type { AuditAction } from '../audit/actions.ts';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { Problem } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import type { Orm } from '../db/connect.ts';
import type { Alert, AlertmanagerPayload } from '../llm/alert-schema.ts';
import type { PlanDrafter } from '../llm/draft.ts';
import type { PlanService } from '../plans/service.ts';
import type { Redactor } from '../redaction/redact.ts';
import { claimAlert, deleteAlert, findFiringAlert, setAlertPlan } from './store.ts';

export type AlertOutcome =
  | { fingerprint: string; status: 'firing'; outcome: 'planned'; plan_id: string; plan_status: string }
  | { fingerprint: string; status: 'firing'; outcome: 'duplicate'; plan_id: string | null }
  | { fingerprint: string; status: 'firing'; outcome: 'failed'; error: { code: string; detail: string } }
  | { fingerprint: string; status: 'resolved'; outcome: 'ignored' };

const ALERT_ACTION = {
  firing: 'alert.firing',
  resolved: 'alert.resolved',
} as const satisfies Record<Alert['status'], AuditAction>;

/** What an operator would have typed: the alert's summary, else its name and labels. */
export function intentOfAlert(alert: Alert): string {
  const name = alert.labels.alertname ?? 'an alert';
  const said = alert.annotations.summary ?? alert.annotations.description;
  const labels = Object.entries(alert.labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  return `Respond to firing alert ${name}${said ? `: ${said}` : ''} (${labels})`.slice(0, 4000);
}

/**
 * Alertmanager notifications in: each firing alert occurrence (fingerprint + startsAt) is drafted and
 * submitted once, as the notifying key's actor; resolved alerts are recorded and otherwise ignored.
 */
export class AlertmanagerReceiver {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #redactor: Redactor;
  readonly #drafter: Pick<PlanDrafter, 'draft'>;
  readonly #plans: Pick<PlanService, 'submit'>;

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    redactor: Redactor;
    drafter: Pick<PlanDrafter, 'draft'>;
    plans: Pick<PlanService, 'submit'>;
  }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#redactor = deps.redactor;
    this.#drafter = deps.drafter;
    this.#plans = deps.plans;
  }

  async receive(actor: Actor, payload: AlertmanagerPayload): Promise<AlertOutcome[]> {
    const outcomes: AlertOutcome[] = [];
    // One at a time: a notification carries a group's alerts, and drafts should not race for the model.
    for (const alert of payload.alerts) outcomes.push(await this.#one(actor, payload.groupKey, alert));
    return outcomes;
  }

  async #one(actor: Actor, groupKey: string, alert: Alert): Promise<AlertOutcome> {
    const { fingerprint } = alert;
    const claimed = await this.#record(actor, groupKey, alert);
    if (alert.status === 'resolved') return { fingerprint, status: 'resolved', outcome: 'ignored' };
    if (!claimed) {
      const seen = await findFiringAlert(this.#orm, actor.tenant_id, {
        fingerprint,
        starts_at: alert.startsAt,
      });
      return { fingerprint, status: 'firing', outcome: 'duplicate', plan_id: seen?.plan_id ?? null };
    }
    try {
      const { draft } = await this.#drafter.draft(actor, { intent: intentOfAlert(alert), alert });
      const submitted = await this.#plans.submit(actor, draft);
      await setAlertPlan(this.#orm, claimed, submitted.body.id);
      return {
        fingerprint,
        status: 'firing',
        outcome: 'planned',
        plan_id: submitted.body.id,
        plan_status: submitted.body.status,
      };
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      await this.#release(actor, claimed, alert, error);
      return {
        fingerprint,
        status: 'firing',
        outcome: 'failed',
        error: { code: error.code, detail: error.message },
      };
    }
  }

  /** Unclaims the occurrence, so Alertmanager's next repeat of this alert gets another try. */
  async #release(actor: Actor, claimed: string, alert: Alert, error: Problem): Promise<void> {
    await this.#orm.transaction(async (tx) => {
      await deleteAlert(tx, claimed);
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: 'alert.draft_failed',
        occurred_at: this.#clock.now(),
        context: { fingerprint: alert.fingerprint, starts_at: alert.startsAt, code: error.code },
      });
    });
  }

  /** Records the occurrence with its audit event; answers the new row's id, or nothing when already seen. */
  async #record(actor: Actor, groupKey: string, alert: Alert): Promise<string | undefined> {
    const now = this.#clock.now();
    const labels = this.#redactor.value(alert.labels);
    return this.#orm.transaction(async (tx) => {
      const id = await claimAlert(tx, {
        id: newId(),
        tenant_id: actor.tenant_id,
        fingerprint: alert.fingerprint,
        starts_at: alert.startsAt,
        status: alert.status,
        alertname: labels.alertname ?? null,
        labels,
        group_key: this.#redactor.text(groupKey),
        plan_id: null,
        received_by: actor.id,
        received_at: now,
      });
      if (id) {
        await appendAudit(tx, {
          tenant_id: actor.tenant_id,
          actor,
          action: ALERT_ACTION[alert.status],
          occurred_at: now,
          context: { fingerprint: alert.fingerprint, starts_at: alert.startsAt, alertname: labels.alertname },
        });
      }
      return id;
    });
  }
}
