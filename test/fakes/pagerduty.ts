/**
 * A fake PagerDuty REST API v2: GET/PUT /incidents/{id}, GET/POST /incidents/{id}/notes. As PagerDuty does, it
 * refuses a request without `Authorization: Token token=…` (401) or, on a change, without a `From` email (400
 * with PagerDuty's error body), and an unknown incident with 404.
 */
import { randomUUID } from 'node:crypto';
import { type FakeServer, startFake } from './server.ts';

interface FakeIncident {
  id: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  title: string;
  html_url: string;
  notes: { id: string; content: string; user: { summary: string } }[];
}

export interface FakePagerDutyState {
  incidents: Map<string, FakeIncident>;
}

const error = (status: number, message: string, errors: string[] = []) => ({
  status,
  body: { error: { message, code: status === 404 ? 2100 : 2001, errors } },
});

export async function startFakePagerDuty(token: string): Promise<FakeServer<FakePagerDutyState>> {
  const state: FakePagerDutyState = { incidents: new Map() };
  const check = (headers: Record<string, unknown>, changing: boolean) => {
    if (headers.authorization !== `Token token=${token}`) return error(401, 'Unauthorized');
    if (changing && !/^[^@\s]+@[^@\s]+$/.test(String(headers.from ?? '')))
      return error(400, 'Invalid Input Provided', ['From header is required and must be a valid email']);
    return undefined;
  };
  const view = ({ notes: _notes, ...incident }: FakeIncident) => ({ ...incident, type: 'incident' });
  return startFake(state, [
    {
      method: 'GET',
      path: /^\/incidents\/([^/]+)$/,
      handle: (req, [id]) => {
        const incident = state.incidents.get(id!);
        return (
          check(req.headers, false) ??
          (incident ? { status: 200, body: { incident: view(incident) } } : error(404, 'Not Found'))
        );
      },
    },
    {
      method: 'PUT',
      path: /^\/incidents\/([^/]+)$/,
      handle: (req, [id]) => {
        const refused = check(req.headers, true);
        if (refused) return refused;
        const incident = state.incidents.get(id!);
        if (!incident) return error(404, 'Not Found');
        const status = (req.body as { incident?: { status?: string } })?.incident?.status;
        if (status !== 'acknowledged' && status !== 'resolved')
          return error(400, 'Invalid Input Provided', ['Status is not valid']);
        if (incident.status === 'resolved')
          return error(400, 'Invalid Input Provided', ['Incident Already Resolved']);
        incident.status = status;
        return { status: 200, body: { incident: view(incident) } };
      },
    },
    {
      method: 'GET',
      path: /^\/incidents\/([^/]+)\/notes$/,
      handle: (req, [id]) => {
        const incident = state.incidents.get(id!);
        return (
          check(req.headers, false) ??
          (incident ? { status: 200, body: { notes: incident.notes } } : error(404, 'Not Found'))
        );
      },
    },
    {
      method: 'POST',
      path: /^\/incidents\/([^/]+)\/notes$/,
      handle: (req, [id]) => {
        const refused = check(req.headers, true);
        if (refused) return refused;
        const incident = state.incidents.get(id!);
        if (!incident) return error(404, 'Not Found');
        const content = (req.body as { note?: { content?: string } })?.note?.content;
        if (!content) return error(400, 'Invalid Input Provided', ['Content cannot be empty']);
        const note = { id: randomUUID(), content, user: { summary: String(req.headers.from) } };
        incident.notes.push(note);
        return { status: 201, body: { note } };
      },
    },
  ]);
}
