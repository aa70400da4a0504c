import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../core/logger.ts';
import type { Database } from '../db/connect.ts';
import { openTestDatabase } from '../db/testing.ts';
import type { StepFacts } from './decision.ts';
import { PolicyEngine } from './engine.ts';
import { defaultPolicyText, PolicyService } from './service.ts';

const write: StepFacts = {
  step_id: 's1',
  tool: 'k8s.scale',
  effect: 'write',
  environment: 'dev',
  namespace: 'shop',
  risk: 'low',
  blast_scope: 'namespace',
  services: [],
  teams: [],
};
const decide = (engine: PolicyEngine, version: string) =>
  engine.decideStep({
    policy_version: version,
    actor: { id: 'a1', type: 'agent', roles: ['agent'] },
    plan_id: 'p1',
    step: write,
  }).effect;
// A different text (a comment) is a different version of the same rules.
const variant = (n: number) => `${defaultPolicyText}\n// candidate ${n}\n`;

// Asked with the whole set (no slices, no cache), an emptied parse would show as a deny.
const wholeSet = () => new PolicyEngine({ cacheSize: 0, slicing: false });

describe('unloading policy versions', () => {
  it('keeps a parse that another engine still uses, and parses anew on the next load', () => {
    const [a, b, c] = [wholeSet(), wholeSet(), wholeSet()];
    const text = variant(-1);
    a.load('v', text);
    b.load('v', text);
    a.unload('v');
    expect(a.has('v')).toBe(false);
    expect(decide(b, 'v')).toBe('allow');
    b.unload('v');
    c.load('v', text);
    expect(decide(c, 'v')).toBe('allow');
  });

  it('loads a version again under the same id without losing it', () => {
    const engine = wholeSet();
    engine.load('v', variant(-2));
    engine.load('v', variant(-2));
    expect(decide(engine, 'v')).toBe('allow');
  });
});

describe('candidate policy sets', () => {
  let db: Database;
  let policy: PolicyService;
  beforeAll(async () => {
    db = await openTestDatabase();
    policy = new PolicyService({ db, logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => db.close());

  const acquire = (n: number) => {
    const prepared = policy.acquire(variant(n));
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.errors));
    return prepared.version;
  };

  it('keeps the last 16 unused ones loaded and unloads the older ones', () => {
    const versions = Array.from({ length: 20 }, (_, n) => {
      const version = acquire(n);
      policy.release(version);
      return version;
    });
    expect(versions.map((v) => policy.engine.has(v))).toEqual([
      ...Array(4).fill(false),
      ...Array(16).fill(true),
    ]);
    expect(policy.engine.has(policy.defaultVersion)).toBe(true);
  });

  it('never unloads one in use, nor one that decides for a tenant', () => {
    const held = acquire(100);
    const stored = acquire(101);
    policy.loadVersion(variant(101), stored);
    policy.release(stored);
    for (let n = 200; n < 240; n++) policy.release(acquire(n));
    expect(policy.engine.has(held)).toBe(true);
    expect(decide(policy.engine, held)).toBe('allow');
    expect(policy.engine.has(stored)).toBe(true);
    policy.release(held);
    for (let n = 300; n < 320; n++) policy.release(acquire(n));
    expect(policy.engine.has(held)).toBe(false);
    expect(policy.engine.has(stored)).toBe(true);
  });

  it('refuses an invalid candidate without loading anything', () => {
    const refused = policy.acquire('permit(principal, action, resource) when { resource.nope };');
    expect(refused.ok).toBe(false);
  });
});
