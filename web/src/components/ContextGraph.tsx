import dagre from '@dagrejs/dagre';
import {
  type PointerEvent as ReactPointerEvent,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { BlastRadius, ContextGraph as Graph } from '../lib/types.ts';

type Kind = 'node' | 'service' | 'team';
interface Box {
  id: string;
  label: string;
  kind: Kind;
  lit: boolean;
  /** The box's centre and size, from the layout. */
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Link {
  id: string;
  from: string;
  to: string;
  label: string;
  owner: boolean;
  points: { x: number; y: number }[];
  labelAt?: { x: number; y: number };
}

const HEIGHT = 40;
/** Enough for a 13px system font; a box is as wide as its whole label, never cut. */
const textWidth = (text: string) => Math.ceil(text.length * 7.6) + 24;
const MARGIN = 24;

/**
 * Lays the graph out left to right with dagre (a layered layout: the fewest crossings it finds): resources,
 * the services they make up and depend on, then the teams that own them.
 */
function layout(graph: Graph, touched: BlastRadius | undefined) {
  const services = new Set(touched?.services);
  const teams = new Set(touched?.teams);
  const boxes = new Map<string, Omit<Box, 'x' | 'y' | 'width' | 'height'>>();
  for (const n of graph.nodes)
    boxes.set(n.node_id, { id: n.node_id, label: `${n.kind}: ${n.name}`, kind: 'node', lit: false });
  // A service node and its service are one box.
  for (const s of graph.services)
    boxes.set(s.service_id, { id: s.service_id, label: s.name, kind: 'service', lit: services.has(s.name) });
  const teamNames = new Set([
    ...graph.services.map((s) => s.owner_team),
    ...graph.nodes.flatMap((n) => n.owner_team ?? []),
  ]);
  for (const team of [...teamNames].sort())
    boxes.set(`team:${team}`, {
      id: `team:${team}`,
      label: `team ${team}`,
      kind: 'team',
      lit: teams.has(team),
    });

  const links = [
    ...graph.edges.map((e) => ({
      id: e.edge_id,
      from: e.from_node_id,
      to: e.to_node_id,
      label: e.relation.replace(/_/g, ' '),
      owner: false,
    })),
    ...graph.services.map((s) => ({
      id: `own:${s.service_id}`,
      from: s.service_id,
      to: `team:${s.owner_team}`,
      label: 'owned by',
      owner: true,
    })),
    ...graph.nodes.flatMap((n) =>
      n.owner_team && !graph.services.some((s) => s.service_id === n.node_id)
        ? [
            {
              id: `own:${n.node_id}`,
              from: n.node_id,
              to: `team:${n.owner_team}`,
              label: 'owned by',
              owner: true,
            },
          ]
        : [],
    ),
  ].filter((link) => boxes.has(link.from) && boxes.has(link.to) && link.from !== link.to);
  // A resource is lit when it links to a lit service: it is how the plan reaches that service.
  for (const link of links) {
    const [from, to] = [boxes.get(link.from)!, boxes.get(link.to)!];
    if (from.kind === 'node' && to.lit && to.kind === 'service') from.lit = true;
  }

  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 90, edgesep: 12, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  for (const box of boxes.values()) g.setNode(box.id, { width: textWidth(box.label), height: HEIGHT });
  for (const link of links)
    g.setEdge(
      link.from,
      link.to,
      // Ownership edges go to the right; named relations carry their name on the line.
      link.owner
        ? { weight: 1, minlen: 1 }
        : { weight: 2, minlen: 1, width: textWidth(link.label) - 16, height: 16, labelpos: 'c' },
      link.id,
    );
  dagre.layout(g);

  const placed: Box[] = [...boxes.values()].map((box) => {
    const node = g.node(box.id);
    return { ...box, x: node.x ?? 0, y: node.y ?? 0, width: node.width, height: node.height };
  });
  const routed: Link[] = links.map((link) => {
    const edge = g.edge(link.from, link.to, link.id);
    return {
      ...link,
      points: edge?.points ?? [],
      ...(edge && !link.owner && edge.x !== undefined && edge.y !== undefined
        ? { labelAt: { x: edge.x, y: edge.y } }
        : {}),
    };
  });
  const size = g.graph();
  return { boxes: placed, links: routed, width: size.width ?? 0, height: size.height ?? 0 };
}

/** A smooth line through dagre's points (quadratic curves between the midpoints). */
function path(points: { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  if (!first) return '';
  if (rest.length === 1) return `M${first.x},${first.y} L${rest[0]!.x},${rest[0]!.y}`;
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const [p, q] = [rest[i]!, rest[i + 1]!];
    const mid = i === rest.length - 2 ? q : { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
    d += ` Q${p.x},${p.y} ${mid.x},${mid.y}`;
  }
  return d;
}

interface View {
  x: number;
  y: number;
  k: number;
}
const MIN_ZOOM = 0.2;
const MAX_ZOOM = 3;
const clamp = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

/**
 * The context graph, laid out by dagre, in a viewport that pans (drag, arrow keys) and zooms (wheel, +/−, the
 * buttons). It opens fitted: every resource, service and team in view, none cut off.
 */
export function ContextGraph({ graph, touched }: { graph: Graph; touched?: BlastRadius }) {
  const { boxes, links, width, height } = useMemo(() => layout(graph, touched), [graph, touched]);
  const viewport = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const drag = useRef<{ id: number; x: number; y: number } | undefined>(undefined);

  const fitView = useCallback(() => {
    const el = viewport.current;
    if (!el || width === 0 || height === 0) return;
    const [w, h] = [el.clientWidth, el.clientHeight];
    const k = clamp(Math.min(1, w / width, h / height));
    setView({ k, x: (w - width * k) / 2, y: (h - height * k) / 2 });
  }, [width, height]);

  // Fitted on the first draw, and again when the graph or the viewport's size changes.
  useEffect(() => {
    fitView();
    const el = viewport.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => fitView());
    observer.observe(el);
    return () => observer.disconnect();
  }, [fitView]);

  /** Zooms by `factor` about a point of the viewport (its centre by default), so that point stays put. */
  const zoom = useCallback((factor: number, at?: { x: number; y: number }) => {
    const el = viewport.current;
    const point = at ?? { x: (el?.clientWidth ?? 0) / 2, y: (el?.clientHeight ?? 0) / 2 };
    setView((v) => {
      const k = clamp(v.k * factor);
      return { k, x: point.x - ((point.x - v.x) * k) / v.k, y: point.y - ((point.y - v.y) * k) / v.k };
    });
  }, []);

  // The wheel zooms the graph, not the page: a listener that may prevent the default must not be passive.
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = el.getBoundingClientRect();
      zoom(Math.exp(-event.deltaY * 0.0015), { x: event.clientX - rect.left, y: event.clientY - rect.top });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoom]);

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const from = drag.current;
    if (!from || from.id !== event.pointerId) return;
    const [dx, dy] = [event.clientX - from.x, event.clientY - from.y];
    drag.current = { ...from, x: event.clientX, y: event.clientY };
    setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (drag.current?.id === event.pointerId) drag.current = undefined;
  };
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const step = 40;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [step, 0],
      ArrowRight: [-step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const move = moves[event.key];
    if (move) setView((v) => ({ ...v, x: v.x + move[0], y: v.y + move[1] }));
    else if (event.key === '+' || event.key === '=') zoom(1.25);
    else if (event.key === '-') zoom(0.8);
    else if (event.key === '0') fitView();
    else return;
    event.preventDefault();
  };

  return (
    <div className="graph-view">
      <div className="graph-tools" role="toolbar" aria-label="Graph view">
        <button type="button" onClick={() => zoom(1.25)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoom(0.8)} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={fitView}>
          Fit
        </button>
        <span className="muted zoom-level" aria-live="polite">
          {Math.round(view.k * 100)}%
        </span>
        <span className="muted hint">Drag to pan, wheel or +/− to zoom, 0 to fit.</span>
      </div>
      <div
        className="graph-viewport"
        // As tall as the graph is for its width, within the CSS bounds: no band of empty space on a phone.
        style={{ aspectRatio: `${Math.max(width, 1)} / ${Math.max(height, 1)}` }}
        role="application"
        aria-label="Context graph view: arrow keys pan, + and − zoom, 0 fits"
        ref={viewport}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: an application region: the arrow keys pan it.
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onKeyDown={onKeyDown}
      >
        <svg className="graph" role="img" aria-labelledby="graph-title">
          <title id="graph-title">
            Context graph: {graph.nodes.length} resources, {graph.services.length} services, {links.length}{' '}
            links
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
          <g className="graph-content" transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
            {links.map((link) => {
              const [a, b] = [boxes.find((x) => x.id === link.from), boxes.find((x) => x.id === link.to)];
              const lit = a?.lit && b?.lit;
              return (
                <g key={link.id}>
                  <path
                    d={path(link.points)}
                    className={`edge${link.owner ? ' owner' : ''}${lit ? ' lit' : ''}`}
                    markerEnd="url(#arrow)"
                  >
                    <title>{`${a?.label} ${link.label} ${b?.label}`}</title>
                  </path>
                  {link.labelAt && (
                    <text
                      className="edge-label"
                      x={link.labelAt.x}
                      y={link.labelAt.y + 4}
                      textAnchor="middle"
                    >
                      {link.label}
                    </text>
                  )}
                </g>
              );
            })}
            {boxes.map((box) => (
              <g
                key={box.id}
                className={`box ${box.kind}${box.lit ? ' lit' : ''}`}
                data-id={box.id}
                transform={`translate(${box.x - box.width / 2},${box.y - box.height / 2})`}
              >
                <rect width={box.width} height={box.height} rx={6} />
                <text x={box.width / 2} y={box.height / 2 + 5} textAnchor="middle">
                  {box.label}
                </text>
              </g>
            ))}
          </g>
        </svg>
      </div>
      <p className="legend">
        <span className="swatch node" aria-hidden="true" /> resource
        <span className="swatch service" aria-hidden="true" /> service
        <span className="swatch team" aria-hidden="true" /> owning team
        <span className="swatch lit" aria-hidden="true" /> touched by the selected plan
      </p>
    </div>
  );
}
