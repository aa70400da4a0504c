import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApprovalService } from '../approvals/service.ts';
import type { Clock } from '../core/clock.ts';
import { conflict, invalid, notFound, Problem } from '../core/problem.ts';
import type { Orm } from '../db/connect.ts';
import type { RouteModule } from '../http/server.ts';
import { originOf } from '../ops/guards.ts';
import { errorFields, type Logger } from '../ops/logger.ts';
import { recordSecurityEvent } from '../ops/security-events.ts';
import { linkChatIdentity } from './identities.ts';
import { linearVote } from './linear.ts';
import { checkLinearSignature, checkSlackSignature, firstDelivery, MAX_SKEW_SECONDS } from './signatures.ts';
import { parseSlackAction } from './slack.ts';
import { castChatVote } from './vote.ts';

export interface ChatWebhookDeps {
  orm: Orm;
  clock: Clock;
  logger: Logger;
  approvals: ApprovalService;
  slackSigningSecret: string | undefined;
  linearWebhookSecret: string | undefined;
}

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
  const { orm, clock, logger, approvals } = deps;
  const refuse = async (request: FastifyRequest, problem: Problem, raw: string, kind: string) => {
    await recordSecurityEvent(orm, {
      attack_type: 'invalid_input',
      kind,
      payload: raw,
      action_taken: 'rejected_400',
      status_code: problem.status,
      at: clock.now(),
      origin: originOf(request),
    }).catch((error: unknown) =>
      logger.warn({ ...errorFields(error), message: 'security event not recorded' }),
    );
    throw problem;
  };
  const replayGuard = async (request: FastifyRequest, source: string, delivery: string, raw: string) => {
    if (!(await firstDelivery(orm, source, delivery, clock.now()))) {
      await refuse(
        request,
        conflict(`this ${source} delivery was already received`, 'replayed'),
        raw,
        'replay',
      );
    }
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
                "Slack's interactivity requests (Approve/Deny buttons), signed with WARRANT_SLACK_SIGNING_SECRET.",
              security: [],
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
            const action = parseSlackAction(raw);
            if (!action) return { response_type: 'ephemeral', text: 'Nothing for Warrant to do here.' };
            const outcome = await castChatVote(orm, approvals, {
              provider: 'slack',
              external_user: action.user,
              plan_id: action.plan_id,
              decision: action.decision,
              comment: `via Slack${action.user_name ? ` by @${action.user_name}` : ''}`,
            });
            const answer = { response_type: 'ephemeral', replace_original: false, text: outcome.text };
            if (action.response_url) {
              // Slack shows what the response URL is sent; the HTTP answer alone is only an acknowledgement.
              fetch(action.response_url, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(answer),
                signal: AbortSignal.timeout(5000),
              }).catch((error: unknown) =>
                logger.warn({ ...errorFields(error), message: 'Slack response URL not reached' }),
              );
            }
            return { ...answer, outcome: outcome.outcome, ...(outcome.code ? { code: outcome.code } : {}) };
          },
        );
      });

      await app.register(async (scope) => {
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
            let payload: Parameters<typeof linearVote>[0] & { webhookTimestamp?: unknown };
            try {
              payload = JSON.parse(raw);
            } catch {
              throw invalid('the body is not valid JSON', 'malformed_json');
            }
            if (typeof payload !== 'object' || payload === null)
              throw invalid('the body is not a JSON object');
            const sent = Number(payload.webhookTimestamp);
            if (Number.isFinite(sent) && Math.abs(clock.now().getTime() - sent) > MAX_SKEW_SECONDS * 1000) {
              await refuse(
                request,
                new Problem(401, 'stale_timestamp', 'the delivery is too old'),
                raw,
                'stale_signature',
              );
            }
            await replayGuard(request, 'linear', header(request, 'linear-delivery') ?? signature!, raw);
            const vote = linearVote(payload);
            if (!vote) return { outcome: 'ignored', text: 'no Warrant command or plan change in this event' };
            return castChatVote(orm, approvals, {
              provider: 'linear',
              external_user: vote.user,
              plan_id: vote.plan_id,
              decision: vote.decision,
              comment: vote.comment ?? 'via Linear',
            });
          },
        );
      });
    },
  };
}

const identityBody = z.strictObject({ actor_id: z.string().min(1).max(100) });
const externalId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/);

/** Admins link chat users to the actors they vote as. */
export function chatIdentityRoutes(deps: { orm: Orm; clock: Clock }): RouteModule {
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
            },
          },
          async (request) =>
            linkChatIdentity(deps.orm, deps.clock, request.actor, {
              provider,
              external_id: (request.params as Record<string, string>)[param]!,
              actor_id: request.body.actor_id,
            }),
        );
      }
    },
  };
}
