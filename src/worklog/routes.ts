import { z } from 'zod';
import { invalid } from '../core/problem.ts';
import type { RouteModule } from '../core/route-module.ts';
import { mayPropose } from '../plans/routes.ts';
import { cardsMarkdown } from './assets.ts';
import { kpiView, readPeriod, reportOf } from './audit-period.ts';
import { pullRequestCi } from './ci.ts';
import {
  cardDetailSchema,
  cardExport,
  cardListSchema,
  cardViewSchema,
  deliveryOutcomeSchema,
  intentDetailSchema,
  intentListSchema,
  intentViewSchema,
  intentVoteResultSchema,
  kpiViewSchema,
  prEventListSchema,
  provisioningListSchema,
  provisioningViewSchema,
  pullRequestCiSchema,
  reportContent,
  repositoryListSchema,
  repositoryViewSchema,
  runViewSchema,
  webhookTargetSchema,
} from './route-schemas.ts';
import {
  CardDecisionSchema,
  ConnectRepositorySchema,
  IntentVoteSchema,
  ProjectInputSchema,
  RequestReviewSchema,
} from './schemas.ts';
import type { WorklogService } from './service.ts';

const idParams = z.object({ id: z.string().max(100) });
// Parsed by period.ts, so that a bad bound is 400 invalid_period rather than a schema error.
const periodQuery = z.object({ from: z.string().max(40).optional(), to: z.string().max(40).optional() });
const tags = ['worklog'];

