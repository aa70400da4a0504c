// not in the contract yet: a step's rollback (plans/plan-schema.ts's RollbackSpecSchema)
interface RollbackSpec {
  type: 'argo' | 'scale' | 'custom' | 'undo';
  steps: string[];
}

const HOW: Record<RollbackSpec['type'], string> = {
  argo: 'Argo CD syncs the application back to its previous revision',
  scale: 'the workload is scaled back to the replicas it had before',
  undo: "the tool's own undo runs through its connector",
  custom: 'the steps below are run',
};

const isSpec = (value: unknown): value is RollbackSpec =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as RollbackSpec).type === 'string' &&
  Array.isArray((value as RollbackSpec).steps);

/** A step's rollback in words: how, then its own steps; said plainly when there is none. */
export function Rollback({ spec }: { spec: unknown }) {
  if (!spec) return <p className="muted rollback">No rollback declared: a failure here is not undone.</p>;
  if (!isSpec(spec)) return <p className="muted rollback">Rollback: {JSON.stringify(spec)}</p>;
  return (
    <div className="rollback">
      <p className="muted">If this step fails: {HOW[spec.type] ?? spec.type}.</p>
      {spec.steps.length > 0 && (
        <ol className="small">
          {spec.steps.map((step, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the steps are fixed text, in order.
            <li key={index}>{step}</li>
          ))}
        </ol>
      )}
    </div>
  );
}
