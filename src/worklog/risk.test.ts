import { describe, expect, it } from 'vitest';
import { assessReviewRisk, SIZE_HIGH, SIZE_MED } from './risk.ts';

const file = (filename: string, additions = 5, deletions = 0) => ({ filename, additions, deletions });

describe('review risk', () => {
  it('is Low for a small change to ordinary code', () => {
    expect(assessReviewRisk([file('src/app.ts'), file('README.md')], 'normal').level).toBe('Low');
  });

  it('rises with the paths touched', () => {
    expect(assessReviewRisk([file('db/migrations/0003.sql')], 'normal').level).toBe('Med');
    expect(assessReviewRisk([file('src/auth/session.ts')], 'normal').level).toBe('Med');
    expect(assessReviewRisk([file('.github/workflows/ci.yml')], 'normal').level).toBe('High');
    const infra = assessReviewRisk([file('infra/main.tf'), file('src/x.ts')], 'normal');
    expect(infra).toMatchObject({ level: 'High', reasons: [expect.stringContaining('infra/main.tf')] });
  });

  it('rises with size', () => {
    expect(assessReviewRisk([file('src/a.ts', SIZE_MED - 1)], 'normal').level).toBe('Low');
    expect(assessReviewRisk([file('src/a.ts', SIZE_MED / 2, SIZE_MED / 2)], 'normal').level).toBe('Med');
    expect(assessReviewRisk([file('src/a.ts', SIZE_HIGH)], 'normal').level).toBe('High');
  });

  it('rises one level in a high-sensitivity repository, never past High', () => {
    expect(assessReviewRisk([file('src/a.ts')], 'high').level).toBe('Med');
    expect(assessReviewRisk([file('.github/workflows/ci.yml')], 'high').level).toBe('High');
  });
});
