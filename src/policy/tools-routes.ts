import { z } from 'zod';
import type { App } from '../core/route-module.ts';
import { type ToolRegistry, tenantToolSchema } from './tools.ts';

const toolViewSchema = z.object({
  name: z.string(),
  description: z.string(),
  effect: z.enum(['read', 'write', 'destructive', 'by_input']),
  supports_rollback: z.boolean(),
  /** Present only for a tool that reaches beyond its own system (MCP's openWorldHint). */
  open_world: z.literal(true).optional(),
  builtin: z.boolean(),
  input_schema: z.record(z.string(), z.unknown()),
  version: z.string(),
});

export function registerToolRoutes(app: App, tools: Pick<ToolRegistry, 'list' | 'register'>): void {
  app.get(
    '/tools',
    { schema: { tags: ['tools'], response: { 200: z.object({ items: z.array(toolViewSchema) }) } } },
    async (request) => ({ items: await tools.list(request.actor) }),
  );

  // 201 when the name is new, 200 when it replaces the tenant's own definition (or repeats it: no change).
  const registered = { 200: toolViewSchema, 201: toolViewSchema };
  app.post(
    '/tools',
    { schema: { tags: ['tools'], body: tenantToolSchema, response: registered } },
    async (request, reply) => {
      const { tool, created } = await tools.register(request.actor, request.body);
      return reply.code(created ? 201 : 200).send(tool);
    },
  );
}
