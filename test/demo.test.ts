import { describe, expect, it } from 'vitest';
import { warrant } from './cli-spawn.ts';

describe('warrant demo', () => {
  it('tells the whole story and exits 0', async () => {
    const result = await warrant(['demo'], {});
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('refused, 403 self_approval');
    expect(result.stdout).toContain('plan is approved');
    expect(result.stdout).toMatch(/run [0-9a-f-]{36} ended rolled_back/);
    expect(result.stdout).toMatch(/\d+ events, checkpoint size \d+: ok/);
  }, 90_000);
});
