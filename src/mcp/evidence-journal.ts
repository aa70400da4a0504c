/**
 * Write-behind evidence for the MCP gateway. A forwarded call's redacted result is appended to a local
 * journal before the agent gets its answer, and posted to Warrant behind the answer; the journal forgets it
 * once Warrant has acknowledged it. The same guarantees as the server's AuditBatcher: the append reaches the
 * OS before the answer (a crash of the gateway loses nothing), fsync runs batched a few ms later (a crash of
 * the machine inside that window may lose it), and a journal left by a gateway that died is replayed by the
 * next one. Each item carries an Idempotency-Key, so a replay of an item Warrant already stored is one item.
 *
 * Posting waits for a quiet moment (no request in flight for QUIET_MS), up to MAX_DELAY_MS after the item was
 * journaled or until MAX_WAITING items wait: Warrant serves an evidence POST and the next call's authorize one after the other, so a post
 * sent between an agent's back-to-back calls would make the next call wait for it.
 *
 * Each gateway writes its own file (`evidence-<pid>.jsonl`): several gateways may share a directory, and a
 * file is adopted only when the process that wrote it is gone.
 */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  fdatasync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { type AgentEvidenceInput, type Warrant, WarrantError } from '../sdk/index.ts';

export interface EvidenceItem {
  key: string;
  /** When it was journaled (ms since the epoch). */
  at: number;
  plan_id: string;
  evidence: AgentEvidenceInput;
}

type Line = { add: EvidenceItem } | { done: string };

// Long enough for a burst of calls to share one fsync, short enough that a crash loses little.
const FSYNC_DELAY_MS = 20;
// After a failed post (Warrant away), when to try the pending items again.
const RETRY_MS = 2000;
const QUIET_MS = 20;
// Past this many waiting items, posting stops waiting for quiet (a gateway that is never idle).
const MAX_WAITING = 1000;
const MAX_DELAY_MS = 10_000;
const FILE = /^evidence-(\d+)\.jsonl$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLines(path: string): Line[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Line];
      } catch {
        // A line torn by a crash mid-append: everything before it is whole.
        return [];
      }
    });
}

export class EvidenceJournal {
  readonly #path: string;
  readonly #fd: number;
  readonly #warrant: Pick<Warrant, 'request'>;
  readonly #warn: (message: string) => void;
  readonly #pending = new Map<string, EvidenceItem>();
  #syncTimer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #posting: Promise<void> | undefined;
  #inFlight = 0;
  #lastActive = 0;
  #closing = false;
  #closed = false;

  /** Opens this process's journal in `dir`, taking over the journals of gateways that are gone. */
  constructor(dir: string, warrant: Pick<Warrant, 'request'>, warn: (message: string) => void = () => {}) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.#path = join(dir, `evidence-${process.pid}.jsonl`);
    this.#warrant = warrant;
    this.#warn = warn;
    const orphans = readdirSync(dir)
      .map((name) => ({ name, pid: Number(FILE.exec(name)?.[1]) }))
      .filter(({ name, pid }) => FILE.test(name) && (pid === process.pid || !alive(pid)));
    for (const { name } of orphans) {
      for (const line of readLines(join(dir, name))) {
        if ('add' in line) this.#pending.set(line.add.key, line.add);
        else this.#pending.delete(line.done);
      }
    }
    // The adopted items are rewritten into this process's file before the old files go.
    // O_APPEND: every write lands at the end, also after the file is truncated.
    this.#fd = openSync(this.#path, 'a', 0o600);
    ftruncateSync(this.#fd, 0);
    for (const item of this.#pending.values()) this.#append({ add: item });
    fdatasync(this.#fd, () => {});
    for (const { name } of orphans) if (join(dir, name) !== this.#path) unlinkSync(join(dir, name));
    if (this.#pending.size > 0) this.#post();
  }

  /** Items journaled and not yet acknowledged by Warrant. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Marks a request in flight until the returned function is called (posting waits while any is). */
  begin(): () => void {
    this.#inFlight++;
    return () => {
      this.#inFlight--;
      this.#lastActive = Date.now();
    };
  }

  /** Journals one item (synchronously: it is on disk, short of fsync, when this returns) and posts it behind. */
  add(planId: string, evidence: AgentEvidenceInput): void {
    const item = { key: randomUUID(), at: Date.now(), plan_id: planId, evidence };
    this.#append({ add: item });
    this.#pending.set(item.key, item);
    this.#syncTimer ??= setTimeout(() => {
      this.#syncTimer = undefined;
      fdatasync(this.#fd, () => {});
    }, FSYNC_DELAY_MS);
    this.#post();
  }

  /** Posts what is pending, waiting at most `timeoutMs`; then closes the journal (what is left is replayed later). */
  async close(timeoutMs: number): Promise<void> {
    if (this.#closed) return;
    this.#closing = true;
    const deadline = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([this.drain(), deadline]);
    this.#closed = true;
    clearTimeout(this.#syncTimer);
    clearTimeout(this.#retryTimer);
    // Nothing left to replay: the file goes; otherwise it stays for the next gateway.
    if (this.#pending.size === 0) unlinkSync(this.#path);
    closeSync(this.#fd);
  }

  /** Resolves once every item journaled so far is acknowledged (or the posting stopped on an error). */
  async drain(): Promise<void> {
    while (this.#posting) await this.#posting;
  }

  #append(line: Line): void {
    writeSync(this.#fd, `${JSON.stringify(line)}\n`);
  }

  #post(): void {
    if (this.#posting || this.#closed) return;
    clearTimeout(this.#retryTimer);
    this.#posting = this.#postAll().finally(() => {
      this.#posting = undefined;
    });
  }

  /** Resolves when no request has been in flight for QUIET_MS, posting is overdue, or the journal closes. */
  async #quiet(item: EvidenceItem): Promise<void> {
    for (;;) {
      const now = Date.now();
      const quietFor = this.#inFlight > 0 ? 0 : now - this.#lastActive;
      const overdue = now - item.at >= MAX_DELAY_MS || this.#pending.size > MAX_WAITING;
      if (this.#closing || quietFor >= QUIET_MS || overdue) return;
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS - quietFor));
    }
  }

  async #postAll(): Promise<void> {
    for (const item of this.#pending.values()) {
      await this.#quiet(item);
      try {
        await this.#warrant.request(
          'POST',
          `/v1/plans/${encodeURIComponent(item.plan_id)}/evidence`,
          item.evidence,
          { 'idempotency-key': item.key },
        );
      } catch (error) {
        const final = error instanceof WarrantError && error.status >= 400 && error.status < 500;
        if (!final) {
          // Warrant is away (the SDK has retried already): try again later, in order.
          if (!this.#closed) this.#retryTimer = setTimeout(() => this.#post(), RETRY_MS).unref();
          return;
        }
        // Refused for good (the plan or step is gone): no retry can change that.
        this.#warn(`evidence for plan ${item.plan_id} was refused: ${(error as Error).message}`);
      }
      this.#pending.delete(item.key);
      if (this.#closed) return;
      if (this.#pending.size === 0) {
        // All acknowledged: the journal starts over instead of growing for the gateway's life.
        ftruncateSync(this.#fd, 0);
      } else this.#append({ done: item.key });
    }
  }
}
