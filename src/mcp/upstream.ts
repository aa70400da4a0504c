/**
 * The gateway's stdio upstream: a child MCP server the gateway starts and owns. Unlike the SDK's
 * StdioClientTransport (whose close waits 2 s for the child after closing its stdin, then 2 s more after
 * SIGTERM), the child runs in a process group of its own, so `stop` can end it and whatever it started
 * (an `npx` wrapper and the server under it) at once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** How long a child has to exit after SIGTERM before it is killed. */
const TERM_GRACE_MS = 500;

/** Splits a command line into words; single and double quotes group, as in a shell (no expansion). */
export function splitCommand(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Newline-delimited JSON-RPC over a child's stdin and stdout (the MCP stdio framing). */
export class ChildTransport implements Transport {
  readonly #child: ChildProcess;
  readonly #buffer = new ReadBuffer();
  readonly #exited: Promise<void>;
  // However this process ends (even by process.exit), the child's group ends with it.
  readonly #killOnExit = () => signalGroup(this.#child.pid, 'SIGKILL');
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv) {
    // detached: a new process group (and session), so the group can be signalled as one.
    this.#child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    this.#exited = new Promise((resolve) => this.#child.once('exit', () => resolve()));
    process.once('exit', this.#killOnExit);
    this.#child.once('exit', () => this.onclose?.());
    this.#child.on('error', (error) => this.onerror?.(error));
    this.#child.stdin!.on('error', (error) => this.onerror?.(error));
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  async start(): Promise<void> {
    this.#child.stdout!.on('data', (chunk: Buffer) => {
      this.#buffer.append(chunk);
      for (;;) {
        let message: JSONRPCMessage | null;
        try {
          message = this.#buffer.readMessage();
        } catch (error) {
          this.onerror?.(error as Error);
          continue;
        }
        if (message === null) return;
        this.onmessage?.(message);
      }
    });
    // A command that cannot be started fails the connection instead of hanging it.
    await new Promise<void>((resolve, reject) => {
      this.#child.once('spawn', resolve);
      this.#child.once('error', reject);
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.#child.stdin!.write(serializeMessage(message))) resolve();
      else this.#child.stdin!.once('drain', resolve);
    });
  }

  /** Ends the child's process group: SIGTERM, then SIGKILL for whatever is still there after a short grace. */
  async close(): Promise<void> {
    const pid = this.#child.pid;
    if (pid === undefined) return;
    this.#child.stdin!.end();
    signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + TERM_GRACE_MS;
    while (groupAlive(pid) && Date.now() < deadline) await sleep(20);
    signalGroup(pid, 'SIGKILL');
    await this.#exited;
    process.removeListener('exit', this.#killOnExit);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
