// `warrant audit …`: export, checkpoint and proof go through the server; verify is offline (no server, no database).

import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { type EventLine, parseExportLine } from '../audit/export-format.ts';
import { verifyExport } from '../audit/verify-export.ts';
import { loadConfig } from '../config/load.ts';
import { DirectoryObjectStore, type ObjectStore, openObjectStore } from '../storage/object-store.ts';
import { api, clientSettings, request } from './client.ts';
import { warrantHome } from './home.ts';

/** Object-store layout of an exported event (seed 001): one object per event, by day of occurrence. */
export const eventObjectKey = (event: Record<string, unknown>): string =>
  `audit/${String(event.occurred_at).slice(0, 10)}/${String(event.event_id)}.json`;

const NOTE_KEY = /^[^\s+]+\+[0-9a-f]{8}\+\S+$/;

/** --key takes the verifier key itself or a file holding it. */
async function readKey(value: string): Promise<string> {
  return NOTE_KEY.test(value.trim()) ? value.trim() : (await readFile(value, 'utf8')).trim();
}

async function exportTo(options: { since?: string; objects?: string | boolean }): Promise<void> {
  const query = options.since ? `?since=${encodeURIComponent(options.since)}` : '';
  const response = await request(clientSettings(), 'GET', `/v1/audit/export${query}`);
  let store: ObjectStore | undefined;
  if (typeof options.objects === 'string') store = new DirectoryObjectStore(options.objects);
  else if (options.objects) store = openObjectStore(loadConfig(), warrantHome());
  const lines = createInterface({
    input: Readable.fromWeb(response.body! as import('node:stream/web').ReadableStream<Uint8Array>),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
    if (store && line.startsWith('{"type":"event"')) {
      const { event } = parseExportLine(line) as EventLine;
      await store.put(eventObjectKey(event), `${line}\n`);
    }
  }
}

/** Exit 0 ok, 1 tampered, 2 unusable (also for a file or key that cannot be read). */
async function verifyFile(file: string, options: { key: string }): Promise<void> {
  let key: string;
  try {
    key = await readKey(options.key);
  } catch (error) {
    process.stdout.write(`unusable: cannot read the key: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const input = createReadStream(file);
  const opened = once(input, 'open').then(
    () => undefined,
    (error: Error) => error,
  );
  const failure = await opened;
  if (failure) {
    process.stdout.write(`unusable: cannot read ${file}: ${failure.message}\n`);
    process.exitCode = 2;
    return;
  }
  const result = await verifyExport(createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }), key);
  const bad = result.firstBad;
  const where = bad
    ? `line ${bad.line}${bad.leaf_index === null ? '' : `, leaf ${bad.leaf_index}`}${bad.event_id ? `, event ${bad.event_id}` : ''}: ${bad.reason}\n  ${result.message}`
    : result.message;
  process.stdout.write(`${result.status}: ${where}\n`);
  process.exitCode = { ok: 0, tampered: 1, unusable: 2 }[result.status];
}

export function auditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('export')
    .description('stream the JSONL export of your tenant (through the server) to stdout')
    .option('--since <iso>', 'start at the last checkpoint published at or before this time')
    .option(
      '--objects [dir]',
      'also write each event to audit/{date}/{event_id}.json in an object store directory',
    )
    .action(exportTo);
  audit
    .command('verify <file>')
    .description('verify an export offline: exit 0 ok, 1 tampered, 2 unusable')
    .requiredOption('--key <key>', 'the verifier key (GET /v1/audit/public-key), or a file holding it')
    .action(verifyFile);
  audit
    .command('checkpoint')
    .description('print the latest signed checkpoint of your tenant')
    .action(async () => {
      process.stdout.write(await (await request(clientSettings(), 'GET', '/v1/audit/checkpoint')).text());
    });
  audit
    .command('proof <event_id>')
    .description('print the inclusion proof of an event')
    .option('--size <n>', 'tree size to prove against (default: the latest checkpoint)')
    .action(async (eventId: string, options: { size?: string }) => {
      const query = options.size ? `?size=${encodeURIComponent(options.size)}` : '';
      const proof = await api(
        clientSettings(),
        'GET',
        `/v1/audit/events/${encodeURIComponent(eventId)}/proof${query}`,
      );
      process.stdout.write(`${JSON.stringify(proof, null, 2)}\n`);
    });
}
