import { describe, expect, it } from 'vitest';
import {
  formatVerifierKey,
  generateSignerKey,
  parseSignerKey,
  renameSigner,
  signCheckpoint,
} from './checkpoint.ts';
import { eventLeafHash } from './event.ts';
import { processSigningKey, signEvent } from './event-signer.ts';
import { signListing } from './event-signers.ts';
import {
  formatCheckpointLine,
  formatConsistencyLine,
  formatEventLine,
  formatSignerLine,
  formatStartLine,
} from './export-format.ts';
import { assemble, CompactRange, consistencyPlan, nodeKey } from './merkle.ts';
import { verifyExport } from './verify-export.ts';

// A log as the server keeps it, in memory: signed checkpoints every 50 events, every complete node stored.
const ORIGIN = 'warrant.dev/audit/00000000-0000-4000-8000-000000000001';
const { signerKey, verifierKey } = generateSignerKey('warrant.test/audit');
const family = parseSignerKey(signerKey);
const signers = [renameSigner(family, ORIGIN), family];

const eventOf = (i: number, variant = '') => ({
  event_id: `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`,
  tenant_id: '00000000-0000-4000-8000-000000000001',
  occurred_at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  actor: { id: 'u', type: 'user', roles: ['admin'], tenant_id: 't' },
  action: 'plan.submitted',
  decision: null,
  context: { i, variant },
  evidence_refs: [],
});

interface Log {
  lines: string[];
  /** The checkpoint note of each size a checkpoint was published at. */
  notes: Map<number, string>;
  nodes: Map<string, Uint8Array>;
  frontiers: Map<number, readonly Uint8Array[]>;
}

/** A log of `count` events; `variant(i)` rewrites event i, as a history forked by a database writer would. */
function buildLog(count: number, variant: (i: number) => string = () => ''): Log {
  // The writer's key, listed under the installation key, and each event signed by it (event-signer.ts).
  const signerLine = formatSignerLine(signListing(processSigningKey(), family));
  const log: Log = { lines: [signerLine], notes: new Map(), nodes: new Map(), frontiers: new Map() };
  const range = new CompactRange();
  for (let i = 0; i < count; i++) {
    const event = signEvent(eventOf(i, variant(i)));
    const hash = eventLeafHash(event);
    log.frontiers.set(i, [...range.frontier]);
    log.lines.push(formatEventLine(i, event, hash));
    range.append(hash, (node) => log.nodes.set(nodeKey(node.level, node.index), node.hash));
    if ((i + 1) % 50 === 0 || i === count - 1) {
      const note = signCheckpoint({ origin: ORIGIN, size: range.size, rootHash: range.root() }, signers);
      log.notes.set(range.size, note);
      log.lines.push(formatCheckpointLine(note));
    }
  }
  return log;
}

/** The lines of `log` up to and including the checkpoint of `size`: an export cut at that checkpoint. */
const cutAt = (log: Log, size: number) =>
  log.lines.slice(0, log.lines.indexOf(formatCheckpointLine(log.notes.get(size)!)) + 1);

/** An export since checkpoint `start`: start line, the checkpoint, then the rest (as export.ts writes it). */
function since(log: Log, start: number, bridgeFrom?: number): string[] {
  const note = formatCheckpointLine(log.notes.get(start)!);
  const lines = [formatStartLine(start, log.frontiers.get(start)!), note, log.lines[0]!];
  if (bridgeFrom !== undefined) {
    const proof = assemble(consistencyPlan(bridgeFrom, start), log.nodes);
    lines.push(
      formatConsistencyLine(
        bridgeFrom,
        start,
        proof.map((h) => Buffer.from(h).toString('hex')),
      ),
    );
  }
  return [...lines, ...log.lines.slice(log.lines.indexOf(note) + 1)];
}

const honest = buildLog(260);

