/**
 * Regular expressions on the event loop, on input written to make them slow, in interleaved rounds:
 * - findSecrets (src/redaction/secret-rules.ts, gitleaks' rules on JavaScript's backtracking engine) on 64 KiB
 *   made of each rule keyword repeated, and of `${keyword}="` repeated (the input secret-rules.test.ts builds),
 *   beside 64 KiB of ordinary log lines;
 * - matchPattern (src/core/user-pattern.ts, tenants' patterns on re2js) with the costliest patterns RE2 accepts
 *   against the longest subjects it is given (the ones user-pattern.test.ts checks), beside a simple pattern.
 * Budget: redaction and pattern checks are synchronous, so a call must not hold the event loop; the tests that
 * asserted on this bounded one call at 1 s.
 */
import { loadavg } from 'node:os';
import { matchPattern } from '../src/core/user-pattern.ts';
import data from '../src/redaction/gitleaks/rules.json' with { type: 'json' };
import { findSecrets } from '../src/redaction/secret-rules.ts';
import { type BenchReport, fmt, interleave, median, seededRandom, spread } from './lib.ts';

const ROUNDS = Number(process.env.BENCH_PATTERNS_ROUNDS ?? 7);
const SIZE = 65_536;
/** The bound the tests held one call to before they stopped asserting on time. */
const BUDGET_MS = 1_000;
const SHOWN = 5;

const rules = data.rules as { id: string; keywords?: string[] }[];
const keywords = [...new Set(rules.flatMap((rule) => rule.keywords ?? []))];
const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

