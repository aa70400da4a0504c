import { z } from 'zod';
import type { RouteModule } from '../core/route-module.ts';
import { visibleText } from '../core/visible-text.ts';
import { RollbackSpecSchema } from '../plans/plan-schema.ts';
import { followRunLog, type RunLogFollower } from './log-stream.ts';
import { LOG_EXCERPT_CHARS, type RunService, StoredDocument } from './service.ts';

const idParams = z.object({ id: z.string().max(100) });
const runStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'rolled_back', 'cancelled']);
const failure = z.looseObject({ code: z.string(), message: z.string() }).nullable();
const timestamp = z.iso.datetime();

const startedSchema = z.object({ id: z.string(), status: runStatus });

const runSummarySchema = z.looseObject({
  id: z.string(),
  status: runStatus,
  plan_id: z.string(),
  created_at: timestamp,
  completed_at: timestamp.nullable(),
  error: failure,
});

const toolCallSchema = z.looseObject({
  tool_call_id: z.string(),
  tool_name: z.string(),
  phase: z.enum(['do', 'undo']),
  status: z.string(),
  attempts: z.number().int(),
  idempotency_key: z.string(),
  input_ref: z.string().nullable(),
  input_sha256: z.string().nullable(),
  output_ref: z.string().nullable(),
  output_sha256: z.string().nullable(),
  link: z.string().nullable(),
  error: failure,
  started_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
});

const stepEvidenceSchema = z.looseObject({
  evidence_id: z.string(),
  type: z.string(),
  query: z.string(),
  result_ref: z.string(),
  sha256: z.string(),
  link: z.string().nullable(),
  collected_at: timestamp,
});

const runViewSchema = z.looseObject({
  id: z.string(),
  status: runStatus,
  plan_id: z.string(),
  plan_revision: z.number().int(),
  content_hash: z.string(),
  identity_hash: z.string(),
  started_by: z.string(),
  break_glass_exception_id: z.string().nullable(),
  retry_of: z.string().nullable(),
  cancel_requested: z.boolean(),
  attempts: z.number().int(),
  resume_after: timestamp
    .nullable()
    .describe(
      "Set while the run waits to be resumed after its last drive stopped on an error (the worker's log says why)",
    ),
  failed_drives: z.number().int().describe('Drives of the run in a row that stopped on an error'),
  error: failure,
  context: z.looseObject({}),
  created_at: timestamp,
  started_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
  steps: z.array(
    z.looseObject({
      step_id: z.string(),
      position: z.number().int(),
      status: z.string(),
      // The plan's own step: absent when the plan no longer has it.
      action: z.string().optional(),
      tool: z.string().optional(),
      rollback: RollbackSpecSchema.nullable(),
      preconditions: z.array(
        z.object({ text: z.string(), checked: z.boolean(), ok: z.boolean(), detail: z.string() }),
      ),
      error: failure,
      started_at: timestamp.nullable(),
      completed_at: timestamp.nullable(),
      tool_calls: z.array(toolCallSchema),
      evidence: z.array(stepEvidenceSchema),
    }),
  ),
});

const runLogSchema = z.object({
  run_id: z.string(),
  plan_id: z.string(),
  status: runStatus,
  cancel_requested: z.boolean(),
  error: failure,
  created_at: timestamp,
  started_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
  progress: z.object({
    steps: z.number().int(),
    done: z.number().int(),
    current_step_id: z.string().nullable(),
  }),
  steps: z.array(
    z.object({
      step_id: z.string(),
      position: z.number().int(),
      status: z.string(),
      action: z.string().optional(),
      tool: z.string().optional(),
      started_at: timestamp.nullable(),
      completed_at: timestamp.nullable(),
      error: failure,
      preconditions: z.array(
        z.object({ text: z.string(), checked: z.boolean(), ok: z.boolean(), detail: z.string() }),
      ),
      tool_calls: z.array(
        z.object({
          tool_call_id: z.string(),
          tool_name: z.string(),
          phase: z.enum(['do', 'undo']),
          status: z.string(),
          attempts: z.number().int(),
          link: z.string().nullable(),
          error: failure,
          started_at: timestamp.nullable(),
          completed_at: timestamp.nullable(),
          output_excerpt: z
            .string()
            .nullable()
            .describe(`The first ${LOG_EXCERPT_CHARS} characters of the stored, redacted output (JSON)`),
          output_truncated: z.boolean(),
        }),
      ),
      evidence: z.array(
        z.object({
          type: z.string(),
          query: z.string(),
          link: z.string().nullable(),
          collected_at: timestamp,
        }),
      ),
    }),
  ),
});