/** WorkLog's API under /v1/worklog. */
export function worklogRoutes(worklog: WorklogService): RouteModule {
  const { repositories, cards, events, runs, projects } = worklog;
  return {
    register(app) {
      app.post(
        '/worklog/repositories',
        {
          schema: {
            tags,
            description: 'Connect a GitHub repository to the caller.',
            body: ConnectRepositorySchema,
            response: { 201: repositoryViewSchema },
          },
        },
        async (request, reply) =>
          reply.code(201).send(await repositories.connect(request.actor, request.body)),
      );
      app.get(
        '/worklog/webhook',
        {
          schema: {
            tags,
            description:
              "The tenant's GitHub webhook: the path to point it at and the secret to sign with (admins).",
            response: { 200: webhookTargetSchema },
          },
        },
        async (request) => worklog.webhook(request.actor),
      );
      app.get(
        '/worklog/repositories',
        { schema: { tags, response: { 200: repositoryListSchema } } },
        async (request) => ({ items: await repositories.list(request.actor) }),
      );
      app.delete(
        '/worklog/repositories/:id',
        {
          schema: {
            tags,
            description:
              'Disconnect a repository (its connector or an admin); its pr-events and cards stay traceable.',
            params: idParams,
            response: { 204: z.undefined().describe('Disconnected; no body') },
          },
        },
        async (request, reply) => {
          await repositories.disconnect(request.actor, request.params.id);
          return reply.code(204).send();
        },
      );

      app.get(
        '/worklog/pr-events',
        {
          schema: {
            tags,
            querystring: z.object({ repository_id: z.string().max(100).optional() }),
            response: { 200: prEventListSchema },
          },
        },
        async (request) => ({ items: await events.list(request.actor, request.query.repository_id) }),
      );

      app.get(
        '/worklog/intents',
        {
          schema: {
            tags,
            querystring: z.object({ kind: z.enum(['review', 'project']).optional() }),
            response: { 200: intentListSchema },
          },
        },
        async (request) => ({ items: await worklog.listIntents(request.actor, request.query.kind) }),
      );
      app.get(
        '/worklog/intents/:id',
        {
          schema: {
            tags,
            description: 'An intent with what it led to: its review run, or its provisioning events.',
            params: idParams,
            response: { 200: intentDetailSchema },
          },
        },
        async (request) => worklog.intent(request.actor, request.params.id),
      );
      app.post(
        '/worklog/intents/:id/approvals',
        {
          schema: {
            tags,
            description: 'Vote on an intent; a completed approval starts its review run or provisioning.',
            params: idParams,
            body: IntentVoteSchema,
            response: { 201: intentVoteResultSchema },
          },
        },
        async (request, reply) =>
          reply.code(201).send(await worklog.vote(request.actor, request.params.id, request.body)),
      );

      app.post(
        '/worklog/reviews',
        {
          schema: {
            tags,
            description:
              "Start an AI review of a connected repository's pull request by hand, at its current head: the " +
              "webhook's governed path (risk, intent, approval for Med/High); the caller is the intent's creator. " +
              '409 run_exists when that head has a run that did not fail.',
            body: RequestReviewSchema,
            response: { 201: runViewSchema },
          },
        },
        async (request, reply) => {
          mayPropose(request.actor);
          return reply.code(201).send(await worklog.requestReview(request.actor, request.body));
        },
      );
      app.get(
        '/worklog/runs/:id',
        {
          schema: {
            tags,
            description: 'A review run: its pull request, status, evidence references and the review.',
            params: idParams,
            response: { 200: runViewSchema },
          },
        },
        async (request) => runs.get(request.actor.tenant_id, request.params.id),
      );

      app.post(
        '/worklog/projects',
        {
          schema: {
            tags,
            description: 'Propose a project; it needs an approval.',
            body: ProjectInputSchema,
            response: { 201: intentViewSchema },
          },
        },
        async (request, reply) => {
          mayPropose(request.actor);
          return reply.code(201).send(await projects.create(request.actor, request.body));
        },
      );
      app.post(
        '/worklog/projects/:id/provision',
        {
          schema: {
            tags,
            description:
              "Create the project's repository under its approval (idempotent); without one, refused and " +
              'recorded as an unapproved_attempt exception.',
            params: idParams,
            response: {
              201: provisioningViewSchema.describe('Provisioned now'),
              200: provisioningViewSchema.describe('Provisioned before: the earlier event'),
            },
          },
        },
        async (request, reply) => {
          mayPropose(request.actor);
          const result = await projects.provision(request.actor, request.params.id);
          return reply.code(result.created ? 201 : 200).send(result.event);
        },
      );

      app.get(
        '/worklog/kpi',
        {
          schema: {
            tags,
            description:
              "The period's KPIs (link rate, approval rate, audit success rate; see worklog/kpi.ts for each " +
              'definition). from/to: a date or an RFC 3339 time; default the 30 days before now; end excluded; ' +
              'at most 366 days (400 invalid_period otherwise).',
            querystring: periodQuery,
            response: { 200: kpiViewSchema },
          },
        },
        async (request) => kpiView(await readPeriod(worklog.deps, request.actor, request.query)),
      );
      app.get(
        '/worklog/report',
        {
          schema: {
            tags,
            description:
              "The period's audit report: every AI run and repository creation with its intent, approval and " +
              'evidence, the deficits, and the KPIs with the success metric.',
            querystring: periodQuery.extend({ format: z.enum(['md', 'html']).default('md') }),
            response: { 200: reportContent },
          },
        },
        async (request, reply) => {
          const audit = await readPeriod(worklog.deps, request.actor, request.query);
          const format = request.query.format;
          return reply
            .type(format === 'html' ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8')
            .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
            .send(reportOf(audit, request.actor, format));
        },
      );
      app.get(
        '/worklog/provisioning',
        {
          schema: {
            tags,
            description:
              "The tenant's provisioning events (repositories created under an approved project intent), newest " +
              'first; from/to as for /worklog/kpi, both optional (no bound: every event, at most 1000).',
            querystring: periodQuery,
            response: { 200: provisioningListSchema },
          },
        },
        async (request) => ({ items: await projects.list(request.actor, request.query) }),
      );

      app.get(
        '/worklog/assets',
        {
          schema: {
            tags,
            querystring: z.object({
              status: z.enum(['pending', 'approved', 'rejected', 'flagged']).optional(),
            }),
            response: { 200: cardListSchema },
          },
        },
        async (request) => ({ items: await cards.list(request.actor, request.query.status) }),
      );
      app.get(
        '/worklog/assets/export',
        {
          schema: {
            tags,
            querystring: z.object({ format: z.enum(['md', 'json']).default('json') }),
            response: { 200: cardExport },
          },
        },
        async (request, reply) => {
          const approved = await cards.approvedOf(request.actor);
          if (request.query.format === 'json') return { cards: approved };
          return reply.type('text/markdown; charset=utf-8').send(cardsMarkdown(approved));
        },
      );
      app.get(
        '/worklog/assets/:id',
        { schema: { tags, params: idParams, response: { 200: cardDetailSchema } } },
        async (request) => cards.get(request.actor, request.params.id),
      );
      app.post(
        '/worklog/assets/:id/decisions',
        {
          schema: {
            tags,
            description: "Approve, edit or reject one's own asset card; a rejected card is final.",
            params: idParams,
            body: CardDecisionSchema,
            response: { 201: cardViewSchema },
          },
        },
        async (request, reply) => {
          if (request.body.decision !== 'edit' && request.body.changes) {
            throw invalid('changes go with an edit decision only', 'changes_without_edit');
          }
          return reply.code(201).send(await cards.decide(request.actor, request.params.id, request.body));
        },
      );

      app.get(
        '/worklog/pulls/:owner/:repo/:number/ci',
        {
          schema: {
            tags,
            description:
              'CI status of a pull request (Actions runs and preview deployments), read from GitHub.',
            params: z.object({
              owner: z.string().max(100),
              repo: z.string().max(100),
              number: z.coerce.number().int().positive(),
            }),
            response: { 200: pullRequestCiSchema },
          },
        },
        async (request) =>
          pullRequestCi(
            worklog.deps,
            repositories,
            request.actor,
            `${request.params.owner}/${request.params.repo}`,
            request.params.number,
          ),
      );
    },
  };
}

const RAW_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

/**
 * `POST /v1/webhooks/github`: public, authenticated by its signature. The body is kept as raw bytes in this
 * route's scope only, since the signature covers the exact bytes GitHub sent.
 */
export function githubWebhookRoutes(worklog: WorklogService): RouteModule {
  return {
    public: true,
    register(app) {
      app.removeContentTypeParser(RAW_TYPES);
      app.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      const schema = { tags, response: { 202: deliveryOutcomeSchema } };
      app.post('/v1/webhooks/github', { schema }, async (request, reply) => {
        const header = (name: string) => {
          const value = request.headers[name];
          return Array.isArray(value) ? value[0] : value;
        };
        const outcome = await worklog.receiveWebhook(
          {
            signature: header('x-hub-signature-256'),
            delivery: header('x-github-delivery'),
            event: header('x-github-event'),
            contentType: header('content-type'),
          },
          Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        );
        return reply.code(202).send(outcome);
      });
    },
  };
}
