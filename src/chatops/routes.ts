import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import { errorFields, type Logger } from '../core/logger.ts';
import { conflict, invalid, notFound, Problem } from '../core/problem.ts';
import { originOf } from '../core/request-context.ts';
import type { RouteModule } from '../core/route-module.ts';
import { parseJsonText } from '../http/json-body.ts';
import { parseSlashCommand } from './commands.ts';
import { linearVote } from './linear.ts';
import type { ChatOpsService } from './service.ts';
import { checkLinearSignature, checkSlackSignature, MAX_SKEW_SECONDS } from './signatures.ts';
import { parseSlackAction } from './slack.ts';

export interface ChatWebhookDeps {
  chat: Pick<ChatOpsService, 'firstDelivery' | 'vote' | 'contentHashAt' | 'recordRefusal' | 'command'>;
  clock: Clock;
  logger: Logger;
  slackSigningSecret: string | undefined;
  linearWebhookSecret: string | undefined;
}

const CHAT_OUTCOMES = ['recorded', 'refused', 'unknown_plan', 'unlinked_user'] as const;
/** A slash command's outcomes besides a vote's (commands.ts). */
const COMMAND_OUTCOMES = ['shown', 'submitted', 'not_found', 'usage', 'pending'] as const;
/** Slack shows an error when a slash command is not answered within 3 s: a slower answer goes to response_url. */
export const SLACK_ANSWER_MS = 2500;
const voteCode = z.string().optional().describe('Why a vote was refused (self_approval, stale_revision, …)');

/** What Slack shows the clicker; the vote's outcome is told in `text` and named in `outcome`. */
const slackAnswerSchema = z.looseObject({
  response_type: z.string().describe('ephemeral: only the clicker sees it'),
  replace_original: z.boolean().optional(),
  text: z.string(),
  outcome: z
    .enum([...CHAT_OUTCOMES, ...COMMAND_OUTCOMES])
    .optional()
    .describe('absent when the request carried no Warrant action'),
  code: voteCode,
  blocks: z
    .array(z.looseObject({ type: z.string() }))
    .optional()
    .describe("Block Kit blocks (a slash command's answer, e.g. /warrant approve's confirmation)"),
});

const linearAnswerSchema = z.looseObject({
  outcome: z.enum([...CHAT_OUTCOMES, 'ignored']),
  code: voteCode,
  text: z.string(),
});

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * Slack's interactive messages and Linear's webhooks: each in its own scope, where the body stays the
 * raw text its signature covers. Refusals are recorded as security events; votes go through the
 * approval service with source slack or linear.
 */