export function runRoutes(
  runs: Pick<RunService, 'start' | 'list' | 'get' | 'logs' | 'cancel' | 'retry' | 'object'>,
  /** Where a run's changes are heard, for its log streamed live, and the tenant's live connections counted. */
  changes: Pick<RunLogFollower, 'watchRun'> & { connections: { acquire(tenantId: string): () => void } },
): RouteModule {
  const follower: RunLogFollower = {
    logs: (actor, id) => runs.logs(actor, id),
    watchRun: (id, onChange) => changes.watchRun(id, onChange),
    connect: (tenantId) => changes.connections.acquire(tenantId),
  };
  return {
    register(app) {
      app.post(
        '/plans/:id/runs',
        {
          schema: {
            tags: ['runs'],
            description:
              'Run an allowed or approved plan (202). Break glass runs without a warrant, with a reason.',
            params: idParams,
            body: z
              .strictObject({ break_glass: z.strictObject({ reason: visibleText(2000) }).optional() })
              .nullish(),
            response: { 202: startedSchema },
          },
        },
        async (request, reply) =>
          reply.code(202).send(await runs.start(request.actor, request.params.id, request.body ?? {})),
      );
      app.get(
        '/runs',
        {
          schema: {
            tags: ['runs'],
            querystring: z.strictObject({
              plan_id: z.string().max(100).optional(),
              status: runStatus.optional(),
              limit: z.coerce.number().int().min(1).max(200).optional(),
            }),
            response: { 200: z.object({ items: z.array(runSummarySchema) }) },
          },
        },
        async (request) => ({ items: await runs.list(request.actor, request.query) }),
      );
      app.get(
        '/runs/:id',
        { schema: { tags: ['runs'], params: idParams, response: { 200: runViewSchema } } },
        async (request) => runs.get(request.actor, request.params.id),
      );
      app.get(
        '/runs/:id/logs',
        {
          schema: {
            tags: ['runs'],
            description:
              "A run's log, step by step: checks, tool calls with an excerpt of each redacted output, " +
              'evidence, errors, and how far the run has come. Another tenant’s run is 404. With ' +
              '`Accept: text/event-stream` it is streamed while the run is live: `event: log` with this same ' +
              'document now and after each change, then `event: end` with the final status once the run ended.',
            params: idParams,
            response: { 200: runLogSchema },
          },
        },
        async (request, reply) => {
          if (!request.headers.accept?.includes('text/event-stream'))
            return runs.logs(request.actor, request.params.id);
          await followRunLog(follower, request.actor, request.params.id, () => {
            // The stream outlives the handler: Fastify lets go of the response and the stream writes to it.
            reply.hijack();
            return reply.raw;
          });
          return reply;
        },
      );
      app.post(
        '/runs/:id/cancel',
        {
          schema: {
            tags: ['runs'],
            description: 'Cancel a run (202): a queued run at once, a running one before its next step.',
            params: idParams,
            response: {
              202: z.object({ id: z.string(), status: runStatus, cancel_requested: z.boolean() }),
            },
          },
        },
        async (request, reply) => reply.code(202).send(await runs.cancel(request.actor, request.params.id)),
      );
      app.post(
        '/runs/:id/retry',
        {
          schema: {
            tags: ['runs'],
            description: 'Retry a failed, rolled back or cancelled run as a new run of the same plan (202).',
            params: idParams,
            response: { 202: startedSchema },
          },
        },
        async (request, reply) => reply.code(202).send(await runs.retry(request.actor, request.params.id)),
      );
      app.get(
        '/runs/:id/:kind/:object',
        {
          schema: {
            tags: ['runs'],
            description: 'A stored (redacted) tool input, tool output or evidence body of the run.',
            params: z.object({
              id: z.string().max(100),
              kind: z.enum(['evidence', 'tool-output', 'tool-input']),
              object: z.string().regex(/^[0-9a-f-]{36}$/),
            }),
            response: { 200: StoredDocument },
          },
        },
        async (request) =>
          runs.object(request.actor, request.params.id, request.params.kind, request.params.object),
      );
    },
  };
}
