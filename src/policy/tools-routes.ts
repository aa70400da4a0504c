import type { App } from '../http/server.ts';
import { type ToolRegistry, tenantToolSchema } from './tools.ts';

export function registerToolRoutes(app: App, tools: ToolRegistry): void {
  app.get('/tools', { schema: { tags: ['tools'] } }, async (request) => ({
    items: await tools.list(request.actor),
  }));

  app.post('/tools', { schema: { tags: ['tools'], body: tenantToolSchema } }, async (request, reply) => {
    const { tool, created } = await tools.register(request.actor, request.body);
    return reply.code(created ? 201 : 200).send(tool);
  });
}
