import { generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSignerKey, parseSignerKey, signCheckpoint } from './checkpoint.ts';
import { type AuditEvent, eventLeafHash } from './event.ts';
import { processSigningKey, signEvent, signedEventJson, signerIdOf } from './event-signer.ts';
import { signListing } from './event-signers.ts';
import {
  formatCheckpointLine,
  formatEventLine,
  formatSignerLine,
  formatStartLine,
  parseExportLine,
} from './export-format.ts';
import { CompactRange } from './merkle.ts';
import { verifyExport } from './verify-export.ts';

const ORIGIN = 'warrant.test/audit';
const { signerKey, verifierKey } = generateSignerKey(ORIGIN);
const signer = parseSignerKey(signerKey);

function makeEvent(i: number): AuditEvent {
  return {
    event_id: `evt_${i.toString().padStart(6, '0')}`,
    tenant_id: i % 3 === 0 ? 'demo' : 'acme',
    occurred_at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
    actor: { id: `agent-${i % 7}`, type: 'agent', roles: ['agent', 'operator'], tenant_id: 'demo' },
    action: ['plan.submitted', 'approval.granted', 'run.step_succeeded'][i % 3]!,
    decision: i % 5 === 0 ? null : 'allow',
    context: { environment: 'prod', namespace: `ns${i % 11}`, plan_id: `plan_${Math.floor(i / 3)}`, seq: i },
    evidence_refs: i % 2 === 0 ? [] : [`evidence/run_${i}/ev.json`],
  };
}

/** An export as the server writes it: a checkpoint every `every` events and one at the end. */
function buildExport(count: number, { every = 50, withHash = true } = {}): string[] {
  // The writer's key, listed under the log's key, and each event signed by it (event-signer.ts).
  const lines: string[] = [formatSignerLine(signListing(processSigningKey(), signer))];
  const range = new CompactRange();
  for (let i = 0; i < count; i++) {
    const event = signEvent(makeEvent(i));
    const hash = eventLeafHash(event);
    const line = formatEventLine(i, event, hash);
    lines.push(withHash ? line : line.replace(/"hash":"[0-9a-f]{64}",/, ''));
    range.append(hash);
    if ((i + 1) % every === 0 || i === count - 1) {
      lines.push(
        formatCheckpointLine(
          signCheckpoint({ origin: ORIGIN, size: range.size, rootHash: range.root() }, signer),
        ),
      );
    }
  }
  return lines;
}

const COUNT = 317;
const withHash = buildExport(COUNT);
const withoutHash = buildExport(COUNT, { withHash: false });
const isEvent = (line: string) => line.startsWith('{"type":"event"');

/** 1-based lines bounding the checkpoint interval that holds array index `at`: (previous checkpoint, closing one]. */
function intervalOf(lines: readonly string[], at: number): { after: number; closing: number } {
  let after = 0;
  for (let i = 0; i < at; i++) if (!isEvent(lines[i]!)) after = i + 1;
  let closing = at;
  while (closing < lines.length && isEvent(lines[closing]!)) closing++;
  return { after, closing: closing + 1 };
}

function eventIndices(lines: readonly string[]): number[] {
  return lines.flatMap((line, i) => (isEvent(line) ? [i] : []));
}

// Arbitraries name the export rather than carry it, to keep counterexamples readable.
const exportsByName = { withHash, withoutHash };
const exports = fc.constantFrom<keyof typeof exportsByName>('withHash', 'withoutHash');
const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));

describe('verifyExport on intact exports', () => {
  it('accepts an export, with or without per-event hashes', async () => {
    for (const lines of [withHash, withoutHash]) {
      const result = await verifyExport(lines, verifierKey);
      expect(result).toMatchObject({ status: 'ok', events: COUNT, checkpointSize: COUNT });
      expect(result.firstBad).toBeUndefined();
    }
  });

  it('accepts a re-serialized export that keeps its hashes, by canonicalizing the events', async () => {
    const reserialized = withHash.map((line) => {
      const { type, leaf_index, hash, event, note, ...signerLine } = JSON.parse(line);
      if (type === 'signer') return JSON.stringify({ ...signerLine, type });
      return JSON.stringify(type === 'event' ? { event, hash, leaf_index, type } : { note, type });
    });
    expect(reserialized[0]).not.toBe(withHash[0]);
    expect((await verifyExport(reserialized, verifierKey)).status).toBe('ok');
  });

  it('reads async line streams, CRLF line ends and blank lines', async () => {
    async function* stream() {
      for (const line of withHash) yield `${line}\r`;
      yield '';
    }
    expect((await verifyExport(stream(), verifierKey)).status).toBe('ok');
  });

  it('accepts an empty log with its size-0 checkpoint', async () => {
    // Without its signer line: nothing at all.
    expect((await verifyExport(buildExport(0).slice(1), verifierKey)).status).toBe('unusable');
    const empty = new CompactRange();
    const note = signCheckpoint({ origin: ORIGIN, size: 0, rootHash: empty.root() }, signer);
    expect((await verifyExport([formatCheckpointLine(note)], verifierKey)).status).toBe('ok');
  });
});

