// `warrant audit …`: export, checkpoint and proof go through the server; verify is offline (no server, no database).

import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import type { EventLine } from '../audit/export-format.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { api, clientSettings, request } from './client.ts';
import { warrantHome } from './home.ts';
import { printJson, write } from './output.ts';

/** Object-store layout of an exported event: one object per event, by day of occurrence. */
export const eventObjectKey = (event: Record<string, unknown>): string =>
  `audit/${String(event.occurred_at).slice(0, 10)}/${String(event.event_id)}.json`;

const NOTE_KEY = /^[^\s+]+\+[0-9a-f]{8}\+\S+$/;

/** --key takes the verifier key itself or a file holding it. */
async function readKey(value: string): Promise<string> {
  return NOTE_KEY.test(value.trim()) ? value.trim() : (await readFile(value, 'utf8')).trim();
}

/** --trusted takes a checkpoint note (it has newlines) or a file holding one. */
async function readCheckpointArg(value: string): Promise<string> {
  if (value.includes('\n')) return value.endsWith('\n') ? value : `${value}\n`;
  return readFile(value, 'utf8');
}

/** Replaces the file whole, so a crash mid-write never leaves a cron job's trusted state half written. */
async function saveCheckpoint(file: string, note: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, note, { mode: 0o644 });
  await rename(temporary, file);
}

/**
 * `export --trusted`: an export since a checkpoint past the trusted size gets the consistency proof from the trusted
 * size to its start, fetched now, on the line after its first checkpoint, so verify can tie the two offline.
 */
async function bridgeLine(trustedNote: string, startLine: string): Promise<string | undefined> {
  const [{ parseSignedNote }, { formatConsistencyLine, parseExportLine }] = await Promise.all([
    import('../audit/checkpoint.ts'),
    import('../audit/export-format.ts'),
  ]);
  const start = parseExportLine(startLine);
  const from = parseSignedNote(trustedNote).checkpoint.size;
  if (start.type !== 'start' || start.size <= from) return undefined;
  const proof = await api<{ from: number; to: number; proof: string[] }>(
    clientSettings(),
    'GET',
    `/v1/audit/consistency?from=${from}&to=${start.size}`,
  );
  return formatConsistencyLine(proof.from, proof.to, proof.proof);
}

async function exportTo(options: {
  since?: string;
  objects?: string | boolean;
  trusted?: string;
}): Promise<void> {
  const trusted = options.trusted === undefined ? undefined : await readCheckpointArg(options.trusted);
  const query = options.since ? `?since=${encodeURIComponent(options.since)}` : '';
  const response = await request(clientSettings(), 'GET', `/v1/audit/export${query}`);
  // The object store and the export format load only for an export that writes objects.
  let store: ObjectStore | undefined;
  let parseExportLine: typeof import('../audit/export-format.ts').parseExportLine | undefined;
  if (options.objects) {
    const [objects, format] = await Promise.all([
      import('../storage/object-store.ts'),
      import('../audit/export-format.ts'),
    ]);
    parseExportLine = format.parseExportLine;
    store =
      typeof options.objects === 'string'
        ? new objects.DirectoryObjectStore(options.objects)
        : objects.openObjectStore((await import('../config/load.ts')).loadConfig(), warrantHome());
  }
  const lines = createInterface({
    input: Readable.fromWeb(response.body! as import('node:stream/web').ReadableStream<Uint8Array>),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNumber = 0;
  let bridge: string | undefined;
  for await (const line of lines) {
    lineNumber++;
    if (trusted !== undefined && lineNumber === 1) bridge = await bridgeLine(trusted, line);
    if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
    // After the start line's checkpoint: the proof ends at the size that checkpoint signs.
    if (bridge !== undefined && lineNumber === 2) process.stdout.write(`${bridge}\n`);
    if (store && parseExportLine && line.startsWith('{"type":"event"')) {
      const { event } = parseExportLine(line) as EventLine;
      await store.put(eventObjectKey(event), `${line}\n`);
    }
  }
}

/** Exit 0 ok, 1 tampered, 2 unusable (also for a file or key that cannot be read). */
interface VerifyFlags {
  key: string;
  json?: boolean;
  trusted?: string;
  saveCheckpoint?: string;
  witness?: string[];
  witnessQuorum?: string;
}

async function verifyFile(file: string, options: VerifyFlags): Promise<void> {
  const unusable = (message: string) => {
    if (options.json) printJson({ status: 'unusable', message });
    else process.stdout.write(`unusable: ${message}\n`);
    process.exitCode = 2;
  };
  let key: string;
  let trusted: string | undefined;
  let witnesses: string[];
  try {
    key = await readKey(options.key);
    witnesses = await Promise.all((options.witness ?? []).map(readKey));
  } catch (error) {
    unusable(`cannot read the key: ${(error as Error).message}`);
    return;
  }
  try {
    // A missing trusted file on a cron job's first run starts from nothing; any other read error is unusable.
    trusted = options.trusted === undefined ? undefined : await readCheckpointArg(options.trusted);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || options.trusted !== options.saveCheckpoint) {
      unusable(`cannot read the trusted checkpoint: ${(error as Error).message}`);
      return;
    }
  }
  const quorum = options.witnessQuorum === undefined ? witnesses.length && 1 : Number(options.witnessQuorum);
  if (!Number.isSafeInteger(quorum) || quorum < 0 || quorum > witnesses.length) {
    unusable(
      `--witness-quorum must be a whole number from 0 to the ${witnesses.length} --witness key(s) given`,
    );
    return;
  }
  const input = createReadStream(file);
  const opened = once(input, 'open').then(
    () => undefined,
    (error: Error) => error,
  );
  const failure = await opened;
  if (failure) {
    unusable(`cannot read ${file}: ${failure.message}`);
    return;
  }
  const { verifyExport } = await import('../audit/verify-export.ts');
  const result = await verifyExport(createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }), key, {
    ...(trusted === undefined ? {} : { trusted }),
    witnesses,
    quorum,
  });
  if (result.status === 'ok' && options.saveCheckpoint && result.checkpointNote)
    await saveCheckpoint(options.saveCheckpoint, result.checkpointNote);
  const bad = result.firstBad;
  const where = bad
    ? `line ${bad.line}${bad.leaf_index === null ? '' : `, leaf ${bad.leaf_index}`}${bad.event_id ? `, event ${bad.event_id}` : ''}: ${bad.reason}\n  ${result.message}`
    : result.message;
  if (options.json)
    printJson({
      status: result.status,
      message: result.message,
      first_bad: bad ?? null,
      ...(result.cosignedBy ? { cosigned_by: result.cosignedBy } : {}),
    });
  else process.stdout.write(`${result.status}: ${where}\n`);
  process.exitCode = { ok: 0, tampered: 1, unusable: 2 }[result.status];
}

