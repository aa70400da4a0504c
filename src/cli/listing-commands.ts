import type { Command } from 'commander';
import { api, clientSettings } from './client.ts';
import { actorNames, type NameOf, pairs, printJson, short, table, when, write } from './output.ts';

interface ExceptionView {
  id: string;
  type: string;
  status: 'open' | 'resolved';
  actor_id: string;
  plan_id?: string;
  run_id?: string;
  reason?: string;
  details: Record<string, unknown>;
  raised_at: string;
  resolution?: { text: string; reviewer_id: string; at: string };
}

interface ScheduleView {
  id: string;
  name: string;
  cron: string;
  timezone: string;
  plan: { summary?: string };
  created_by: string;
  created_at: string;
  last_fired_at: string | null;
  last_plan_id: string | null;
  last_error: { code: string; detail: string } | null;
}

interface ContextGraph {
  services: {
    service_id: string;
    name?: string;
    owner_team?: string;
    environments?: string[];
    argo_apps?: string[];
    helm_releases?: string[];
  }[];
  nodes: {
    node_id: string;
    kind: string;
    name: string;
    labels: Record<string, string>;
    owner_team?: string;
  }[];
  edges: { edge_id: string; from_node_id: string; to_node_id: string; relation: string }[];
}

/** An exception as its reviewer reads it. */
export function describeException(e: ExceptionView, nameOf: NameOf): string {
  const lines = [
    `exception ${e.id}  ${e.type}  ${e.status}`,
    `  raised:   ${when(e.raised_at)} by ${nameOf(e.actor_id)}`,
    ...(e.plan_id ? [`  plan:     ${e.plan_id}`] : []),
    ...(e.run_id ? [`  run:      ${e.run_id}`] : []),
    ...(e.reason ? [`  reason:   ${e.reason}`] : []),
    ...(Object.keys(e.details).length > 0 ? [`  details:  ${pairs(e.details)}`] : []),
    e.resolution
      ? `  resolved: ${when(e.resolution.at)} by ${nameOf(e.resolution.reviewer_id)}: ${e.resolution.text}`
      : `  open: resolve it with warrant exceptions resolve ${e.id} --resolution "<what was done>"`,
  ];
  return `${lines.join('\n')}\n`;
}

const list = (values: readonly string[] | undefined) =>
  values && values.length > 0 ? values.join(', ') : '-';

/** The context graph as a listing: services, then nodes, then edges by name. */
export function describeGraph(graph: ContextGraph): string {
  const label = new Map(graph.nodes.map((node) => [node.node_id, `${node.kind} ${node.name}`]));
  const node = (id: string) => (label.has(id) ? `${id} (${label.get(id)})` : id);
  return [
    `services (${graph.services.length})\n`,
    table(
      ['  SERVICE', 'NAME', 'TEAM', 'ENVIRONMENTS', 'ARGO CD APPS', 'HELM RELEASES'],
      graph.services.map((s) => [
        `  ${s.service_id}`,
        s.name ?? '-',
        s.owner_team ?? '-',
        list(s.environments),
        list(s.argo_apps),
        list(s.helm_releases),
      ]),
      '  (none)',
    ),
    `nodes (${graph.nodes.length})\n`,
    table(
      ['  NODE', 'KIND', 'NAME', 'TEAM', 'LABELS'],
      graph.nodes.map((n) => [`  ${n.node_id}`, n.kind, n.name, n.owner_team ?? '-', pairs(n.labels) || '-']),
      '  (none)',
    ),
    `edges (${graph.edges.length})\n`,
    graph.edges.length === 0
      ? '  (none)\n'
      : `${graph.edges.map((e) => `  ${node(e.from_node_id)} --${e.relation}--> ${node(e.to_node_id)}`).join('\n')}\n`,
  ].join('');
}