describe('verifyExport on damaged exports', () => {
  it('any single-character change to an event line is detected within its interval', async () => {
    await fc.assert(
      fc.asyncProperty(exports, fc.nat(), fc.nat(), printable, async (name, pickLine, pickPos, char) => {
        const lines = exportsByName[name];
        const targets = eventIndices(lines);
        const at = targets[pickLine % targets.length]!;
        const line = lines[at]!;
        const pos = pickPos % line.length;
        fc.pre(line[pos] !== char);
        const damaged = [...lines];
        damaged[at] = line.slice(0, pos) + char + line.slice(pos + 1);
        const result = await verifyExport(damaged, verifierKey);
        expect(result.status).not.toBe('ok');
        const { after, closing } = intervalOf(lines, at);
        expect(result.firstBad!.line).toBeGreaterThan(after);
        expect(result.firstBad!.line).toBeLessThanOrEqual(closing);
      }),
      { numRuns: 300 },
    );
  });

  it('a change that still parses is tampering, named exactly when the event carries its hash', async () => {
    const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');
    await fc.assert(
      fc.asyncProperty(exports, fc.nat(), fc.nat(), alnum, async (name, pickLine, pickPos, char) => {
        const lines = exportsByName[name];
        const targets = eventIndices(lines);
        const at = targets[pickLine % targets.length]!;
        const line = lines[at]!;
        const pos = pickPos % line.length;
        fc.pre(/[a-z0-9]/.test(line[pos]!) && line[pos] !== char);
        const changed = line.slice(0, pos) + char + line.slice(pos + 1);
        fc.pre(parses(changed));
        const damaged = [...lines];
        damaged[at] = changed;
        const result = await verifyExport(damaged, verifierKey);
        expect(result.status).toBe('tampered');
        const { after, closing } = intervalOf(lines, at);
        // Renaming the hash field itself leaves only the checkpoint roots to tell.
        if (changed.includes('"hash":"')) expect(result.firstBad!.line).toBe(at + 1);
        expect(result.firstBad!.line).toBeGreaterThan(after);
        expect(result.firstBad!.line).toBeLessThanOrEqual(closing);
      }),
      { numRuns: 300 },
    );
  });

  it('deleted, duplicated and swapped event lines are named at the first affected line or interval', async () => {
    const edit = fc.constantFrom('delete', 'duplicate', 'swap');
    await fc.assert(
      fc.asyncProperty(exports, edit, fc.nat(), fc.nat(), async (name, kind, a, b) => {
        const lines = exportsByName[name];
        const targets = eventIndices(lines);
        const i = targets[a % targets.length]!;
        const j = targets[b % targets.length]!;
        const damaged = [...lines];
        let first = i;
        if (kind === 'delete') damaged.splice(i, 1);
        if (kind === 'duplicate') {
          damaged.splice(i + 1, 0, lines[i]!);
          first = i + 1;
        }
        if (kind === 'swap') {
          fc.pre(i !== j);
          [damaged[i], damaged[j]] = [lines[j]!, lines[i]!];
          first = Math.min(i, j);
        }
        const result = await verifyExport(damaged, verifierKey);
        expect(result.status).toBe('tampered');
        if (kind === 'delete') {
          // The next line's leaf_index names the gap, unless the deleted event closed its interval.
          expect(result.firstBad!.line).toBeGreaterThan(intervalOf(lines, i).after);
          expect(result.firstBad!.line).toBeLessThanOrEqual(i + 1);
        } else {
          expect(result.firstBad!.line).toBe(first + 1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('renumbered deletions and reorders are localized to their checkpoint interval', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(COUNT - 1), fc.boolean(), async (leaf, swap) => {
        const events = eventIndices(withoutHash).map((at) => parseExportLine(withoutHash[at]!));
        const at = eventIndices(withoutHash)[leaf]!;
        const kept = withoutHash.filter((_, i) => i !== at || swap);
        if (swap) {
          const next = leaf + 1 < COUNT ? leaf + 1 : leaf - 1;
          fc.pre(
            intervalOf(withoutHash, at).closing ===
              intervalOf(withoutHash, eventIndices(withoutHash)[next]!).closing,
          );
          const a = events[leaf]!;
          const b = events[next]!;
          if (a.type !== 'event' || b.type !== 'event') throw new Error('not events');
          kept[at] = JSON.stringify({ ...a, event: b.event });
          kept[eventIndices(withoutHash)[next]!] = JSON.stringify({ ...b, event: a.event });
        }
        // Renumber so leaf indices look intact: only the signed roots and sizes can tell.
        let n = 0;
        const relabelled = kept.map((line) =>
          isEvent(line) ? line.replace(/"leaf_index":\d+/, `"leaf_index":${n++}`) : line,
        );
        const result = await verifyExport(relabelled, verifierKey);
        expect(result.status).toBe('tampered');
        expect(result.firstBad!.reason).toMatch(
          swap ? 'root_mismatch' : /root_mismatch|checkpoint_size_mismatch/,
        );
        const { after, closing } = intervalOf(withoutHash, at);
        expect(result.firstBad!.line).toBeGreaterThan(after);
        expect(result.firstBad!.line).toBeLessThanOrEqual(closing);
      }),
      { numRuns: 100 },
    );
  });

  it('detects truncation', async () => {
    const withoutFinal = withHash.slice(0, -1);
    expect(await verifyExport(withoutFinal, verifierKey)).toMatchObject({
      status: 'tampered',
      checkpointSize: 300,
      firstBad: { reason: 'missing_final_checkpoint', leaf_index: 300, line: 308 },
    });
    const cutMidInterval = withHash.slice(0, 100);
    expect((await verifyExport(cutMidInterval, verifierKey)).firstBad?.reason).toBe(
      'missing_final_checkpoint',
    );
    const lastEventsDropped = [...withHash.slice(0, -4), withHash.at(-1)!];
    expect((await verifyExport(lastEventsDropped, verifierKey)).firstBad).toMatchObject({
      reason: 'checkpoint_size_mismatch',
      leaf_index: 300,
    });
    const small = buildExport(10).slice(0, -1);
    expect((await verifyExport(small, verifierKey)).status).toBe('tampered');
  });

  it('rejects a forged final checkpoint', async () => {
    const final = JSON.parse(withHash.at(-1)!) as { note: string };
    const stranger = generateSignerKey(ORIGIN);
    const range = new CompactRange();
    for (let i = 0; i < COUNT - 5; i++) range.append(eventLeafHash(makeEvent(i)));
    const forgeries = [
      final.note.replace(`\n${COUNT}\n`, `\n${COUNT - 5}\n`),
      signCheckpoint({ origin: ORIGIN, size: COUNT - 5, rootHash: range.root() }, stranger.signerKey),
      signCheckpoint({ origin: 'other.log', size: COUNT - 5, rootHash: range.root() }, signer),
    ];
    for (const note of forgeries) {
      // The attacker drops the last five events and vouches for the shorter log.
      const lines = [...withHash.slice(0, -6), formatCheckpointLine(note)];
      const result = await verifyExport(lines, verifierKey);
      expect(result.status).toBe('tampered');
      expect(result.firstBad).toMatchObject({ reason: 'bad_checkpoint', leaf_index: 300 });
    }
  });

  it('is unusable with a wrong or malformed key, or unparseable input', async () => {
    const wrong = await verifyExport(withHash, generateSignerKey(ORIGIN).verifierKey);
    expect(wrong).toMatchObject({ status: 'unusable', firstBad: { reason: 'unknown_key' } });
    expect((await verifyExport(withHash, 'not-a-key')).status).toBe('unusable');
    const garbage = [...withHash];
    garbage[3] = 'this is not json';
    expect(await verifyExport(garbage, verifierKey)).toMatchObject({
      status: 'unusable',
      firstBad: { line: 4, reason: 'unparseable' },
    });
    expect((await verifyExport([], verifierKey)).status).toBe('unusable');
  });
});

function parses(line: string): boolean {
  try {
    parseExportLine(line);
    return true;
  } catch {
    return false;
  }
}

describe('verifyExport on exports that start mid-log', () => {
  /** The export from checkpoint `start` on: a start line with the frontier there, then the lines after it. */
  function fromCheckpoint(start: number): string[] {
    const range = new CompactRange();
    for (let i = 0; i < start; i++) range.append(eventLeafHash(signEvent(makeEvent(i))));
    const at = withHash.findIndex((line) => line.startsWith(`{"type":"event","leaf_index":${start},`));
    // As the server writes it: the start line, its checkpoint, the signers, the events.
    return [formatStartLine(start, range.frontier), withHash[at - 1]!, withHash[0]!, ...withHash.slice(at)];
  }

  it('verifies from the frontier a signed checkpoint vouches for', async () => {
    const result = await verifyExport(fromCheckpoint(100), verifierKey);
    expect(result.status).toBe('ok');
    expect(result.checkpointSize).toBe(COUNT);
  });

  it('refuses a forged frontier and a start line that is not first', async () => {
    const lines = fromCheckpoint(100);
    const frontier = JSON.parse(lines[0]!).frontier as string[];
    const flipped = `${frontier[0]![0] === '0' ? '1' : '0'}${frontier[0]!.slice(1)}`;
    const forged = lines[0]!.replace(frontier[0]!, flipped);
    expect((await verifyExport([forged, ...lines.slice(1)], verifierKey)).status).toBe('tampered');
    const twice = await verifyExport([lines[0]!, lines[0]!, ...lines.slice(1)], verifierKey);
    expect(twice.status).toBe('unusable');
  });
});

describe('verifyExport checks every event’s writer signature', () => {
  const listing = formatSignerLine(signListing(processSigningKey(), signer));
  // A writer whose key no listing of this log vouches for (another installation listed it).
  const stranger = generateKeyPairSync('ed25519');
  const strangerId = signerIdOf(
    new Uint8Array(Buffer.from(stranger.publicKey.export({ format: 'jwk' }).x!, 'base64url')),
  );

  /** An export whose events chain to signed checkpoints: what a compromised integrator would publish. */
  function exportOf(events: Record<string, unknown>[], signers = [listing]): string[] {
    const lines = [...signers];
    const range = new CompactRange();
    events.forEach((event, i) => {
      const hash = eventLeafHash(event);
      lines.push(formatEventLine(i, event, hash));
      range.append(hash);
    });
    lines.push(
      formatCheckpointLine(
        signCheckpoint({ origin: ORIGIN, size: range.size, rootHash: range.root() }, signer),
      ),
    );
    return lines;
  }

  const forgeries = {
    missing: (event: Record<string, unknown>) => {
      const { signature: _s, signer: _k, ...rest } = event;
      return rest;
    },
    altered: (event: Record<string, unknown>) => ({ ...event, action: 'plan.approved', decision: 'allow' }),
    flipped: (event: Record<string, unknown>) => {
      const signature = String(event.signature);
      return { ...event, signature: `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}` };
    },
    stranger: (event: Record<string, unknown>) => {
      const rest: Record<string, unknown> = { ...event, signer: strangerId };
      delete rest.signature;
      const bytes = Buffer.from(signedEventJson(rest), 'utf8');
      return { ...rest, signature: sign(null, bytes, stranger.privateKey).toString('base64') };
    },
  } as const;
  const reasons = {
    missing: 'unsigned_event',
    altered: 'bad_event_signature',
    flipped: 'bad_event_signature',
    stranger: 'unknown_event_signer',
  } as const;

  it('accepts events signed by a listed writer', async () => {
    const events = Array.from({ length: 20 }, (_, i) => signEvent(makeEvent(i)));
    expect((await verifyExport(exportOf(events), verifierKey)).status).toBe('ok');
  });

  it('names the first event whose signature is missing, wrong or by an unlisted key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.nat(),
        fc.constantFrom(...(Object.keys(forgeries) as (keyof typeof forgeries)[])),
        async (count, pick, kind) => {
          const events: Record<string, unknown>[] = Array.from({ length: count }, (_, i) =>
            signEvent(makeEvent(i)),
          );
          const at = pick % count;
          events[at] = forgeries[kind](events[at]!);
          const result = await verifyExport(exportOf(events), verifierKey);
          expect(result).toMatchObject({
            status: 'tampered',
            events: at,
            firstBad: { reason: reasons[kind], leaf_index: at, event_id: events[at]!.event_id, line: at + 2 },
          });
          expect(result.message).toContain(String(events[at]!.event_id));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('checks the signature of a re-serialized (parsed) event line too', async () => {
    const events: Record<string, unknown>[] = [signEvent(makeEvent(0)), signEvent(makeEvent(1))];
    events[1] = forgeries.altered(events[1]!);
    const lines = exportOf(events).map((line) => {
      const parsed = JSON.parse(line);
      return parsed.type === 'event'
        ? JSON.stringify({ event: parsed.event, leaf_index: parsed.leaf_index, type: 'event' })
        : line;
    });
    expect((await verifyExport(lines, verifierKey)).firstBad).toMatchObject({
      reason: 'bad_event_signature',
      leaf_index: 1,
    });
  });

  it('refuses a signer listing the log’s key did not sign, and events without any listing', async () => {
    const events = [signEvent(makeEvent(0))];
    const otherInstallation = parseSignerKey(generateSignerKey(ORIGIN).signerKey);
    const forged = formatSignerLine(signListing(processSigningKey(), otherInstallation));
    expect((await verifyExport(exportOf(events, [forged]), verifierKey)).status).not.toBe('ok');
    expect((await verifyExport(exportOf(events, []), verifierKey)).firstBad?.reason).toBe(
      'unknown_event_signer',
    );
  });
});