/** 64 KiB of the lines a gateway, a worker and a connector log: ids, hashes, URLs, header names, numbers. */
function logLines(): string {
  const random = seededRandom(64);
  const HEX = [...'0123456789abcdef'];
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const hex = (length: number) => Array.from({ length }, () => pick(HEX)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const lines: string[] = [];
  for (let i = 0, size = 0; size < SIZE; i++) {
    const line = [
      () =>
        JSON.stringify({
          level: 30,
          time: 1_764_115_200_000 + i * 37,
          hostname: `warrant-${hex(5)}`,
          reqId: `req-${hex(4)}`,
          req: {
            method: pick(['GET', 'POST']),
            url: `/v1/plans/${uuid()}/${pick(['authorize', 'steps', 'approve'])}`,
          },
          res: { statusCode: pick([200, 200, 200, 201, 403, 409]) },
          responseTime: Math.round(random() * 4000) / 100,
          msg: 'request completed',
        }),
      () =>
        `10.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)} - - [26/Nov/2026:00:15:${String(i % 60).padStart(2, '0')} +0000] ` +
        `"${pick(['GET', 'POST'])} /v1/runs/${uuid()}?limit=50 HTTP/1.1" ${pick([200, 204, 404])} ${Math.floor(random() * 9000)} "-" "warrant-sdk/0.1.0 node/24.21.0"`,
      () =>
        `step ${pick(['s1', 's2', 's3'])} ${pick(['k8s.scale', 'argocd.sync', 'http.request'])}: deployment.apps/${pick(['checkout', 'cart', 'search'])} ` +
        `scaled to ${1 + Math.floor(random() * 9)} replicas in namespace ${pick(['shop', 'payments', 'search'])} (run ${uuid()})`,
      () =>
        `auth: api key ${hex(8)} accepted for actor agent-${i % 7}; token lease renewed, expires in 3600 s`,
      () =>
        `evidence stored sha256:${hex(64)} size=${Math.floor(random() * 90_000)} content-type=application/json`,
      () =>
        `http.request POST https://hooks.example.com/deploy headers=[content-type, authorization, x-request-id] status=202`,
    ][i % 6]!();
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n').slice(0, SIZE);
}

type Samples = Record<string, number[]>;

/** Wall time of one synchronous call, in ms. */
function timed(call: () => unknown): number {
  const started = performance.now();
  call();
  return performance.now() - started;
}

async function secrets(): Promise<{ hostile: Samples; typical: number[]; typicalFound: number }> {
  const inputs = new Map<string, string>();
  for (const keyword of keywords) for (const unit of [keyword, `${keyword}="`]) inputs.set(unit, fill(unit));
  const typical = logLines();
  // One round unmeasured: V8 compiles each expression on its first use.
  for (const text of [...inputs.values(), typical]) findSecrets(text);
  const variants: Record<string, () => Promise<number>> = {
    '': async () => timed(() => findSecrets(typical)),
  };
  for (const [unit, text] of inputs) variants[unit] = async () => timed(() => findSecrets(text));
  const { '': typicalSamples, ...hostile } = await interleave(ROUNDS, variants);
  return { hostile, typical: typicalSamples!, typicalFound: findSecrets(typical).length };
}

const COSTLY = ['(.{999})', '((.{100}){10})', '([\\p{L}\\p{N}\\p{P}]{999})', '(a|b|c|d|e|f|g|h){999}'];
// Not an anchored pattern: recordReport (lib.ts) passes the section to String.prototype.replace as its
// replacement, where a "$`" (a closing anchor before the code span's backtick) inserts the whole document.
const SIMPLE = '[A-Z]{2,}';
const SUBJECTS = { '1,000 × é': 'é'.repeat(1000), '999 × a, then !': `${'a'.repeat(999)}!` };

async function patterns(): Promise<Record<string, Record<string, number[]>>> {
  const variants: Record<string, () => Promise<number>> = {};
  for (const pattern of [...COSTLY, SIMPLE]) {
    for (const [name, subject] of Object.entries(SUBJECTS)) {
      if (!('matched' in matchPattern(pattern, subject))) throw new Error(`${pattern} was not checked`);
      variants[`${pattern}\u0000${name}`] = async () => timed(() => matchPattern(pattern, subject));
    }
  }
  const samples = await interleave(ROUNDS, variants);
  const byPattern: Record<string, Record<string, number[]>> = {};
  for (const [key, values] of Object.entries(samples)) {
    const [pattern, subject] = key.split('\u0000') as [string, string];
    byPattern[pattern] = { ...byPattern[pattern], [subject]: values };
  }
  return byPattern;
}

/** Inline code in a table cell, whose `|` would end the cell. */
const code = (text: string) => `\`${text.replaceAll('|', '\\|')}\``;
const within = (ms: number) =>
  ms < BUDGET_MS ? `within the former ${fmt(BUDGET_MS, 0)} ms bound` : '**over the former bound**';

export async function run(): Promise<BenchReport> {
  const started = performance.now();
  const found = await secrets();
  const ranked = Object.entries(found.hostile).sort(([, a], [, b]) => median(b) - median(a));
  const [worstUnit, worstSamples] = ranked[0]!;
  const rulesOf = (unit: string) =>
    rules
      .filter((rule) => (rule.keywords ?? []).includes(unit.replace(/="$/, '')))
      .map((rule) => rule.id)
      .join(', ');
  const sweeps = Array.from({ length: ROUNDS }, (_, round) =>
    ranked.reduce((sum, [, samples]) => sum + samples[round]!, 0),
  );
  const slowestCall = Math.max(...ranked.flatMap(([, samples]) => samples));

  const checked = await patterns();
  const patternRows = Object.entries(checked).map(([pattern, bySubject]) => ({
    pattern,
    bySubject,
    worst: Math.max(...Object.values(bySubject).map(median)),
  }));
  const worstPattern = patternRows
    .filter((row) => row.pattern !== SIMPLE)
    .sort((a, b) => b.worst - a.worst)[0]!;
  const simple = patternRows.find((row) => row.pattern === SIMPLE)!;

  const markdown = [
    '### Secret rules: findSecrets on 64 KiB',
    '',
    `Hostile input is what secret-rules.test.ts builds: for each of gitleaks' ${keywords.length} rule keywords, 64 KiB of the`,
    'keyword repeated and 64 KiB of `keyword="` repeated (each keyword wakes its rules, and the text around it is',
    `what their patterns try and fail to match), ${fmt(ranked.length, 0)} inputs in all. The typical case is 64 KiB of ordinary log lines`,
    `(request logs, access logs, step results, hashes, header names; ${found.typicalFound} secrets found in it). One call each per round,`,
    `${ROUNDS} interleaved rounds after one unmeasured: median (min–max) of the rounds, in ms. Budget: redaction is`,
    'synchronous, in the log serializer and before every store and prompt, so one call must not hold the event loop;',
    `the test this replaces failed a call at ${fmt(BUDGET_MS, 0)} ms.`,
    '',
    '| input (64 KiB) | rules with its keyword | ms per call |',
    '| --- | --- | ---: |',
    `| ordinary log lines (typical) | those whose keywords occur | ${spread(found.typical)} |`,
    ...ranked
      .slice(0, SHOWN)
      .map(([unit, samples]) => `| ${code(unit)} repeated | ${rulesOf(unit)} | ${spread(samples)} |`),
    `| all ${fmt(ranked.length, 0)} hostile inputs, one after another | | ${spread(sweeps, 0)} |`,
    '',
    `Worst case: \`${worstUnit}\` repeated, ${spread(worstSamples)} ms per call, ${fmt(
      median(worstSamples) / median(found.typical),
      1,
    )}× the typical log lines; the slowest single call in any round took ${fmt(slowestCall)} ms, ${within(slowestCall)}.`,
    '',
    '### Tenant patterns: matchPattern on re2js',
    '',
    'The costliest patterns RE2 accepts (it caps counted repetition at 1,000) against the longest subjects matchPattern',
    'takes (1,000 characters), beside a simple pattern on the same subjects. Each call compiles its pattern, as',
    `matchPattern does. One call each per round, ${ROUNDS} interleaved rounds: median (min–max), in ms; same budget.`,
    '',
    `| pattern | ${Object.keys(SUBJECTS).join(' | ')} |`,
    `| --- | ${Object.keys(SUBJECTS)
      .map(() => '---:')
      .join(' | ')} |`,
    ...patternRows.map(
      (row) =>
        `| ${code(row.pattern)}${row.pattern === SIMPLE ? ' (simple)' : ''} | ${Object.keys(SUBJECTS)
          .map((subject) => spread(row.bySubject[subject]!))
          .join(' | ')} |`,
    ),
    '',
    `Worst case: \`${worstPattern.pattern}\` at ${fmt(worstPattern.worst)} ms median per call, ${within(
      worstPattern.worst,
    )}; the simple pattern at ${fmt(simple.worst)} ms (${fmt(worstPattern.worst / simple.worst, 1)}×).`,
    '',
    `Whole bench ${fmt((performance.now() - started) / 1_000, 1)} s. Load average at the end (1, 5, 15 min): ${loadavg()
      .map((l) => fmt(l))
      .join(', ')}; the machine's cores are shared with other work.`,
  ].join('\n');
  return { id: 'patterns', title: 'Secret rules and tenant patterns on hostile input', markdown };
}