/** `warrant exceptions …`, `warrant schedules` and `warrant context`. */
export function registerListingCommands(program: Command): void {
  const exceptions = program
    .command('exceptions')
    .description('exceptions to review: unapproved attempts, break glass runs, approvals that expired');
  exceptions
    .command('list')
    .option('--status <status>', 'open or resolved')
    .option('--type <type>', 'unapproved_attempt, break_glass or approval_expired')
    .option('--plan <plan-id>', 'the exceptions of one plan')
    .option('--json', 'print the list as JSON')
    .action(async (options: { status?: string; type?: string; plan?: string; json?: boolean }) => {
      const settings = clientSettings();
      const query = new URLSearchParams({
        ...(options.status ? { status: options.status } : {}),
        ...(options.type ? { type: options.type } : {}),
        ...(options.plan ? { plan_id: options.plan } : {}),
      }).toString();
      const { items } = await api<{ items: ExceptionView[] }>(
        settings,
        'GET',
        `/v1/exceptions${query ? `?${query}` : ''}`,
      );
      if (options.json) return printJson({ items });
      const nameOf = await actorNames(settings);
      write(
        table(
          ['EXCEPTION', 'TYPE', 'STATUS', 'RAISED', 'BY', 'PLAN', 'REASON'],
          items.map((e) => [
            e.id,
            e.type,
            e.status,
            when(e.raised_at),
            nameOf(e.actor_id),
            short(e.plan_id),
            e.reason ?? '',
          ]),
          'no exceptions',
        ),
      );
    });
  exceptions
    .command('show <id>')
    .option('--json', 'print the exception as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const settings = clientSettings();
      const view = await api<ExceptionView>(settings, 'GET', `/v1/exceptions/${encodeURIComponent(id)}`);
      if (options.json) printJson(view);
      else write(describeException(view, await actorNames(settings)));
    });
  exceptions
    .command('resolve <id>')
    .description('close an exception with what was found or done (audited)')
    .requiredOption('--resolution <text>', 'what was found or done')
    .option('--json', 'print the exception as JSON')
    .action(async (id: string, options: { resolution: string; json?: boolean }) => {
      const settings = clientSettings();
      const view = await api<ExceptionView>(
        settings,
        'POST',
        `/v1/exceptions/${encodeURIComponent(id)}/resolve`,
        { resolution: options.resolution },
      );
      if (options.json) printJson(view);
      else write(describeException(view, await actorNames(settings)));
    });

  program
    .command('schedules')
    .description('the scheduled plans: when each fires and what it last did')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }) => {
      const settings = clientSettings();
      const { items } = await api<{ items: ScheduleView[] }>(settings, 'GET', '/v1/schedules');
      if (options.json) return printJson({ items });
      const nameOf = await actorNames(settings);
      write(
        table(
          ['SCHEDULE', 'NAME', 'CRON', 'TIMEZONE', 'BY', 'LAST FIRED', 'LAST PLAN', 'LAST ERROR'],
          items.map((s) => [
            s.id,
            s.name,
            s.cron,
            s.timezone,
            nameOf(s.created_by),
            when(s.last_fired_at),
            short(s.last_plan_id),
            s.last_error ? `${s.last_error.detail} (${s.last_error.code})` : '',
          ]),
          'no schedules',
        ),
      );
    });

  const context = program
    .command('context')
    .description('the context graph policy decides with: services, nodes and what depends on what')
    .option('--json', 'print the graph as JSON')
    .action(async (options: { json?: boolean }) => {
      const graph = await api<ContextGraph>(clientSettings(), 'GET', '/v1/context/graph');
      if (options.json) printJson(graph);
      else write(describeGraph(graph));
    });
  context
    .command('refresh')
    .description('read the live sources (Kubernetes, the demo cluster) into the graph; records a snapshot')
    .option('--source <name...>', 'only these sources (connector names, e.g. kubernetes)')
    .option('--json', 'print the snapshot as JSON')
    .action(async (options: { source?: string[]; json?: boolean }) => {
      const body = options.source ? { sources: options.source } : {};
      const snapshot = await api<SnapshotView>(clientSettings(), 'POST', '/v1/context/refresh', body);
      if (options.json) return printJson(snapshot);
      write(`snapshot ${snapshot.id}  graph ${snapshot.graph_hash.slice(0, 12)}\n`);
      write(describeSnapshotCounts([snapshot]));
    });
  context
    .command('snapshots')
    .description('the refreshes of the graph, newest first')
    .option('--json', 'print them as JSON')
    .action(async (options: { json?: boolean }) => {
      const { items } = await api<{ items: SnapshotView[] }>(
        clientSettings(),
        'GET',
        '/v1/context/snapshots',
      );
      if (options.json) return printJson(items);
      write(
        items.length === 0
          ? 'no snapshots yet: `warrant context refresh` takes one\n'
          : describeSnapshotCounts(items),
      );
    });
}

interface SnapshotView {
  id: string;
  taken_at: string;
  taken_by: string;
  sources: string[];
  graph_hash: string;
  counts: Record<string, { nodes: number; edges: number; removed_nodes: number; removed_edges: number }>;
}

/** One line per snapshot and source: what it added or changed, and what it removed. */
function describeSnapshotCounts(snapshots: readonly SnapshotView[]): string {
  const rows = snapshots.flatMap((s) =>
    Object.entries(s.counts).map(([source, c]) => [
      short(s.id),
      when(s.taken_at),
      source,
      `${c.nodes} nodes, ${c.edges} edges`,
      `${c.removed_nodes} nodes, ${c.removed_edges} edges`,
    ]),
  );
  return table(['snapshot', 'taken', 'source', 'added or changed', 'removed'], rows);
}
