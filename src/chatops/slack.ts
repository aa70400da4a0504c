import type { Logger } from '../core/logger.ts';
import { errorFields } from '../core/logger.ts';
import { refuseHostileJson } from '../http/json-body.ts';
import type { PlanDiff } from '../plans/diff.ts';
import type { PlanDecided, PlanEvents } from '../plans/plan-events.ts';
import type { ChatDecision } from './vote.ts';

export const APPROVE_ACTION = 'warrant_approve';
export const DENY_ACTION = 'warrant_deny';

export interface SlackSettings {
  apiUrl: string;
  botToken: string;
  channel: string;
  consoleUrl: string | undefined;
}

/** A button names the plan and the revision the message shows, so a press after a revision is refused. */
export const buttonValue = (plan: { id: string; content_hash: string }) => `${plan.id}:${plan.content_hash}`;

/**
 * Text from a plan (an agent wrote it) for Slack's mrkdwn: `& < >` escaped as Slack asks, so `<!channel>`, a
 * `<url|label>` link or a user mention cannot be smuggled into an approver's message.
 */
export const slackText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack refuses a section text over 3000 characters: cut, saying so. */
const clip = (text: string, max = 2900) => (text.length <= max ? text : `${text.slice(0, max)}… (cut)`);

/**
 * What will change and how it is undone (GET /v1/plans/{id}/diff), as Block Kit sections: one line per step's
 * change, the rollback in words, and what a failure runs. Every line is the plan's or a connector's text: escaped.
 */
export function changeBlocks(diff: PlanDiff | undefined) {
  if (!diff) {
    return [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*What will change*\nnot known: the plan diff could not be read' },
      },
    ];
  }
  const lines = diff.summary.map((line) => `• ${slackText(line)}`).join('\n');
  return [
    { type: 'section', text: { type: 'mrkdwn', text: clip(`*What will change*\n${lines || 'no steps'}`) } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(`*Rollback*\n${slackText(diff.rollback)}`) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: clip(slackText(diff.on_failure) || ' ', 2000) }] },
  ];
}

/**
 * The Block Kit message of a pending plan: what, how risky, who must approve, what will change and how it is
 * rolled back (when the diff is given; see changeBlocks), and two buttons bound to the revision shown.
 */
export function approvalMessage(event: PlanDecided, consoleUrl: string | undefined, diff?: PlanDiff | null) {
  const { plan } = event;
  const requirement = plan.decision.requirement;
  const summary = slackText(String((plan as { summary?: unknown }).summary ?? plan.id));
  const link = consoleUrl ? ` <${consoleUrl.replace(/\/$/, '')}/plans/${plan.id}|open in Warrant>` : '';
  const text = `Approval needed: ${summary}`;
  // The buttons carry the hash of the revision the diff describes, which is the one this message shows.
  const shown = diff && diff.plan_id === plan.id ? { id: plan.id, content_hash: diff.content_hash } : plan;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${text}*${link}` } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Risk*\n${plan.decision.risk.level}` },
          {
            type: 'mrkdwn',
            text: `*Needs*\n${requirement ? `${requirement.quorum} of ${requirement.approvers.join('/')} (${requirement.tier})` : 'approval'}`,
          },
        ],
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: slackText(plan.decision.risk.reasons.slice(0, 3).join(' · ')) || ' ' },
        ],
      },
      ...(diff === undefined ? [] : changeBlocks(diff ?? undefined)),
      {
        type: 'actions',
        block_id: `warrant_plan_${plan.id}`,
        elements: [
          {
            type: 'button',
            action_id: APPROVE_ACTION,
            style: 'primary',
            text: { type: 'plain_text', text: 'Approve' },
            value: buttonValue(shown),
          },
          {
            type: 'button',
            action_id: DENY_ACTION,
            style: 'danger',
            text: { type: 'plain_text', text: 'Deny' },
            value: buttonValue(shown),
          },
        ],
      },
    ],
  };
}

/** The plan diff of a pending plan, for its message; null when it cannot be read. */
export type DiffSource = (event: PlanDecided) => Promise<PlanDiff | null>;

/**
 * Posts each plan that goes pending to the configured channel (chat.postMessage), with what will change and the
 * rollback once `readDiffsFrom` has been given where to read diffs (the diff service is built after the notifier).
 */
export function slackNotifier(
  settings: SlackSettings,
  logger: Logger,
): PlanEvents & { readDiffsFrom(source: DiffSource): void } {
  let diffs: DiffSource | undefined;
  const post = async (event: PlanDecided) => {
    const diff = diffs
      ? await diffs(event).catch((error: unknown) => {
          logger.warn({ ...errorFields(error), message: `plan ${event.plan.id}: diff not read for Slack` });
          return null;
        })
      : undefined;
    const response = await fetch(`${settings.apiUrl.replace(/\/$/, '')}/chat.postMessage`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${settings.botToken}`,
        'content-type': 'application/json; charset=utf-8',
      },
      body: JSON.stringify({
        channel: settings.channel,
        ...approvalMessage(event, settings.consoleUrl, diff),
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = (await response.json().catch(() => ({}))) as { ok?: boolean; error?: string };
    if (!answer.ok) throw new Error(`Slack refused the message: ${answer.error ?? response.status}`);
  };
  return {
    readDiffsFrom(source) {
      diffs = source;
    },
    decided(event) {
      if (event.plan.status !== 'pending_approval') return;
      post(event).catch((error: unknown) =>
        logger.warn({
          ...errorFields(error),
          message: `approval request for plan ${event.plan.id} not posted to Slack`,
        }),
      );
    },
  };
}

export interface SlackAction {
  user: string;
  plan_id: string;
  /** The revision the pressed message showed; absent on a message from before votes named one. */
  content_hash: string | undefined;
  decision: ChatDecision;
  response_url: string | undefined;
  user_name: string | undefined;
}

/** The button press in an interaction payload (`payload=` JSON of a block_actions request), if any. */
export function parseSlackAction(formBody: string): SlackAction | undefined {
  let payload: {
    type?: string;
    user?: { id?: string; username?: string; name?: string };
    actions?: { action_id?: string; value?: string }[];
    response_url?: string;
  };
  const text = new URLSearchParams(formBody).get('payload') ?? '';
  try {
    payload = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Signed by Slack, yet still refused when ambiguous or not storable as text (400).
  refuseHostileJson(text, payload, 'payload');
  const action = payload?.actions?.find((a) => a.action_id === APPROVE_ACTION || a.action_id === DENY_ACTION);
  if (payload?.type !== 'block_actions' || !action?.value || typeof payload.user?.id !== 'string')
    return undefined;
  const [planId = '', contentHash] = action.value.split(':');
  return {
    user: payload.user.id,
    plan_id: planId,
    content_hash: contentHash,
    decision: action.action_id === APPROVE_ACTION ? 'approve' : 'deny',
    response_url: typeof payload.response_url === 'string' ? payload.response_url : undefined,
    user_name: payload.user.username ?? payload.user.name,
  };
}
