/**
 * The review risk engine: a pull request's riskLevel from the paths it touches, its size and the
 * repository's sensitivity. Low runs on the intent alone; Med and High wait for an approval.
 */
import type { ChangedFile } from '../connectors/github.ts';
import type { RiskLevel } from './schemas.ts';

const LEVELS: readonly RiskLevel[] = ['Low', 'Med', 'High'];

const PATHS: readonly { pattern: RegExp; level: RiskLevel; what: string }[] = [
  { pattern: /(^|\/)\.github\/workflows\//, level: 'High', what: 'CI workflows' },
  { pattern: /(^|\/)(infra|terraform|helm|k8s|deploy)\//, level: 'High', what: 'infrastructure' },
  { pattern: /(^|\/)migrations?\//, level: 'Med', what: 'database migrations' },
  { pattern: /(^|\/)[^/]*auth[^/]*(\/|$)/i, level: 'Med', what: 'authentication' },
  {
    pattern: /(^|\/)(Dockerfile|package\.json|go\.mod|requirements\.txt)$/,
    level: 'Med',
    what: 'build or dependencies',
  },
];

/** Lines changed (additions + deletions) from which a pull request is Med, then High, by size alone. */
export const SIZE_MED = 400;
export const SIZE_HIGH = 1500;

export interface ReviewRisk {
  level: RiskLevel;
  reasons: string[];
}

const max = (a: RiskLevel, b: RiskLevel): RiskLevel => (LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b);

export function assessReviewRisk(files: readonly ChangedFile[], sensitivity: 'normal' | 'high'): ReviewRisk {
  let level: RiskLevel = 'Low';
  const reasons: string[] = [];
  for (const rule of PATHS) {
    const touched = files.filter((f) => rule.pattern.test(f.filename));
    if (touched.length === 0) continue;
    level = max(level, rule.level);
    reasons.push(
      `touches ${rule.what}: ${touched
        .map((f) => f.filename)
        .slice(0, 5)
        .join(', ')}`,
    );
  }
  const lines = files.reduce((n, f) => n + f.additions + f.deletions, 0);
  const bySize: RiskLevel = lines >= SIZE_HIGH ? 'High' : lines >= SIZE_MED ? 'Med' : 'Low';
  if (bySize !== 'Low') reasons.push(`${lines} lines changed (Med from ${SIZE_MED}, High from ${SIZE_HIGH})`);
  level = max(level, bySize);
  if (sensitivity === 'high') {
    level = LEVELS[Math.min(LEVELS.indexOf(level) + 1, LEVELS.length - 1)]!;
    reasons.push('the repository is marked high sensitivity');
  }
  if (reasons.length === 0) reasons.push(`${files.length} file(s), ${lines} lines, no sensitive paths`);
  return { level, reasons };
}
