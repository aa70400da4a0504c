/**
 * The WorkLog audit report of a period (kpi.ts computes it): every AI run and repository creation with its
 * intent, approval and evidence, the deficits, and the KPIs with the seed's success metric, as Markdown or HTML.
 * Every string from a record (a purpose, a repository name, a URL, a comment) is untrusted: control and format
 * characters (bidi overrides, zero-width, C0/C1) are shown as `\u{…}` escapes after Markdown's syntax characters
 * are backslash-escaped, and HTML escapes `& < > " '`. The HTML has no script and a CSP that allows none.
 */
import type { AuditItem, PeriodAudit, Rate } from './kpi.ts';

// C0 and C1 controls, and the format characters a reader cannot see (bidi controls, zero-width, BOM, …).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115f\u1160\u3164]/gu;

/** Untrusted text made visible: each invisible or control character becomes its `\u{…}` escape. */
export const visible = (text: string): string =>
  text.replace(INVISIBLE, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`);

/** Untrusted text for Markdown: made visible, then every Markdown syntax character escaped. */
export const md = (text: string): string => visible(text.replace(/[\\`*_[\]()<>#+\-.!|~&"']/g, '\\$&'));

/** Untrusted text for HTML: made visible, then escaped for element content and quoted attributes. */
export const html = (text: string): string =>
  visible(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const percent = (r: Rate) =>
  r.rate === null
    ? 'n/a (nothing to count)'
    : `${(r.rate * 100).toFixed(1)}% (${r.numerator}/${r.denominator})`;

const day = (d: Date) => d.toISOString();

interface ReportEntry {
  kind: string;
  at: string;
  subject: string;
  status: string;
  intent: string;
  approval: string;
  evidence: string;
  deficits: string;
}

function approvalText(item: AuditItem): string {
  if (item.approval) {
    return `${item.approval.decision} ${item.approval.id} at ${day(new Date(item.approval.created_at))}`;
  }
  if (item.approval_id) return `${item.approval_id} (not found)`;
  return item.intent?.requires_approval === false ? 'not required (Low risk)' : 'none';
}

function entryOf(item: AuditItem): ReportEntry {
  return {
    kind: item.kind === 'ai_run' ? 'AI run' : 'repository creation',
    at: day(item.at),
    subject: item.subject,
    status: item.acted ? item.status : `${item.status}, did not act`,
    intent: item.intent
      ? `${item.intent.id} (${item.intent.risk_level}): ${item.intent.purpose}`
      : `${item.intent_id} (not found)`,
    approval: approvalText(item),
    evidence: item.evidence.map((e) => `${e.kind} ${e.ref}`).join('; '),
    deficits: item.deficits.length === 0 ? 'none' : item.deficits.map((d) => d.kind).join(', '),
  };
}

const HEADERS = ['Kind', 'When', 'Subject', 'Status', 'Intent', 'Approval', 'Evidence', 'Deficits'];

const DEFINITIONS = [
  'Link rate: pull requests with a reviewable event in the period that are linked to an intent.',
  'Approval rate: intents created in the period that need an approval and were decided, approved.',
  "Audit success rate (the seed's success metric): AI runs that acted and repositories created in the period " +
    'with their intent, an approval given before the action where one is required, and their evidence.',
];

function kpiLines(audit: PeriodAudit): [string, string][] {
  return [
    ['Link rate', percent(audit.kpi.link_rate)],
    ['Approval rate', percent(audit.kpi.approval_rate)],
    ['Audit success rate', percent(audit.kpi.audit_success_rate)],
  ];
}

/** The report as Markdown. */
export function reportMarkdown(audit: PeriodAudit, tenantName: string): string {
  const cell = (text: string) => md(text);
  const lines = [
    `# WorkLog audit report: ${md(tenantName)}`,
    '',
    `Period: ${day(audit.from)} to ${day(audit.to)} (end excluded)`,
    '',
    '## Success metric and KPIs',
    '',
    '| KPI | Value |',
    '| --- | --- |',
    // Our own words and numbers, not a record's text.
    ...kpiLines(audit).map(([name, value]) => `| ${name} | ${value} |`),
    '',
    ...DEFINITIONS.map((d) => `- ${d}`),
    '',
    `## AI runs and repository creations (${audit.items.length})`,
    '',
  ];
  if (audit.items.length === 0) lines.push('None in this period.', '');
  else {
    lines.push(`| ${HEADERS.join(' | ')} |`, `| ${HEADERS.map(() => '---').join(' | ')} |`);
    for (const item of audit.items) {
      const row = entryOf(item);
      lines.push(`| ${Object.values(row).map(cell).join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push(`## Deficits (${audit.deficits.length})`, '');
  if (audit.deficits.length === 0) lines.push('None: every run and repository creation kept the rules.', '');
  else {
    lines.push('| Deficit | Subject | Detail |', '| --- | --- | --- |');
    for (const d of audit.deficits)
      lines.push(`| ${d.kind} | ${d.subject} ${md(d.subject_id)} | ${cell(d.detail)} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The report as one HTML document, every record's text escaped. */
export function reportHtml(audit: PeriodAudit, tenantName: string): string {
  const table = (headers: string[], rows: string[][]) =>
    `<table><thead><tr>${headers.map((h) => `<th>${html(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((row) => `<tr>${row.map((c) => `<td>${html(c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const title = `WorkLog audit report: ${tenantName}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${html(title)}</title>
<style>body{font-family:sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}</style>
</head><body>
<h1>${html(title)}</h1>
<p>Period: ${html(day(audit.from))} to ${html(day(audit.to))} (end excluded)</p>
<h2>Success metric and KPIs</h2>
${table(['KPI', 'Value'], kpiLines(audit))}
<ul>${DEFINITIONS.map((d) => `<li>${html(d)}</li>`).join('')}</ul>
<h2>AI runs and repository creations (${audit.items.length})</h2>
${
  audit.items.length === 0
    ? '<p>None in this period.</p>'
    : table(
        HEADERS,
        audit.items.map((item) => Object.values(entryOf(item))),
      )
}
<h2>Deficits (${audit.deficits.length})</h2>
${
  audit.deficits.length === 0
    ? '<p>None: every run and repository creation kept the rules.</p>'
    : table(
        ['Deficit', 'Subject', 'Detail'],
        audit.deficits.map((d) => [d.kind, `${d.subject} ${d.subject_id}`, d.detail]),
      )
}
</body></html>
`;
}
