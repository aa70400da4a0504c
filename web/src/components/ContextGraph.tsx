import type { BlastRadius, ContextGraph as Graph } from '../lib/types.ts';

type Kind = 'node' | 'service' | 'team';
interface Box {
  id: string;
  label: string;
  kind: Kind;
  x: number;
  y: number;
  lit: boolean;
}

const W = 180;
const H = 40;
const COLUMN = 260;
const ROW = 58;
const COLUMNS: Kind[] = ['node', 'service', 'team'];

/** Three columns, left to right: resources, the services they make up, the teams that own them. */
function layout(graph: Graph, touched: BlastRadius | undefined) {
  const services = new Set(touched?.services);
  const teams = new Set(touched?.teams);
  const items: Omit<Box, 'x' | 'y'>[] = [
    ...graph.nodes.map((n) => ({
      id: n.node_id,
      label: `${n.kind}: ${n.name}`,
      kind: 'node' as const,
      lit: false,
    })),
    ...graph.services.map((s) => ({
      id: s.service_id,
      label: s.name,
      kind: 'service' as const,
      lit: services.has(s.name),
    })),
    ...[
      ...new Set([
        ...graph.services.map((s) => s.owner_team),
        ...graph.nodes.flatMap((n) => n.owner_team ?? []),
      ]),
    ]
      .sort()
      .map((team) => ({
        id: `team:${team}`,
        label: `team ${team}`,
        kind: 'team' as const,
        lit: teams.has(team),
      })),
  ];
  const boxes = new Map<string, Box>();
  for (const kind of COLUMNS) {
    items
      .filter((item) => item.kind === kind)
      .forEach((item, row) => {
        boxes.set(item.id, { ...item, x: 20 + COLUMNS.indexOf(kind) * COLUMN, y: 40 + row * ROW });
      });
  }
  const links = [
    ...graph.edges.map((e) => ({ id: e.edge_id, from: e.from_node_id, to: e.to_node_id, label: e.relation })),
    ...graph.services.map((s) => ({
      id: `own:${s.service_id}`,
      from: s.service_id,
      to: `team:${s.owner_team}`,
      label: 'owned by',
    })),
    ...graph.nodes.flatMap((n) =>
      n.owner_team
        ? [{ id: `own:${n.node_id}`, from: n.node_id, to: `team:${n.owner_team}`, label: 'owned by' }]
        : [],
    ),
  ].filter((link) => boxes.has(link.from) && boxes.has(link.to));
  // A resource is lit when it links to a lit service: it is how the plan reaches that service.
  for (const link of links) {
    const [from, to] = [boxes.get(link.from)!, boxes.get(link.to)!];
    if (from.kind === 'node' && to.lit && to.kind === 'service') from.lit = true;
  }
  return { boxes: [...boxes.values()], links, boxesById: boxes };
}

function path(a: Box, b: Box): string {
  const [x1, y1] = [a.x + W, a.y + H / 2];
  const [x2, y2] = a.x === b.x ? [b.x + W, b.y + H / 2] : [b.x, b.y + H / 2];
  const bend = a.x === b.x ? x1 + 50 : (x1 + x2) / 2;
  return `M${x1},${y1} C${bend},${y1} ${bend},${y2} ${x2},${y2}`;
}

export function ContextGraph({ graph, touched }: { graph: Graph; touched?: BlastRadius }) {
  const { boxes, links, boxesById } = layout(graph, touched);
  const rows = Math.max(1, ...COLUMNS.map((kind) => boxes.filter((b) => b.kind === kind).length));
  const width = 20 + COLUMNS.length * COLUMN - (COLUMN - W) + 20;
  const height = 40 + rows * ROW + 10;
  return (
    <svg
      className="graph"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby="graph-title"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id="graph-title">
        Context graph: {graph.nodes.length} resources, {graph.services.length} services, {links.length} links
      </title>
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" className="arrowhead" />
        </marker>
      </defs>
      {COLUMNS.map((kind, i) => (
        <text key={kind} x={20 + i * COLUMN} y={22} className="column-title">
          {kind === 'node' ? 'Resources' : kind === 'service' ? 'Services' : 'Owners'}
        </text>
      ))}
      {links.map((link) => {
        const [a, b] = [boxesById.get(link.from)!, boxesById.get(link.to)!];
        return (
          <path
            key={link.id}
            d={path(a, b)}
            className={a.lit && b.lit ? 'edge lit' : 'edge'}
            markerEnd="url(#arrow)"
          >
            <title>{`${a.label} ${link.label} ${b.label}`}</title>
          </path>
        );
      })}
      {boxes.map((box) => (
        <g
          key={box.id}
          className={`box ${box.kind}${box.lit ? ' lit' : ''}`}
          transform={`translate(${box.x},${box.y})`}
        >
          <rect width={W} height={H} rx={6} />
          <text x={10} y={H / 2 + 5}>
            {box.label.length > 24 ? `${box.label.slice(0, 23)}…` : box.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
