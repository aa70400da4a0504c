/**
 * Reads one tenant's records of a period (in one transaction, so the KPIs and the report agree with each other)
 * and hands them to kpi.ts; the views here are what `GET /v1/worklog/kpi` and `/report` answer.
 */
import type { Clock } from '../core/clock.ts';
import type { Actor } from '../core/roles.ts';
import type { Orm } from '../db/connect.ts';
import { auditPeriod, type PeriodAudit, REVIEWABLE_ACTIONS } from './kpi.ts';
import { parsePeriod } from './period.ts';
import { reportHtml, reportMarkdown } from './report.ts';
import {
  intentsBetween,
  intentsByIds,
  prEventsBetween,
  provisioningBetween,
  reviewIntentsFor,
  runsBetween,
  votesOn,
} from './store.ts';
import type { WorklogIntentRecord } from './tables.ts';

export interface PeriodQuery {
  from?: string | undefined;
  to?: string | undefined;
}

export async function readPeriod(
  deps: { orm: Orm; clock: Clock },
  actor: Actor,
  query: PeriodQuery,
): Promise<PeriodAudit> {
  const { from, to } = parsePeriod(query, deps.clock.now());
  const tenant = actor.tenant_id;
  const records = await deps.orm.transaction(async (tx) => {
    const prEvents = await prEventsBetween(tx, tenant, from, to);
    const runs = await runsBetween(tx, tenant, from, to);
    const provisioning = await provisioningBetween(tx, tenant, from, to);
    const created = await intentsBetween(tx, tenant, from, to);
    const reviewable = prEvents.filter((event) => REVIEWABLE_ACTIONS.has(event.action));
    const linked = await reviewIntentsFor(
      tx,
      tenant,
      reviewable.map((event) => event.id),
      [...new Set(reviewable.map((event) => event.pr_url))],
    );
    const known = new Map<string, WorklogIntentRecord>([...created, ...linked].map((row) => [row.id, row]));
    const named = [...runs.map((run) => run.intent_id), ...provisioning.map((event) => event.intent_id)];
    for (const row of await intentsByIds(
      tx,
      tenant,
      [...new Set(named)].filter((id) => !known.has(id)),
    )) {
      known.set(row.id, row);
    }
    const intents = [...known.values()];
    const votes = await votesOn(
      tx,
      tenant,
      intents.map((row) => row.id),
    );
    return { from, to, prEvents, intents, runs, votes, provisioning };
  });
  return auditPeriod(records);
}

/** The KPIs of a period as `GET /v1/worklog/kpi` answers them. */
export function kpiView(audit: PeriodAudit) {
  return {
    from: audit.from.toISOString(),
    to: audit.to.toISOString(),
    link_rate: audit.kpi.link_rate,
    approval_rate: audit.kpi.approval_rate,
    audit_success_rate: audit.kpi.audit_success_rate,
    counts: audit.counts,
    deficits: {
      run_without_intent: audit.deficits.filter((d) => d.kind === 'run_without_intent').length,
      approval_missing: audit.deficits.filter((d) => d.kind === 'approval_missing').length,
      approval_after_the_fact: audit.deficits.filter((d) => d.kind === 'approval_after_the_fact').length,
      evidence_missing: audit.deficits.filter((d) => d.kind === 'evidence_missing').length,
    },
  };
}

export function reportOf(audit: PeriodAudit, actor: Actor, format: 'md' | 'html'): string {
  return format === 'html' ? reportHtml(audit, actor.tenant_name) : reportMarkdown(audit, actor.tenant_name);
}
