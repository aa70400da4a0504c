import { useId } from 'react';
import { ContextGraph } from '../components/ContextGraph.tsx';
import { Problem } from '../components/Problem.tsx';
import { getJson } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import { navigate, type Route } from '../lib/router.ts';
import type { ContextGraph as Graph, Plan } from '../lib/types.ts';

export function GraphPage({ route }: { route: Route }) {
  const planId = route.query.get('plan') ?? '';
  const graph = useLoad(() => getJson<Graph>('/v1/context/graph'), []);
  const plans = useLoad(() => getJson<{ items: Plan[] }>('/v1/plans?limit=100'), []);
  const selected = useLoad(
    () => (planId ? getJson<Plan>(`/v1/plans/${planId}`) : Promise.resolve(undefined)),
    [planId],
  );
  const selectId = useId();
  const plan = selected.data;
  const touched = plan?.decision.risk.blast_radius;
  return (
    <div className="page">
      <h1>Context graph</h1>
      <p>
        <label htmlFor={selectId}>Highlight what a plan touches </label>
        <select
          id={selectId}
          value={planId}
          onChange={(e) => navigate(e.target.value ? `/graph?plan=${e.target.value}` : '/graph')}
        >
          <option value="">no plan</option>
          {plans.data?.items.map((p) => (
            <option key={p.id} value={p.id}>
              {p.summary} ({p.status.replace(/_/g, ' ')}, {p.id.slice(0, 8)})
            </option>
          ))}
        </select>
      </p>
      <Problem error={graph.error ?? plans.error ?? selected.error} />
      {touched && (
        <p role="status">
          <a href={`/plans/${plan.id}`}>{plan.summary}</a> touches services{' '}
          <strong>{touched.services.join(', ') || 'none known'}</strong>, owned by teams{' '}
          <strong>{touched.teams.join(', ') || 'none known'}</strong> ({touched.scope} scope).
        </p>
      )}
      {graph.data &&
        (graph.data.services.length + graph.data.nodes.length === 0 ? (
          <p className="muted">
            The context graph is empty: add services, nodes and edges through /v1/context.
          </p>
        ) : (
          <ContextGraph graph={graph.data} touched={touched} />
        ))}
    </div>
  );
}
