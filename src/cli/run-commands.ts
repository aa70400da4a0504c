import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { ApiError, api, type ClientSettings, clientSettings, request } from './client.ts';
import {
  actorNames,
  EXIT,
  type NameOf,
  pairs,
  printJson,
  short,
  table,
  usageError,
  when,
  write,
} from './output.ts';

type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
const FINAL: readonly RunStatus[] = ['succeeded', 'failed', 'rolled_back', 'cancelled'];

interface Failure {
  code: string;
  message: string;
}

interface ToolCall {
  tool_name: string;
  phase: 'do' | 'undo';
  status: string;
  attempts: number;
  link: string | null;
  error: Failure | null;
}

interface RunStep {
  step_id: string;
  position: number;
  status: string;
  action?: string;
  tool?: string;
  preconditions: { text: string; checked: boolean; ok: boolean; detail: string }[];
  error: Failure | null;
  tool_calls: ToolCall[];
  evidence: { type: string; query: string; link: string | null }[];
}

export interface RunView {
  id: string;
  status: RunStatus;
  plan_id: string;
  plan_revision: number;
  started_by: string;
  break_glass_exception_id: string | null;
  retry_of: string | null;
  cancel_requested: boolean;
  attempts: number;
  resume_after: string | null;
  failed_drives: number;
  error: Failure | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  steps: RunStep[];
}

interface RunSummary {
  id: string;
  status: RunStatus;
  plan_id: string;
  created_at: string;
  completed_at: string | null;
  error: Failure | null;
}

interface AuditItem {
  leaf_index: number | null;
  event: {
    event_id: string;
    action: string;
    occurred_at: string;
    actor: { id: string; type: string };
    context: Record<string, unknown>;
    decision: unknown;
  };
}

const runPath = (id: string) => `/v1/runs/${encodeURIComponent(id)}`;
const failure = (error: Failure | null) => (error ? `${error.message} (${error.code})` : '');

