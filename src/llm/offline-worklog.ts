/**
 * The offline provider's WorkLog answers: deterministic rules in place of a model for pull request reviews,
 * asset cards and project assessments. Findings point at evidence (`path` or `path:line`) and never quote the
 * diff, since review outputs are stored and the diff must not be.
 */

/** What WorkLog sends for a review (see src/worklog/review.ts). */
export interface ReviewDocument {
  repository: string;
  pull: { number: number; title: string };
  risk: { level: string; reasons: string[] };
  files: { filename: string; additions: number; deletions: number }[];
  diff: string;
}

export interface AssetDocument {
  repository: string;
  pull: { number: number; title: string; description: string };
  stats: { additions: number; deletions: number; changed_files: number };
}

export interface ProjectDocument {
  purpose: string;
  scope: string;
  constraints: string[];
  success_criteria: string[];
  repository: { owner: string; name: string; private: boolean };
}

interface Finding {
  id: string;
  category: string;
  severity: string;
  title: string;
  description: string;
  evidenceRef: string;
  recommendation: string;
  confidence: number;
}

const PATH_RULES: readonly { pattern: RegExp; severity: string; category: string; what: string }[] = [
  { pattern: /(^|\/)\.github\/workflows\//, severity: 'high', category: 'security', what: 'a CI workflow' },
  {
    pattern: /(^|\/)(infra|terraform|helm|k8s)\//,
    severity: 'high',
    category: 'reliability',
    what: 'infrastructure',
  },
  {
    pattern: /(^|\/)migrations?\//,
    severity: 'medium',
    category: 'reliability',
    what: 'a database migration',
  },
  {
    pattern: /(^|\/)[^/]*auth[^/]*(\/|$)/i,
    severity: 'medium',
    category: 'security',
    what: 'authentication code',
  },
];

const LINE_RULES: readonly {
  pattern: RegExp;
  severity: string;
  category: string;
  title: string;
  fix: string;
}[] = [
  {
    pattern: /\beval\s*\(/,
    severity: 'high',
    category: 'security',
    title: 'Dynamic code evaluation',
    fix: 'Avoid eval; parse or dispatch explicitly.',
  },
  {
    pattern: /\bconsole\.log\s*\(/,
    severity: 'low',
    category: 'maintainability',
    title: 'Debug logging left in',
    fix: 'Use the structured logger or remove the statement.',
  },
  {
    pattern: /\b(TODO|FIXME)\b/,
    severity: 'info',
    category: 'maintainability',
    title: 'Unfinished work marked',
    fix: 'Track it in an issue or finish it before merging.',
  },
];

/** Added lines of a unified diff with their file and new-file line number. */
function addedLines(diff: string): { file: string; line: number; text: string }[] {
  const out: { file: string; line: number; text: string }[] = [];
  let file = '';
  let line = 0;
  for (const raw of diff.split('\n')) {
    if (raw.startsWith('+++ ')) file = raw.slice(4).replace(/^b\//, '');
    else if (raw.startsWith('@@')) line = Number(/\+(\d+)/.exec(raw)?.[1] ?? 1) - 1;
    else if (raw.startsWith('+')) out.push({ file, line: ++line, text: raw.slice(1) });
    else if (!raw.startsWith('-')) line++;
  }
  return out;
}

export function reviewByRules(doc: ReviewDocument): { summary: string; findings: Finding[] } {
  const findings: Finding[] = [];
  const add = (finding: Omit<Finding, 'id'>) => findings.push({ id: `F${findings.length + 1}`, ...finding });
  for (const file of doc.files) {
    const rule = PATH_RULES.find((r) => r.pattern.test(file.filename));
    if (!rule) continue;
    add({
      category: rule.category,
      severity: rule.severity,
      title: `Change to ${rule.what}`,
      description: `${file.filename} is ${rule.what}; changes here affect more than this pull request.`,
      evidenceRef: file.filename,
      recommendation: 'Have an owner of this area review the change before merging.',
      confidence: 0.7,
    });
  }
  for (const added of addedLines(doc.diff)) {
    const rule = LINE_RULES.find((r) => r.pattern.test(added.text));
    if (!rule) continue;
    add({
      category: rule.category,
      severity: rule.severity,
      title: rule.title,
      description: `An added line in ${added.file} matches the rule "${rule.title}".`,
      evidenceRef: `${added.file}:${added.line}`,
      recommendation: rule.fix,
      confidence: 0.6,
    });
  }
  const additions = doc.files.reduce((n, f) => n + f.additions, 0);
  const deletions = doc.files.reduce((n, f) => n + f.deletions, 0);
  return {
    summary:
      `Rule-based review of ${doc.repository}#${doc.pull.number} (${doc.files.length} files, +${additions}/-${deletions}, ` +
      `risk ${doc.risk.level}): ${findings.length === 0 ? 'no findings' : `${findings.length} finding(s)`}.`,
    findings,
  };
}

const SKILLS: readonly [RegExp, string][] = [
  [/\btests?\b|\bspec\b/i, 'Testing'],
  [/\bfix|bug\b/i, 'Debugging'],
  [/\brefactor/i, 'Refactoring'],
  [/\bperf|latency|speed|cache/i, 'Performance'],
  [/\bsecur|auth|crypt/i, 'Security'],
  [/\bci\b|pipeline|workflow|deploy/i, 'CI/CD'],
  [/\bdocs?\b|readme/i, 'Documentation'],
];

export function assetCardByRules(doc: AssetDocument) {
  const text = `${doc.pull.title} ${doc.pull.description}`;
  const skills = SKILLS.filter(([pattern]) => pattern.test(text)).map(([, skill]) => skill);
  const firstSentence = doc.pull.description.split(/(?<=[.!?])\s|\n/)[0]?.trim();
  const { additions, deletions, changed_files: files } = doc.stats;
  return {
    title: doc.pull.title,
    summary: firstSentence || `Merged ${doc.repository}#${doc.pull.number}.`,
    impact: `Changed ${files} file(s) (+${additions}/-${deletions}) in ${doc.repository}, merged as #${doc.pull.number}.`,
    skills: skills.length > 0 ? skills : ['Software engineering'],
  };
}

const SENSITIVE_PROJECT =
  /\b(payments?|pii|personal data|credentials?|secrets?|production|health|banking)\b/i;

export function projectByRules(doc: ProjectDocument) {
  const text = [doc.purpose, doc.scope, ...doc.constraints].join(' ');
  const sensitive = SENSITIVE_PROJECT.test(text);
  const considerations = [
    'Protect the default branch and require reviews before merging.',
    'Enable secret scanning and dependency alerts.',
    ...(doc.repository.private
      ? []
      : ['The repository is public: keep credentials and internal details out of it.']),
    ...(sensitive
      ? ['The project handles sensitive data or systems: define access and data handling first.']
      : []),
  ];
  return {
    risk_level: sensitive ? 'High' : doc.repository.private ? 'Low' : 'Med',
    considerations,
  };
}
