import { explain } from '../lib/api.ts';

/** A refusal or failure, said plainly and announced to screen readers. */
export function Problem({ error }: { error: unknown }) {
  if (error === undefined) return null;
  return (
    <p className="problem" role="alert">
      {explain(error)}
    </p>
  );
}
