/**
 * A fake Grafana annotations API: POST /api/annotations, GET /api/annotations?tags=&limit=, DELETE
 * /api/annotations/{id}; a request without the service-account bearer token is refused with Grafana's 401 body.
 */
import { type FakeServer, startFake } from './server.ts';

interface FakeAnnotation {
  id: number;
  dashboardUID?: string;
  panelId?: number;
  time: number;
  timeEnd: number;
  tags: string[];
  text: string;
}

export interface FakeGrafanaState {
  annotations: Map<number, FakeAnnotation>;
}

export async function startFakeGrafana(token: string): Promise<FakeServer<FakeGrafanaState>> {
  const state: FakeGrafanaState = { annotations: new Map() };
  let ids = 0;
  const authorized = (headers: Record<string, unknown>) => headers.authorization === `Bearer ${token}`;
  const unauthorized = { status: 401, body: { message: 'Unauthorized', messageId: 'auth.unauthorized' } };
  return startFake(state, [
    {
      method: 'POST',
      path: /^\/api\/annotations$/,
      handle: (req) => {
        if (!authorized(req.headers)) return unauthorized;
        const body = req.body as Partial<FakeAnnotation> | undefined;
        if (!body?.text) return { status: 400, body: { message: 'text field is required' } };
        const time = body.time ?? Date.now();
        const annotation = { ...body, id: ++ids, time, timeEnd: body.timeEnd ?? time, tags: body.tags ?? [] };
        state.annotations.set(annotation.id, annotation as FakeAnnotation);
        return { status: 200, body: { message: 'Annotation added', id: annotation.id } };
      },
    },
    {
      method: 'GET',
      path: /^\/api\/annotations$/,
      handle: (req) => {
        if (!authorized(req.headers)) return unauthorized;
        const tags = req.query.getAll('tags');
        const limit = Number(req.query.get('limit') ?? 100);
        const found = [...state.annotations.values()].filter((a) => tags.every((t) => a.tags.includes(t)));
        return { status: 200, body: found.slice(0, limit) };
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/annotations\/(\d+)$/,
      handle: (req, [id]) => {
        if (!authorized(req.headers)) return unauthorized;
        if (!state.annotations.delete(Number(id)))
          return { status: 404, body: { message: 'Could not find annotation to update' } };
        return { status: 200, body: { message: 'Annotation deleted' } };
      },
    },
  ]);
}
