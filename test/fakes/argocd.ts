/**
 * A fake Argo CD API server: list the applications, GET one, PATCH it (ApplicationPatchRequest, merge), POST its sync and
 * rollback. Each operation records an
 * operationState (with the request's infos) and appends to history, as Argo CD does. Health after an
 * operation follows `state.script`: the statuses successive GETs report (the last one sticks); with no
 * script the application is Healthy at once. GET managed-resources answers `state.resources` of an application
 * as Argo CD does (live and target states as JSON strings): its diff.
 */
import type { ArgoApplication } from '../../src/connectors/argocd.ts';
import { mergePatch } from './kubernetes.ts';
import { type FakeRequest, type FakeResponse, type FakeServer, requireBearer, startFake } from './server.ts';

export interface FakeArgoCdState {
  apps: Map<string, ArgoApplication>;
  /** Health statuses an application reports on the GETs after its next operation. */
  script: Map<string, string[]>;
  addApp(name: string, options?: { revision?: string }): ArgoApplication;
  /** By application: the resources it manages, as live in the cluster and as rendered from Git. */
  resources: Map<string, FakeManagedResource[]>;
}

export interface FakeManagedResource {
  kind: string;
  namespace: string;
  name: string;
  live: unknown;
  target: unknown;
}

const APP = '^/api/v1/applications/([^/]+)';

export async function startFakeArgoCD(
  options: { token?: string } = {},
): Promise<FakeServer<FakeArgoCdState>> {
  const pending = new Map<string, string[]>();
  const state: FakeArgoCdState = {
    apps: new Map(),
    script: new Map(),
    resources: new Map(),
    addApp(name, { revision = 'rev-1' } = {}) {
      const app: ArgoApplication = {
        metadata: { name, annotations: {} },
        spec: { source: { helm: { parameters: [] } } },
        status: {
          health: { status: 'Healthy' },
          sync: { status: 'Synced', revision },
          history: [{ id: 0, revision, deployedAt: '2026-01-01T00:00:00Z' }],
        },
      };
      state.apps.set(name, app);
      return app;
    },
  };

  const notFound = (name: string): FakeResponse => ({
    status: 404,
    body: {
      error: `applications.argoproj.io "${name}" not found`,
      code: 5,
      message: `applications.argoproj.io "${name}" not found`,
    },
  });
  /** A write route on one application: the token checked, then the application found. */
  const onApp =
    (handle: (req: FakeRequest, app: ArgoApplication) => FakeResponse) =>
    (req: FakeRequest, [name]: string[]): FakeResponse => {
      const denied = requireBearer(req, options.token);
      if (denied) return denied;
      const app = state.apps.get(name!);
      return app ? handle(req, app) : notFound(name!);
    };

  /** Deploys `revision` as a new history entry and starts the scripted health sequence. */
  function operate(
    app: ArgoApplication,
    revision: string,
    operation: NonNullable<ArgoApplication['status']>['operationState'],
  ) {
    const status = app.status!;
    const history = status.history ?? [];
    const id = Math.max(-1, ...history.map((h) => h.id)) + 1;
    status.history = [...history, { id, revision, deployedAt: new Date().toISOString() }];
    status.sync = { status: 'Synced', revision };
    status.operationState = operation;
    const script = state.script.get(app.metadata.name);
    state.script.delete(app.metadata.name);
    // A new operation starts a new health sequence: a rollback after a Degraded sync turns Healthy.
    pending.delete(app.metadata.name);
    if (script && script.length > 0) pending.set(app.metadata.name, [...script]);
    status.health = { status: script?.[0] ?? 'Healthy' };
  }

  return startFake(state, [
    {
      // Argo CD answers `items: null` when there is no application.
      method: 'GET',
      path: /^\/api\/v1\/applications$/,
      handle: (req) =>
        requireBearer(req, options.token) ?? {
          status: 200,
          body: { metadata: {}, items: state.apps.size === 0 ? null : [...state.apps.values()] },
        },
    },
    {
      method: 'GET',
      path: new RegExp(`${APP}/managed-resources$`),
      handle: (req, [name]) => {
        const denied = requireBearer(req, options.token);
        if (denied) return denied;
        if (!state.apps.has(name!)) return notFound(name!);
        const items = (state.resources.get(name!) ?? []).map((r) => ({
          kind: r.kind,
          namespace: r.namespace,
          name: r.name,
          liveState: JSON.stringify(r.live ?? null),
          targetState: JSON.stringify(r.target ?? null),
        }));
        return { status: 200, body: { items } };
      },
    },
    {
      method: 'GET',
      path: new RegExp(`${APP}$`),
      handle: (req, [name]) => {
        const app = state.apps.get(name!);
        if (!app) return notFound(name!);
        const script = pending.get(name!);
        if (script) {
          const status = script.length > 1 ? script.shift()! : script[0]!;
          app.status!.health = {
            status,
            ...(status === 'Degraded'
              ? { message: 'Deployment "checkout" exceeded its progress deadline' }
              : {}),
          };
        }
        return requireBearer(req, options.token) ?? { status: 200, body: app };
      },
    },
    {
      method: 'PATCH',
      path: new RegExp(`${APP}$`),
      mutating: true,
      handle: onApp((req, app) => {
        const body = (req.body ?? {}) as { patch?: string; patchType?: string };
        if (body.patchType !== 'merge' || !body.patch)
          return { status: 400, body: { message: 'merge patches only' } };
        Object.assign(app, mergePatch(app, JSON.parse(body.patch)));
        return { status: 200, body: app };
      }),
    },
    {
      method: 'POST',
      path: new RegExp(`${APP}/sync$`),
      mutating: true,
      handle: onApp((req, app) => {
        const body = (req.body ?? {}) as { revision?: string; infos?: { name: string; value: string }[] };
        const revision = body.revision ?? app.status?.sync?.revision ?? 'HEAD';
        operate(app, revision, {
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          operation: { info: body.infos, sync: { revision } },
        });
        return { status: 200, body: app };
      }),
    },
    {
      method: 'POST',
      path: new RegExp(`${APP}/rollback$`),
      mutating: true,
      handle: onApp((req, app) => {
        const id = (req.body as { id?: number } | undefined)?.id;
        const entry = app.status?.history?.find((h) => h.id === id);
        if (!entry) {
          return {
            status: 400,
            body: {
              error: `application ${app.metadata.name} does not have deployment id '${id}' in history`,
              code: 3,
              message: `application ${app.metadata.name} does not have deployment id '${id}' in history`,
            },
          };
        }
        operate(app, entry.revision ?? 'HEAD', {
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          operation: { sync: { revision: entry.revision } },
        });
        return { status: 200, body: app };
      }),
    },
  ]);
}