export function auditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('export')
    .description('stream the JSONL export of your tenant (through the server) to stdout')
    .option('--since <iso>', 'start at the last checkpoint published at or before this time')
    .option(
      '--trusted <checkpoint>',
      'a checkpoint verified before (file or note text): when the export starts after it, add the consistency proof from it',
    )
    .option(
      '--objects [dir]',
      'also write each event to audit/{date}/{event_id}.json in an object store directory',
    )
    .action(exportTo);
  audit
    .command('verify <file>')
    .description('verify an export offline: exit 0 ok, 1 tampered, 2 unusable')
    .requiredOption(
      '--key <key>',
      'the verifier key (`warrant audit public-key`, GET /v1/audit/public-key), or a file holding it',
    )
    .option(
      '--trusted <checkpoint>',
      'a checkpoint verified before (file or note text): fail unless the export extends it',
    )
    .option(
      '--save-checkpoint <file>',
      'after an ok verification, store the newest checkpoint there (give the same file to --trusted next run)',
    )
    .option(
      '--witness <key...>',
      'a witness verifier key (tlog-cosignature, or a file holding it); repeat for several',
    )
    .option('--witness-quorum <n>', 'how many --witness keys must cosign the newest checkpoint (default 1)')
    .option('--json', 'print { status, message, first_bad, cosigned_by } as JSON')
    .action(verifyFile);
  audit
    .command('public-key')
    .description(
      'print the key the checkpoints are signed with; `audit verify --key` takes it (or a file of it)',
    )
    .option('--json', 'print { key, format } as JSON')
    .action(async (options: { json?: boolean }) => {
      const settings = clientSettings();
      if (options.json)
        printJson(
          await api(settings, 'GET', '/v1/audit/public-key', undefined, { accept: 'application/json' }),
        );
      else write((await (await request(settings, 'GET', '/v1/audit/public-key')).text()).trim());
    });
  audit
    .command('checkpoint')
    .description('print the latest signed checkpoint of your tenant')
    .option('--json', 'print { checkpoint } (the signed note as one string) as JSON')
    .action(async (options: { json?: boolean }) => {
      const note = await (await request(clientSettings(), 'GET', '/v1/audit/checkpoint')).text();
      if (options.json) printJson({ checkpoint: note });
      else process.stdout.write(note);
    });
  audit
    .command('proof <event_id>')
    .description('print the inclusion proof of an event')
    .option('--size <n>', 'tree size to prove against (default: the latest checkpoint)')
    .option('--json', 'print the proof as JSON')
    .action(async (eventId: string, options: { size?: string; json?: boolean }) => {
      const query = options.size ? `?size=${encodeURIComponent(options.size)}` : '';
      const proof = await api<{
        event_id: string;
        leaf_index: number;
        tree_size: number;
        leaf_hash: string;
        root: string;
        inclusion: string[];
        checkpoint: string | null;
      }>(clientSettings(), 'GET', `/v1/audit/events/${encodeURIComponent(eventId)}/proof${query}`);
      if (options.json) return printJson(proof);
      write(
        [
          `event ${proof.event_id} is leaf ${proof.leaf_index} of a tree of ${proof.tree_size}`,
          `  leaf hash: ${proof.leaf_hash}`,
          `  root:      ${proof.root}`,
          `  inclusion: ${proof.inclusion.length} hash(es)`,
          ...proof.inclusion.map((hash) => `    ${hash}`),
          ...(proof.checkpoint
            ? [
                '  checkpoint:',
                ...proof.checkpoint
                  .trimEnd()
                  .split('\n')
                  .map((l) => `    ${l}`),
              ]
            : []),
        ].join('\n'),
      );
    });
}