export function chatWebhookRoutes(deps: ChatWebhookDeps): RouteModule {
  const { chat, clock, logger } = deps;
  const refuse = async (request: FastifyRequest, problem: Problem, raw: string, kind: string) => {
    await chat
      .recordRefusal({
        attack_type: 'invalid_input',
        kind,
        payload: raw,
        action_taken: 'rejected_400',
        status_code: problem.status,
        at: clock.now(),
        origin: originOf(request),
      })
      .catch((error: unknown) =>
        logger.warn({ ...errorFields(error), message: 'security event not recorded' }),
      );
    throw problem;
  };
  const replayGuard = async (request: FastifyRequest, source: string, delivery: string, raw: string) => {
    if (!(await chat.firstDelivery(source, delivery))) {
      await refuse(
        request,
        conflict(`this ${source} delivery was already received`, 'replayed'),
        raw,
        'replay',
      );
    }
  };

  // The URL comes in the signed body: Slack's own.
  const respond = async (url: string, answer: unknown) => {
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(answer),
      signal: AbortSignal.timeout(5000),
    });
  };

  return {
    public: true,
    async register(app) {
      await app.register(async (scope) => {
        scope.addContentTypeParser(
          'application/x-www-form-urlencoded',
          { parseAs: 'string' },
          (_request, body, done) => done(null, body),
        );
        scope.post(
          '/v1/webhooks/slack',
          {
            schema: {
              tags: ['chatops'],
              description:
                "Slack's interactivity requests (Approve/Deny buttons) and the slash commands `/warrant plan <text>`, " +
                '`/warrant approve <plan>` (answers the revision, its content hash, what will change and the rollback, ' +
                'with buttons bound to that hash), `/warrant status <plan|run>` and `/warrant audit <plan>`; signed ' +
                'with WARRANT_SLACK_SIGNING_SECRET, fresh and not replayed.',
              security: [],
              response: { 200: slackAnswerSchema },
            },
          },
          async (request) => {
            if (!deps.slackSigningSecret) throw notFound('the Slack integration (no signing secret)');
            const raw = typeof request.body === 'string' ? request.body : '';
            const signature = header(request, 'x-slack-signature');
            const check = checkSlackSignature(
              deps.slackSigningSecret,
              signature,
              header(request, 'x-slack-request-timestamp'),
              raw,
              clock.now(),
            );
            if (check !== 'ok') {
              const problem =
                check === 'stale'
                  ? new Problem(401, 'stale_timestamp', `the request is more than ${MAX_SKEW_SECONDS} s old`)
                  : new Problem(401, 'bad_signature', 'the Slack signature does not match');
              await refuse(request, problem, raw, check === 'stale' ? 'stale_signature' : 'bad_signature');
            }
            await replayGuard(request, 'slack', signature!, raw);
            const command = parseSlashCommand(raw);
            if (command) {
              const work = chat.command(command);
              const timer = sleep(SLACK_ANSWER_MS, undefined, { ref: false });
              const early = await Promise.race([work, timer]);
              if (early) return early;
              // Drafting with a model can take longer: the answer follows through the response URL.
              work
                .then((late) => {
                  if (!command.response_url) return;
                  return respond(command.response_url, late);
                })
                .catch((error: unknown) =>
                  logger.warn({ ...errorFields(error), message: 'slash command answered late failed' }),
                );
              return {
                response_type: 'ephemeral',
                text: 'Warrant is working on it: the answer follows here.',
                outcome: 'pending',
              };
            }
            const action = parseSlackAction(raw);
            if (!action) return { response_type: 'ephemeral', text: 'Nothing for Warrant to do here.' };
            const outcome = await chat.vote({
              provider: 'slack',
              external_user: action.user,
              plan_id: action.plan_id,
              decision: action.decision,
              content_hash: action.content_hash,
              comment: `via Slack${action.user_name ? ` by @${action.user_name}` : ''}`,
            });
            const answer = { response_type: 'ephemeral', replace_original: false, text: outcome.text };
            if (action.response_url) {
              // Slack shows what the response URL is sent; the HTTP answer alone is only an acknowledgement.
              respond(action.response_url, answer).catch((error: unknown) =>
                logger.warn({ ...errorFields(error), message: 'Slack response URL not reached' }),
              );
            }
            return { ...answer, outcome: outcome.outcome, ...(outcome.code ? { code: outcome.code } : {}) };
          },
        );
      });

      await app.register(async (scope) => {
        scope.removeContentTypeParser('application/json');
        scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
          done(null, body),
        );
        scope.post(
          '/v1/webhooks/linear',
          {
            schema: {
              tags: ['chatops'],
              description:
                "Linear's webhook, signed (Linear-Signature) with WARRANT_LINEAR_WEBHOOK_SECRET: `/approve <plan id>` " +
                'comments, issue state changes and warrant:approve/deny labels become votes (see chatops/linear.ts).',
              security: [],
              response: { 200: linearAnswerSchema },
            },
          },
          async (request) => {
            if (!deps.linearWebhookSecret) throw notFound('the Linear integration (no webhook secret)');
            const raw = typeof request.body === 'string' ? request.body : '';
            const signature = header(request, 'linear-signature');
            if (!checkLinearSignature(deps.linearWebhookSecret, signature, raw)) {
              await refuse(
                request,
                new Problem(401, 'bad_signature', 'the Linear signature does not match'),
                raw,
                'bad_signature',
              );
            }
            // Signed, so now read: malformed, repeated keys or text PostgreSQL cannot hold are a 400.
            const payload = parseJsonText(raw) as Parameters<typeof linearVote>[0] & {
              webhookTimestamp?: unknown;
            };
            if (typeof payload !== 'object' || payload === null)
              throw invalid('the body is not a JSON object');
            // The signed timestamp is what makes a replay detectable: without one, or stale, nothing counts.
            const sent = payload.webhookTimestamp;
            if (typeof sent !== 'number' || !Number.isSafeInteger(sent)) {
              await refuse(
                request,
                new Problem(401, 'bad_timestamp', 'the delivery has no numeric webhookTimestamp'),
                raw,
                'bad_timestamp',
              );
            }
            if (Math.abs(clock.now().getTime() - Number(sent)) > MAX_SKEW_SECONDS * 1000) {
              await refuse(
                request,
                new Problem(401, 'stale_timestamp', 'the delivery is too old'),
                raw,
                'stale_signature',
              );
            }
            // Keyed by the signature, which covers the body and its timestamp: a new Linear-Delivery header
            // on the same body is the same delivery.
            await replayGuard(request, 'linear', signature!.toLowerCase(), raw);
            const vote = linearVote(payload);
            if (!vote) return { outcome: 'ignored', text: 'no Warrant command or plan change in this event' };
            return chat.vote({
              provider: 'linear',
              external_user: vote.user,
              plan_id: vote.plan_id,
              decision: vote.decision,
              comment: vote.comment ?? 'via Linear',
              // A comment or issue change is a vote for the revision current when the user made it.
              content_hash: await chat.contentHashAt(vote.plan_id, new Date(vote.acted_at ?? Number(sent))),
            });
          },
        );
      });
    },
  };
}

const identityBody = z.strictObject({ actor_id: z.string().min(1).max(100) });
const identityLinkSchema = z.looseObject({
  provider: z.enum(['slack', 'linear']),
  external_id: z.string(),
  actor_id: z.string(),
  tenant_id: z.string(),
  updated_at: z.iso.datetime(),
});
const externalId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/);

/** Admins link chat users to the actors they vote as. */
export function chatIdentityRoutes(chat: Pick<ChatOpsService, 'linkIdentity'>): RouteModule {
  return {
    register(app) {
      for (const provider of ['slack', 'linear'] as const) {
        const param = `${provider}_user_id`;
        app.put(
          `/chatops/${provider}-users/:${param}`,
          {
            schema: {
              tags: ['chatops'],
              description: `Link a ${provider} user to the Warrant actor their votes count as (admin).`,
              params: z.object({ [param]: externalId }),
              body: identityBody,
              response: { 200: identityLinkSchema },
            },
          },
          async (request) =>
            chat.linkIdentity(request.actor, {
              provider,
              external_id: (request.params as Record<string, string>)[param]!,
              actor_id: request.body.actor_id,
            }),
        );
      }
    },
  };
}