/** A run as an operator reads it: its plan, who started it, each step with its tool calls and checks. */
export function describeRun(run: RunView, nameOf: NameOf): string {
  const lines = [
    `run ${run.id}  ${run.status}${run.cancel_requested && !FINAL.includes(run.status) ? ' (cancel requested)' : ''}`,
    `  plan:       ${run.plan_id} (revision ${run.plan_revision})`,
    `  started by: ${nameOf(run.started_by)}${run.break_glass_exception_id ? ` — break glass, exception ${run.break_glass_exception_id}` : ''}`,
    `  queued ${when(run.created_at)}, started ${when(run.started_at)}, ended ${when(run.completed_at)}` +
      (run.attempts > 1 ? `, ${run.attempts} attempts` : ''),
  ];
  if (run.resume_after && !FINAL.includes(run.status)) {
    const drives = run.failed_drives === 1 ? 'its last drive' : `its last ${run.failed_drives} drives`;
    lines.push(
      `  waiting:    ${drives} stopped on an error (the worker's log says which); resumes after ${when(run.resume_after)}`,
    );
  }
  if (run.retry_of) lines.push(`  retry of:   ${run.retry_of}`);
  if (run.error) lines.push(`  error:      ${failure(run.error)}`);
  lines.push('  steps:');
  for (const step of run.steps) {
    lines.push(
      `    ${step.position + 1}. ${step.step_id}  ${step.status}` +
        (step.tool ? `  ${step.tool}${step.action ? ` — ${step.action}` : ''}` : ''),
    );
    for (const check of step.preconditions)
      lines.push(
        `       precondition ${check.checked ? (check.ok ? 'ok' : 'FAILED') : 'not checked'}: ${check.text}${check.detail ? ` (${check.detail})` : ''}`,
      );
    for (const call of step.tool_calls)
      lines.push(
        `       ${call.phase} ${call.tool_name}: ${call.status}${call.attempts > 1 ? `, ${call.attempts} attempts` : ''}` +
          (call.error ? ` — ${failure(call.error)}` : '') +
          (call.link ? ` ${call.link}` : ''),
      );
    for (const evidence of step.evidence) lines.push(`       evidence ${evidence.type}: ${evidence.query}`);
    if (step.error) lines.push(`       error: ${failure(step.error)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** 0 when the run succeeded, 1 when it failed, rolled back or was cancelled. */
const exitFor = (status: RunStatus) => (status === 'succeeded' ? EXIT.ok : EXIT.refused);

const positive = (value: string, name: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw usageError(`${name} must be a positive number, not ${value}`);
  return n;
};

interface LogCall {
  tool_call_id: string;
  tool_name: string;
  phase: 'do' | 'undo';
  status: string;
  attempts: number;
  link: string | null;
  error: Failure | null;
  started_at: string | null;
  completed_at: string | null;
  output_excerpt: string | null;
  output_truncated: boolean;
}

interface LogStep {
  step_id: string;
  position: number;
  status: string;
  action?: string;
  tool?: string;
  started_at: string | null;
  completed_at: string | null;
  error: Failure | null;
  preconditions: { text: string; checked: boolean; ok: boolean; detail: string }[];
  tool_calls: LogCall[];
  evidence: { type: string; query: string; link: string | null; collected_at: string }[];
}

/** GET /v1/runs/{id}/logs: the run step by step, with excerpts of its tool calls' (redacted) outputs. */
export interface RunLog {
  run_id: string;
  plan_id: string;
  status: RunStatus;
  cancel_requested: boolean;
  error: Failure | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  progress: { steps: number; done: number; current_step_id: string | null };
  steps: LogStep[];
}

const logPath = (id: string) => `${runPath(id)}/logs`;

/** An output excerpt on one line, cut to `max` characters. */
const oneLine = (text: string, max: number, truncated = false) => {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max || truncated ? `${flat.slice(0, max)}…` : flat;
};

/** `[2/3] running scale-checkout`: how far the run has come, in one line. */
export function progressLine(log: RunLog): string {
  const { steps, done, current_step_id } = log.progress;
  const cancel = log.cancel_requested && !FINAL.includes(log.status) ? ', cancel requested' : '';
  return `[${done}/${steps} steps] ${log.status}${current_step_id ? ` ${current_step_id}` : ''}${cancel}`;
}

/** The run's log as an operator reads it: each step with its checks, calls, output excerpts and errors. */
export function describeLog(log: RunLog): string {
  const { steps, done } = log.progress;
  const lines = [
    `run ${log.run_id}  ${log.status}  (${done} of ${steps} steps done)`,
    `  plan ${log.plan_id}`,
    `  queued ${when(log.created_at)}, started ${when(log.started_at)}, ended ${when(log.completed_at)}`,
  ];
  if (log.error) lines.push(`  error: ${failure(log.error)}`);
  for (const step of log.steps) {
    lines.push(
      `${step.position + 1}. ${step.step_id}  ${step.status}` +
        (step.tool ? `  ${step.tool}${step.action ? ` — ${step.action}` : ''}` : ''),
    );
    if (step.started_at) lines.push(`   ${when(step.started_at)} started`);
    for (const check of step.preconditions)
      lines.push(
        `   precondition ${check.checked ? (check.ok ? 'ok' : 'FAILED') : 'not checked'}: ${check.text}` +
          (check.detail ? ` (${check.detail})` : ''),
      );
    for (const call of step.tool_calls) {
      lines.push(
        `   ${when(call.completed_at ?? call.started_at)} ${call.phase} ${call.tool_name}: ${call.status}` +
          (call.attempts > 1 ? `, ${call.attempts} attempts` : '') +
          (call.link ? `  ${call.link}` : ''),
      );
      if (call.output_excerpt !== null)
        lines.push(`     output: ${oneLine(call.output_excerpt, 300, call.output_truncated)}`);
      if (call.error) lines.push(`     error: ${failure(call.error)}`);
    }
    for (const item of step.evidence) lines.push(`   evidence ${item.type}: ${item.query}`);
    if (step.error) lines.push(`   error: ${failure(step.error)}`);
    if (step.completed_at) lines.push(`   ${when(step.completed_at)} ${step.status}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A transient failure while following a run: the next look may well succeed. */
const transient = (error: unknown) =>
  error instanceof ApiError && (error.status === 0 || error.status === 429 || error.status >= 500);

/**
 * The run's log each time it changes, from the streamed log (GET /v1/runs/{id}/logs as text/event-stream),
 * until the run ends or `deadline` (a performance.now() instant) passes. Answers undefined when the stream
 * broke off or the deadline came: the caller looks again by polling.
 */
async function* streamedLogs(settings: ClientSettings, id: string, deadline: number) {
  const response = await request(settings, 'GET', logPath(id), undefined, { accept: 'text/event-stream' });
  if (!response.headers.get('content-type')?.includes('text/event-stream')) return;
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      // Unreferenced: a read that wins leaves no timer holding the process open.
      const next = await (Number.isFinite(left)
        ? Promise.race([reader.read(), sleep(left, undefined, { ref: false })])
        : reader.read());
      if (!next || next.done) return;
      buffer += next.value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const event = frame.find((line) => line.startsWith('event: '))?.slice(7);
        const data = frame.find((line) => line.startsWith('data: '))?.slice(6);
        if (event === 'log' && data) yield JSON.parse(data) as RunLog;
        if (event === 'end') return;
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * Follows a run until it ends: each step's changes as they happen, with an excerpt of each call's output, and a
 * progress line. The changes come from the streamed log as they happen; where the stream is not to be had (an
 * older server) or breaks off, it polls the log (GET /v1/runs/{id}/logs) every `--interval` ms while the run
 * moves and less often (up to 8 times the interval, at most 4 s) while nothing changes; an unreachable server
 * is tried again 5 times before giving up. On a terminal the progress line is rewritten in place.
 * Sets the exit code: 0 succeeded, 1 failed/rolled back/cancelled, 3 still going when the timeout ended.
 */
async function watchRun(
  settings: ClientSettings,
  id: string,
  options: { json?: boolean; interval: string; timeout?: string },
): Promise<void> {
  const interval = positive(options.interval, '--interval');
  const slowest = Math.max(interval, Math.min(interval * 8, 4000));
  const timeout = options.timeout === undefined ? undefined : positive(options.timeout, '--timeout') * 1000;
  const started = performance.now();
  const live = !options.json && process.stdout.isTTY === true;
  const seen = new Map<string, string>();
  const printed = new Set<string>();
  let runStatus: string | undefined;
  let progress: string | undefined;
  let wait = interval;
  let failures = 0;
  /** Writes a line above the live progress line (cleared first, drawn again afterwards). */
  const say = (text: string) => {
    if (live && progress !== undefined) process.stdout.write('\r\x1b[2K');
    write(text);
  };
  let streamed: AsyncGenerator<RunLog> | undefined = streamedLogs(
    settings,
    id,
    timeout === undefined ? Number.POSITIVE_INFINITY : started + timeout,
  );
  for (;;) {
    let log: RunLog;
    try {
      const next = await streamed?.next().catch((error: unknown) => {
        // A stream refused for good (e.g. no such run) is the answer; a broken one falls back to polling.
        if (!transient(error)) throw error;
        return undefined;
      });
      if (next && !next.done) log = next.value;
      else {
        streamed = undefined;
        log = await api<RunLog>(settings, 'GET', logPath(id));
      }
      failures = 0;
    } catch (error) {
      if (!transient(error) || ++failures > 5) throw error;
      if (!options.json) process.stderr.write(`${(error as Error).message}; trying again\n`);
      await sleep(Math.min(slowest, interval * 2 ** failures));
      continue;
    }
    let changed = false;
    if (!options.json) {
      if (log.status !== runStatus) {
        say(`run ${log.run_id}: ${log.status}`);
        runStatus = log.status;
        changed = true;
      }
      for (const step of log.steps) {
        const calls = step.tool_calls.map((call) => `${call.phase}:${call.status}`).join(',');
        const state = `${step.status}|${calls}`;
        if (seen.get(step.step_id) === state) continue;
        seen.set(step.step_id, state);
        changed = true;
        const last = step.tool_calls.at(-1);
        say(
          `  ${step.step_id}: ${step.status}` +
            (last ? ` (${last.phase} ${last.tool_name} ${last.status})` : '') +
            (step.error ? ` — ${failure(step.error)}` : ''),
        );
        for (const call of step.tool_calls) {
          if (call.output_excerpt === null || printed.has(call.tool_call_id)) continue;
          printed.add(call.tool_call_id);
          say(
            `    ${call.phase} ${call.tool_name} output: ${oneLine(call.output_excerpt, 160, call.output_truncated)}`,
          );
        }
      }
      const line = progressLine(log);
      if (line !== progress) {
        changed = true;
        if (live) process.stdout.write(`\r\x1b[2K${line}`);
        else write(line);
        progress = line;
      }
    } else if (`${log.status}|${log.progress.done}` !== progress) {
      changed = true;
      progress = `${log.status}|${log.progress.done}`;
    }
    if (FINAL.includes(log.status)) {
      if (live) process.stdout.write('\n');
      if (options.json) printJson(await api<RunView>(settings, 'GET', runPath(id)));
      else if (log.error) write(`  error: ${failure(log.error)}`);
      process.exitCode = exitFor(log.status);
      return;
    }
    if (timeout !== undefined && performance.now() - started >= timeout) {
      if (live) process.stdout.write('\n');
      if (options.json) printJson(await api<RunView>(settings, 'GET', runPath(id)));
      else write(`run ${log.run_id} is still ${log.status}; stopped watching`);
      process.exitCode = EXIT.pending;
      return;
    }
    if (streamed) continue;
    // While the run moves, look again soon; while it waits (queued behind others, a long call), less often.
    wait = changed ? interval : Math.min(slowest, wait * 2);
    await sleep(wait);
  }
}

// Ids and hashes every event of a run repeats, or that only a machine reads: `--json` keeps them.
const LOG_NOISE = [
  'run_id',
  'plan_id',
  'content_hash',
  'identity_hash',
  'tool_call_id',
  'idempotency_key',
  'input_hash',
  'output_sha256',
  'input_sha256',
  'answers',
  'worker',
];

/** The run's story from the audit log (readers), else its steps' tool calls from the run itself. */
async function auditLogs(settings: ClientSettings, id: string, options: { json?: boolean }): Promise<void> {
  const run = await api<RunView>(settings, 'GET', runPath(id));
  const items: AuditItem[] = [];
  let readable = true;
  try {
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ run_id: run.id, limit: '500', ...(cursor ? { cursor } : {}) });
      const page: { items: AuditItem[]; next_cursor: string | null } = await api(
        settings,
        'GET',
        `/v1/audit/events?${query}`,
      );
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 403) throw error;
    readable = false;
  }
  if (options.json) {
    printJson(
      readable ? { run_id: run.id, events: items.map((item) => item.event) } : { run_id: run.id, run },
    );
    return;
  }
  if (!readable) {
    process.stderr.write('the audit log is not open to this key: showing the run’s own record\n');
    write(describeRun(run, await actorNames(settings)));
    return;
  }
  const nameOf = await actorNames(settings);
  write(
    table(
      ['TIME', 'EVENT', 'BY', 'DETAILS'],
      items.map(({ event }) => [
        when(event.occurred_at),
        event.action,
        nameOf(event.actor.id),
        pairs(event.context, LOG_NOISE),
      ]),
      `no audit events for run ${run.id} yet`,
    ),
  );
}

/** `warrant run start|show|list|cancel|retry|logs|watch`. */
export function registerRunCommands(program: Command): void {
  const run = program.command('run').description('start, follow and inspect runs of approved plans');

  run
    .command('start <plan-id>')
    .description('run an allowed or approved plan (break glass runs one without approval, with a reason)')
    .option('--break-glass <reason>', 'run without a warrant; raises an exception that must be reviewed')
    .option('--watch', 'follow the run until it ends (exit code as for run watch)')
    .option('--interval <ms>', 'with --watch: how often to look', '500')
    .option('--timeout <seconds>', 'with --watch: stop watching after this long (exit 3)')
    .option('--json', 'print the answer as JSON')
    .action(
      async (
        planId: string,
        options: { breakGlass?: string; watch?: boolean; interval: string; timeout?: string; json?: boolean },
      ) => {
        const settings = clientSettings();
        const started = await api<{ id: string; status: RunStatus }>(
          settings,
          'POST',
          `/v1/plans/${encodeURIComponent(planId)}/runs`,
          options.breakGlass ? { break_glass: { reason: options.breakGlass } } : undefined,
        );
        if (options.watch) {
          if (!options.json) write(`run ${started.id} started for plan ${planId}`);
          await watchRun(settings, started.id, options);
          return;
        }
        if (options.json) printJson(started);
        else write(`run ${started.id} ${started.status}; follow it with: warrant run watch ${started.id}`);
      },
    );

  run
    .command('show <run-id>')
    .description('a run with its steps, tool calls, checks and errors')
    .option('--json', 'print the run as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const settings = clientSettings();
      const view = await api<RunView>(settings, 'GET', runPath(id));
      if (options.json) printJson(view);
      else write(describeRun(view, await actorNames(settings)));
    });

  run
    .command('list')
    .description('recent runs, newest first')
    .option('--plan <plan-id>', 'the runs of one plan')
    .option('--status <status>', 'queued, running, succeeded, failed, rolled_back or cancelled')
    .option('--limit <n>', 'how many (1-200)')
    .option('--json', 'print the list as JSON')
    .action(async (options: { plan?: string; status?: string; limit?: string; json?: boolean }) => {
      const query = new URLSearchParams({
        ...(options.plan ? { plan_id: options.plan } : {}),
        ...(options.status ? { status: options.status } : {}),
        ...(options.limit ? { limit: options.limit } : {}),
      }).toString();
      const { items } = await api<{ items: RunSummary[] }>(
        clientSettings(),
        'GET',
        `/v1/runs${query ? `?${query}` : ''}`,
      );
      if (options.json) return printJson({ items });
      write(
        table(
          ['RUN', 'STATUS', 'PLAN', 'QUEUED', 'ENDED', 'ERROR'],
          items.map((item) => [
            item.id,
            item.status,
            short(item.plan_id),
            when(item.created_at),
            when(item.completed_at),
            failure(item.error),
          ]),
          'no runs',
        ),
      );
    });

  run
    .command('cancel <run-id>')
    .description('cancel a run: a queued one at once, a running one before its next step')
    .option('--json', 'print the answer as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const answer = await api<{ id: string; status: RunStatus; cancel_requested: boolean }>(
        clientSettings(),
        'POST',
        `${runPath(id)}/cancel`,
      );
      if (options.json) return printJson(answer);
      write(
        answer.status === 'cancelled'
          ? `run ${answer.id} cancelled`
          : `run ${answer.id} is ${answer.status}: cancel requested, it stops before its next step`,
      );
    });

  run
    .command('retry <run-id>')
    .description('run a failed, rolled back or cancelled run again, as a new run of the same plan')
    .option('--json', 'print the answer as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const answer = await api<{ id: string; status: RunStatus }>(
        clientSettings(),
        'POST',
        `${runPath(id)}/retry`,
      );
      if (options.json) printJson(answer);
      else
        write(
          `run ${answer.id} ${answer.status} (a retry of ${id}); follow it with: warrant run watch ${answer.id}`,
        );
    });

  run
    .command('logs <run-id>')
    .description(
      'the run step by step: checks, tool calls with excerpts of their (redacted) output, evidence, errors',
    )
    .option('--audit', "the run's events from the audit log instead, oldest first")
    .option('--json', 'print the log (or with --audit the events) as JSON')
    .option('--follow', 'follow the run until it ends, each change as it happens (as `run watch`)')
    .action(async (id: string, options: { json?: boolean; audit?: boolean; follow?: boolean }) => {
      const settings = clientSettings();
      if (options.audit) return auditLogs(settings, id, options);
      if (options.follow) return watchRun(settings, id, { interval: '500', json: options.json });
      const log = await api<RunLog>(settings, 'GET', logPath(id));
      if (options.json) return printJson(log);
      write(describeLog(log));
    });

  run
    .command('watch <run-id>')
    .description('follow a run until it ends: exit 0 succeeded, 1 failed/rolled back/cancelled, 3 timeout')
    .option('--interval <ms>', 'how often to look', '500')
    .option('--timeout <seconds>', 'stop watching after this long (exit 3)')
    .option('--json', 'print only the final run, as JSON')
    .action(async (id: string, options: { interval: string; timeout?: string; json?: boolean }) =>
      watchRun(clientSettings(), id, options),
    );
}