describe('verify --trusted', () => {
  it('passes an export that extends the trusted checkpoint, and hands back its newest checkpoint', async () => {
    const result = await verifyExport(honest.lines, verifierKey, { trusted: honest.notes.get(150)! });
    expect(result).toMatchObject({
      status: 'ok',
      checkpointSize: 260,
      checkpointNote: honest.notes.get(260),
    });
    expect((await verifyExport(honest.lines, verifierKey, { trusted: honest.notes.get(260)! })).status).toBe(
      'ok',
    );
  });

  it('catches an export cut at a checkpoint', async () => {
    const cut = cutAt(honest, 200);
    // Without trusted state the cut export is a fine log of 200 events: what `verify` said before.
    expect((await verifyExport(cut, verifierKey)).status).toBe('ok');
    const result = await verifyExport(cut, verifierKey, { trusted: honest.notes.get(260)! });
    expect(result).toMatchObject({ status: 'tampered', firstBad: { reason: 'behind_trusted' } });
    expect(result.message).toMatch(/ends at 200 events, before the trusted checkpoint of 260/);
  });

  it('catches a cut tail: the newest events and their checkpoints deleted, the head reset, the log grown again', async () => {
    // The server re-signs a checkpoint at each size it reaches again: 230 events, the last 80 different.
    const regrown = buildLog(230, (i) => (i >= 150 ? 'after the cut' : ''));
    expect((await verifyExport(regrown.lines, verifierKey)).status).toBe('ok');
    const result = await verifyExport(regrown.lines, verifierKey, { trusted: honest.notes.get(260)! });
    expect(result.firstBad?.reason).toBe('behind_trusted');
  });

  it('catches a forked history: two checkpoints of one size with different roots', async () => {
    const forked = buildLog(300, (i) => (i === 120 ? 'backdated' : ''));
    const trusted = honest.notes.get(200)!;
    expect(forked.notes.get(200)).not.toBe(trusted);
    expect((await verifyExport(forked.lines, verifierKey)).status).toBe('ok');
    const result = await verifyExport(forked.lines, verifierKey, { trusted });
    expect(result).toMatchObject({ status: 'tampered', firstBad: { reason: 'inconsistent_with_trusted' } });
    // Caught at the checkpoint after the streamed tree reaches the trusted size, not at the end.
    expect(result.events).toBe(200);
    // The same size, the same export: a checkpoint of the fork given as trusted.
    const same = await verifyExport(forked.lines, verifierKey, { trusted: honest.notes.get(250)! });
    expect(same.firstBad?.reason).toBe('inconsistent_with_trusted');
  });

  it('ties an export that starts after the trusted size through its consistency line', async () => {
    const trusted = honest.notes.get(100)!;
    expect((await verifyExport(since(honest, 200, 100), verifierKey, { trusted })).status).toBe('ok');
    // Without the proof it cannot say, and says why.
    const unproven = await verifyExport(since(honest, 200), verifierKey, { trusted });
    expect(unproven).toMatchObject({ status: 'unusable', firstBad: { reason: 'trusted_unproven' } });
    // A fork before the start, bridged with the fork's own (valid for it) proof, does not reach the trusted root.
    const forked = buildLog(260, (i) => (i === 20 ? 'rewritten' : ''));
    const result = await verifyExport(since(forked, 200, 100), verifierKey, { trusted });
    expect(result.firstBad?.reason).toBe('inconsistent_with_trusted');
    // An export since a checkpoint at or before the trusted size needs no proof: the leaves reach it.
    expect(
      (await verifyExport(since(honest, 100), verifierKey, { trusted: honest.notes.get(150)! })).status,
    ).toBe('ok');
    // Event 20 is before the start: the fork is in the frontier, and shows at the trusted size.
    const forkedLater = await verifyExport(since(forked, 50), verifierKey, {
      trusted: honest.notes.get(150)!,
    });
    expect(forkedLater.firstBad?.reason).toBe('inconsistent_with_trusted');
    expect((await verifyExport(since(forked, 100), verifierKey, { trusted })).firstBad?.reason).toBe(
      'inconsistent_with_trusted',
    );
  });

  it('refuses a trusted checkpoint that does not verify, or is of another log', async () => {
    const other = generateSignerKey('warrant.test/audit');
    const foreign = signCheckpoint(
      { origin: ORIGIN, size: 1, rootHash: new Uint8Array(32) },
      other.signerKey,
    );
    const result = await verifyExport(honest.lines, verifierKey, { trusted: foreign });
    expect(result).toMatchObject({ status: 'unusable', firstBad: { reason: 'bad_trusted' } });
    const elsewhere = signCheckpoint(
      { origin: 'warrant.dev/audit/another', size: 1, rootHash: new Uint8Array(32) },
      family,
    );
    expect((await verifyExport(honest.lines, verifierKey, { trusted: elsewhere })).status).toBe('unusable');
  });

  it('accepts old checkpoints signed under the installation key name only, with the tenant key', async () => {
    const legacy = signCheckpoint({ origin: ORIGIN, size: 0, rootHash: new CompactRange().root() }, family);
    const perTenant = formatVerifierKey(renameSigner(family, ORIGIN));
    expect((await verifyExport([formatCheckpointLine(legacy)], perTenant)).status).toBe('ok');
    expect((await verifyExport(honest.lines, perTenant)).status).toBe('ok');
  });
});
