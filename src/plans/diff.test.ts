import { describe, expect, it } from 'vitest';
import { changeLine, explain, rollbackText, type StepDiff } from './diff.ts';

const previewed = (step_id: string, changes: StepDiff['changes'] = []): Omit<StepDiff, 'rollback'> => ({
  step_id,
  tool: 'k8s.scale',
  action: step_id,
  status: 'previewed',
  connector: 'kubernetes',
  method: changes.length > 0 ? 'dry_run' : 'read_only',
  changes,
  notes: [],
  reason: null,
});

describe('the diff in words', () => {
  it('writes a change as resource, field, before → after', () => {
    expect(changeLine({ resource: 'deployment/shop/checkout', field: 'replicas', before: 2, after: 6 })).toBe(
      'deployment/shop/checkout replicas 2 → 6',
    );
    expect(changeLine({ resource: 'secret/shop/db', field: 'vault version', before: null, after: 3 })).toBe(
      'secret/shop/db vault version none → 3',
    );
  });

  it('says how each kind of rollback undoes its step', () => {
    const replicas = [{ resource: 'deployment/shop/cart', field: 'replicas', before: 2, after: 4 }];
    expect(rollbackText({ tool: 'k8s.scale', rollback: { type: 'scale', steps: [] } }, replicas)).toBe(
      'scaled back to 2 replicas',
    );
    expect(rollbackText({ tool: 'k8s.scale', rollback: { type: 'scale', steps: [] } }, [])).toBe(
      'scaled back to its previous replica count',
    );
    expect(rollbackText({ tool: 'argocd.set_helm_values', rollback: { type: 'argo', steps: [] } }, [])).toBe(
      'its previous Helm parameters are put back',
    );
    expect(rollbackText({ tool: 'vault.kv_put', rollback: { type: 'undo', steps: [] } }, [])).toBe(
      "undone by its connector (vault.kv_put's own undo)",
    );
    expect(rollbackText({ tool: 'prometheus.query', rollback: { type: 'custom', steps: [] } }, [])).toBe(
      'nothing to undo (declared)',
    );
    expect(rollbackText({ tool: 'k8s.wait_ready' }, [])).toBe(
      'not undone: the plan declares no rollback for it',
    );
  });

  it('says for each step what a failure there runs, as the run machine would', () => {
    const diff = explain(
      'p',
      1,
      'h',
      [
        { step_id: 'scale', tool: 'k8s.scale', rollback: { type: 'scale', steps: [] } },
        { step_id: 'wait', tool: 'k8s.wait_ready' },
      ],
      [
        previewed('scale', [{ resource: 'deployment/shop/cart', field: 'replicas', before: 2, after: 4 }]),
        previewed('wait'),
      ],
    );
    expect(diff.summary).toEqual(['scale: deployment/shop/cart replicas 2 → 4', 'wait: changes nothing']);
    expect(diff.rollback).toBe('Undone in reverse order of completion: scale — scaled back to 2 replicas.');
    expect(diff.on_failure).toBe(
      'If scale fails: nothing has run before it; the run ends failed. ' +
        'If wait fails: scale is undone (scaled back to 2 replicas); the run ends rolled_back.',
    );
  });
});
