import type { CallContext, ConnectorRegistry } from '../connectors/connector.ts';

export interface PreconditionResult {
  text: string;
  /** False for free-text preconditions: recorded with the step, not machine-checked. */
  checked: boolean;
  ok: boolean;
  detail: string;
}

/**
 * Machine-checkable preconditions:
 *   `promql: <query> <op> <number>` — the first sample of the instant query compared (<, <=, >, >=, ==, !=);
 *   `k8s: deployment/<namespace>/<name> ready` — every desired replica is ready.
 * Anything else is a note for the approver, kept with the step's record.
 */
const PROMQL = /^promql:\s*(.+?)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/s;
const K8S_READY = /^k8s:\s*(deployment\/[^\s/]+\/[^\s/]+)\s+ready\s*$/;

const compare: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

export async function checkPreconditions(
  preconditions: readonly string[],
  connectors: ConnectorRegistry,
  ctx: CallContext,
): Promise<PreconditionResult[]> {
  const results: PreconditionResult[] = [];
  for (const text of preconditions) {
    const promql = PROMQL.exec(text);
    const k8s = K8S_READY.exec(text);
    try {
      if (promql) {
        const [, query, op, threshold] = promql;
        const { result } = await connectors.forEvidence('promql').collect!(
          { type: 'promql', query: query! },
          ctx,
        );
        const value = firstSample(result);
        if (value === undefined)
          results.push({ text, checked: true, ok: false, detail: 'the query returned no sample' });
        else {
          const ok = compare[op!]!(value, Number(threshold));
          results.push({
            text,
            checked: true,
            ok,
            detail: `value ${value} ${ok ? 'meets' : 'fails'} ${op} ${threshold}`,
          });
        }
      } else if (k8s) {
        const { result } = await connectors.forEvidence('k8s').collect!({ type: 'k8s', query: k8s[1]! }, ctx);
        // The `k8s` evidence body (deploymentStatus): desired against ready replicas.
        const status = result as { desired_replicas?: number; ready_replicas?: number };
        const ok = (status.ready_replicas ?? 0) >= (status.desired_replicas ?? 0);
        results.push({
          text,
          checked: true,
          ok,
          detail: `${status.ready_replicas ?? 0}/${status.desired_replicas ?? 0} replicas ready`,
        });
      } else {
        results.push({
          text,
          checked: false,
          ok: true,
          detail: 'recorded for the approver, not machine-checked',
        });
      }
    } catch (error) {
      results.push({
        text,
        checked: true,
        ok: false,
        detail: `could not be checked: ${(error as Error).message}`,
      });
    }
  }
  return results;
}

/** The first sample value in a Prometheus-style result (vector, matrix or scalar), as a number. */
export function firstSample(result: unknown): number | undefined {
  if (Array.isArray(result)) {
    if (result.length === 2 && typeof result[0] === 'number' && typeof result[1] === 'string')
      return Number(result[1]);
    for (const item of result) {
      const found = firstSample(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (result && typeof result === 'object') {
    const record = result as Record<string, unknown>;
    for (const key of ['value', 'values', 'result', 'data']) {
      if (key in record) {
        const found = firstSample(record[key]);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}
