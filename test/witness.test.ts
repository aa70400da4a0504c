// Two Warrant installations on 127.0.0.1 that witness each other (c2sp.org/tlog-witness both ways), the checks of
// `audit verify --witness`, the witness's refusals, and public checkpoints.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSignerKey,
  parseSignedNote,
  parseSignerKey,
  renameSigner,
  signCheckpoint,
} from '../src/audit/checkpoint.ts';
import { generateCosignerKey } from '../src/audit/cosignature.ts';
import { leafHash } from '../src/audit/merkle.ts';
import { formatAddCheckpoint } from '../src/transparency/add-checkpoint-body.ts';
import { WitnessSubmitter } from '../src/transparency/submitter.ts';
import { warrant as cli, freePort } from './cli-spawn.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'warrant-witness-'));
const logKeys = { a: generateSignerKey('warrant.test/a'), b: generateSignerKey('warrant.test/b') };
const witnessKeys = { a: generateCosignerKey('witness.a.test'), b: generateCosignerKey('witness.b.test') };
let a: Harness;
let b: Harness;

async function start(self: 'a' | 'b', other: 'a' | 'b', ports: Record<'a' | 'b', number>) {
  const keyPath = join(dir, `${self}-witness-key`);
  writeFileSync(keyPath, `${witnessKeys[self].signerKey}\n`, { mode: 0o600 });
  return startHarness({
    port: ports[self],
    auditSignerKey: logKeys[self].signerKey,
    config: {
      audit: {
        public_checkpoints: self === 'a',
        witnesses: [
          { url: `http://127.0.0.1:${ports[other]}/v1/witness`, key: witnessKeys[other].verifierKey },
        ],
        // Every tenant log of the other installation: its origins are warrant.dev/audit/<tenant id>.
        witness: {
          key_path: keyPath,
          logs: [{ key: logKeys[other].verifierKey, origin_prefix: 'warrant.dev/audit/' }],
        },
      },
    } as never,
  });
}

beforeAll(async () => {
  const ports = { a: await freePort(), b: await freePort() };
  [a, b] = await Promise.all([start('a', 'b', ports), start('b', 'a', ports)]);
});
afterAll(async () => Promise.all([a?.close(), b?.close()]));

const settle = async (h: Harness) => {
  while ((await h.warrant.audit.integrateNow()) > 0);
  await h.warrant.audit.publishCheckpoints();
};
const tenantOf = async (h: Harness) =>
  (await h.call<{ actor: { tenant_id: string } }>('GET', '/v1/whoami')).body.actor.tenant_id;
const exportOf = async (h: Harness) => (await h.call<string>('GET', '/v1/audit/export')).body as string;

async function verifyCli(file: string, key: string, extra: string[]) {
  return cli(['audit', 'verify', file, '--key', key, ...extra], {});
}

describe('two installations witness each other', () => {
  it('cosign each other’s checkpoints; verify --witness-quorum 1 passes with the cosignature, fails without', async () => {
    await Promise.all([settle(a), settle(b)]);
    const before = join(dir, 'a-before.jsonl');
    writeFileSync(before, await exportOf(a));

    expect(await a.warrant.witnessing.submitAll()).toBe(1);
    expect(await b.warrant.witnessing.submitAll()).toBe(1);
    // Nothing new: nothing sent again.
    expect(await a.warrant.witnessing.submitAll()).toBe(0);

    // The checkpoint routes serve the note with the cosignature appended.
    const note = (await a.call<string>('GET', '/v1/audit/checkpoint')).body as string;
    const names = parseSignedNote(note).signatures.map((s) => s.name);
    expect(names).toEqual([`warrant.dev/audit/${await tenantOf(a)}`, 'warrant.test/a', 'witness.b.test']);
    // And B, as tlog-witness's monitoring prefix asks, serves what it cosigned.
    const { createHash } = await import('node:crypto');
    const originHash = createHash('sha256')
      .update(`warrant.dev/audit/${await tenantOf(a)}`)
      .digest('hex');
    const monitored = await fetch(`${b.url}/v1/witness/${originHash}/checkpoint`);
    expect(monitored.status).toBe(200);
    expect(await monitored.text()).toBe(note);

    const after = join(dir, 'a-after.jsonl');
    writeFileSync(after, await exportOf(a));
    const quorum = ['--witness', witnessKeys.b.verifierKey, '--witness-quorum', '1'];
    const passed = await verifyCli(after, logKeys.a.verifierKey, quorum);
    expect(passed).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^ok: .*cosigned by witness\.b\.test/),
    });
    const failed = await verifyCli(before, logKeys.a.verifierKey, quorum);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/witness_quorum/);
    // A's own witness key is not B's: its cosignature is not there, and quorum 2 of both is not met.
    const both = ['--witness', witnessKeys.a.verifierKey, witnessKeys.b.verifierKey, '--witness-quorum', '2'];
    expect((await verifyCli(after, logKeys.a.verifierKey, both)).code).toBe(1);

    // B's log, cosigned by A, verifies with the tenant key named for its origin too.
    const bExport = join(dir, 'b.jsonl');
    writeFileSync(bExport, await exportOf(b));
    const bTenantKey = (await import('../src/audit/checkpoint.ts')).verifierKeyNamed(
      parseSignerKey(logKeys.b.signerKey),
      `warrant.dev/audit/${await tenantOf(b)}`,
    );
    const bPassed = await verifyCli(bExport, bTenantKey, ['--witness', witnessKeys.a.verifierKey]);
    expect(bPassed.stdout).toMatch(/^ok: /);

    // Growth: the next checkpoint goes with a consistency proof from the size cosigned before.
    const created = await a.call('POST', '/v1/keys', {
      body: { tenant: 'demo', role: 'viewer', name: 'grow' },
    });
    expect(created.status).toBe(201);
    await settle(a);
    expect(await a.warrant.witnessing.submitAll()).toBe(1);
    const grown = join(dir, 'a-grown.jsonl');
    writeFileSync(grown, await exportOf(a));
    expect((await verifyCli(grown, logKeys.a.verifierKey, quorum)).code).toBe(0);
  });

  it('saves the newest checkpoint and catches a cut tail on the next run (--trusted, --save-checkpoint)', async () => {
    const state = join(dir, 'trusted.checkpoint');
    const full = join(dir, 'a-full.jsonl');
    writeFileSync(full, await exportOf(a));
    const first = await verifyCli(full, logKeys.a.verifierKey, [
      '--trusted',
      state,
      '--save-checkpoint',
      state,
    ]);
    expect(first.code).toBe(0);
    // An export cut at an earlier checkpoint: fine alone, refused against the saved state.
    const lines = (await exportOf(a)).trim().split('\n');
    const lastCheckpoint = lines
      .slice(0, -1)
      .findLastIndex((line) => line.startsWith('{"type":"checkpoint"'));
    const cut = join(dir, 'a-cut.jsonl');
    writeFileSync(cut, `${lines.slice(0, lastCheckpoint + 1).join('\n')}\n`);
    expect((await verifyCli(cut, logKeys.a.verifierKey, [])).code).toBe(0);
    const second = await verifyCli(cut, logKeys.a.verifierKey, [
      '--trusted',
      state,
      '--save-checkpoint',
      state,
    ]);
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/behind_trusted/);
  });
});

describe('a witness that holds a larger tree of the log than the log has', () => {
  it('is a fault of the log: recorded once, a security event, /readyz degraded; nothing is sent to it', async () => {
    // A witness that has cosigned far more of this log than it holds answers as c2sp.org/tlog-witness says: 409
    // with its size. Only a cut back (or forked) log meets one.
    const bodies: string[] = [];
    const ahead = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        bodies.push(body);
        response.writeHead(409, { 'content-type': 'text/x.tlog.size' }).end('1000000\n');
      });
    });
    await new Promise<void>((resolve) => ahead.listen(0, '127.0.0.1', resolve));
    const { port } = ahead.address() as AddressInfo;
    try {
      // A new tenant's log, which the real witness has not cosigned yet.
      const admin = await keyFor(a, 'witnessed', 'admin');
      await settle(a);
      const submitter = new WitnessSubmitter({
        db: a.warrant.db,
        clock: a.warrant.clock,
        logger: a.warrant.logger,
        audit: a.warrant.audit,
        witnesses: [{ url: `http://127.0.0.1:${port}`, key: witnessKeys.b.verifierKey }],
      });
      expect(await submitter.submitAll()).toBe(0);
      expect(await submitter.submitAll()).toBe(0);
      // One request a round: no retry from the witness's larger size.
      expect(bodies).toHaveLength(2);
      const quarantine = await a.call<{ items: { id: string; kind: string; detail: string }[] }>(
        'GET',
        '/v1/audit/quarantine',
        { key: admin },
      );
      const found = quarantine.body.items.filter((item) => item.kind === 'witness_ahead');
      expect(found).toHaveLength(1);
      expect(found[0]!.detail).toContain('1000000 leaves');
      const ready = await a.call<{ status: string; reason: string }>('GET', '/readyz', { key: '' });
      expect(ready.body.status).toBe('degraded');
      const metrics = await a.call<string>('GET', '/metrics', { key: '' });
      expect(metrics.body).toMatch(/warrant_audit_integrity_faults_total\{kind="witness_ahead"\} 1/);
      const resolved = await a.call('POST', `/v1/audit/quarantine/${found[0]!.id}/resolve`, {
        key: admin,
        body: {},
      });
      expect(resolved.status).toBe(200);
      expect((await a.call<{ status: string }>('GET', '/readyz', { key: '' })).body.status).toBe('ready');
    } finally {
      ahead.close();
    }
  });
});

describe('an export since a checkpoint after the trusted one', () => {
  it('is tied to it by the consistency proof `audit export --trusted` fetches', async () => {
    const early = join(dir, 'early.checkpoint');
    writeFileSync(early, (await a.call<string>('GET', '/v1/audit/checkpoint')).body as string);
    const grow = async (name: string) => {
      await a.call('POST', '/v1/keys', { body: { tenant: 'demo', role: 'viewer', name } });
      await settle(a);
    };
    await grow('bridge-1');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await grow('bridge-2');
    const env = { WARRANT_URL: a.url, WARRANT_API_KEY: a.adminKey, WARRANT_HOME: dir };
    const bridged = await cli(['audit', 'export', '--since', since, '--trusted', early], env);
    expect(bridged.code).toBe(0);
    expect(bridged.stdout.split('\n')[0]).toMatch(/^\{"type":"start"/);
    expect(bridged.stdout).toContain('{"type":"consistency"');
    const withProof = join(dir, 'bridged.jsonl');
    writeFileSync(withProof, bridged.stdout);
    expect((await verifyCli(withProof, logKeys.a.verifierKey, ['--trusted', early])).code).toBe(0);
    const plain = join(dir, 'unbridged.jsonl');
    writeFileSync(plain, (await cli(['audit', 'export', '--since', since], env)).stdout);
    const unproven = await verifyCli(plain, logKeys.a.verifierKey, ['--trusted', early]);
    expect(unproven).toMatchObject({ code: 2, stdout: expect.stringMatching(/trusted_unproven/) });
  });
});

describe('the witness refuses bad input with tlog-witness status codes, changing nothing, recording it', () => {
  const post = (h: Harness, body: string) =>
    fetch(`${h.url}/v1/witness/add-checkpoint`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain' },
    });

  it('answers 400, 403, 404, 409 and 422 as the spec says', async () => {
    const tenant = await tenantOf(a);
    const origin = `warrant.dev/audit/${tenant}`;
    const aSigner = parseSignerKey(logKeys.a.signerKey);
    const signers = [renameSigner(aSigner, origin)];
    const originHash = (await import('node:crypto')).createHash('sha256').update(origin).digest('hex');
    const witnessed = async () => (await fetch(`${b.url}/v1/witness/${originHash}/checkpoint`)).text();
    const stateBefore = await witnessed();
    const cosignedSize = Number(stateBefore.split('\n')[1]);
    const real = parseSignedNote(stateBefore).checkpoint;
    const events = async () =>
      (
        await b.call<{ items: { kind: string; status_code: number }[] }>(
          'GET',
          '/v1/security-events?limit=50',
        )
      ).body.items;
    const recordedBefore = (await events()).length;

    const cases: [string, string, number, string][] = [
      ['no blank line', 'old 0\n', 400, 'witness_bad_request'],
      ['a leading zero', `old 01\n\n${signCheckpoint(real, signers)}`, 400, 'witness_bad_request'],
      [
        'a proof line that is not a hash',
        `old ${cosignedSize}\nAAAA\n\n${signCheckpoint(real, signers)}`,
        400,
        'witness_bad_request',
      ],
      [
        'old size beyond the checkpoint',
        formatAddCheckpoint(real.size + 5, [], signCheckpoint(real, signers)),
        400,
        'witness_bad_request',
      ],
      [
        'an unknown origin',
        formatAddCheckpoint(0, [], signCheckpoint({ ...real, origin: 'example.com/other' }, aSigner)),
        404,
        'witness_unknown_log',
      ],
      [
        'a key the witness does not trust for the origin',
        formatAddCheckpoint(
          0,
          [],
          signCheckpoint(real, renameSigner(parseSignerKey(generateSignerKey('x').signerKey), origin)),
        ),
        403,
        'witness_unverified_checkpoint',
      ],
      [
        'a signature that does not verify',
        formatAddCheckpoint(
          0,
          [],
          signCheckpoint(real, signers).replace(/ [A-Za-z0-9+/]{10}/, ' AAAAAAAAAA'),
        ),
        403,
        'witness_unverified_checkpoint',
      ],
      [
        'another root at the size cosigned: a fork',
        formatAddCheckpoint(
          cosignedSize,
          [],
          signCheckpoint({ ...real, rootHash: leafHash('fork') }, signers),
        ),
        422,
        'witness_inconsistent_checkpoint',
      ],
      [
        'a consistency proof that does not verify',
        formatAddCheckpoint(
          cosignedSize,
          [leafHash('x')],
          signCheckpoint({ ...real, size: real.size + 3, rootHash: leafHash('y') }, signers),
        ),
        422,
        'witness_inconsistent_checkpoint',
      ],
      [
        'size 0 with a root other than the empty tree’s',
        formatAddCheckpoint(
          0,
          [],
          signCheckpoint(
            { origin: `warrant.dev/audit/${'0'.repeat(8)}`, size: 0, rootHash: leafHash('z') },
            renameSigner(aSigner, `warrant.dev/audit/${'0'.repeat(8)}`),
          ),
        ),
        422,
        'witness_inconsistent_checkpoint',
      ],
    ];
    for (const [what, body, status, code] of cases) {
      const response = await post(b, body);
      expect({ what, status: response.status }).toEqual({ what, status });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status, code });
    }
    // A stale old size: 409 with the size cosigned, as text/x.tlog.size, not recorded as an attack.
    const stale = await post(b, formatAddCheckpoint(0, [], signCheckpoint(real, signers)));
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toBe('text/x.tlog.size');
    expect(await stale.text()).toBe(`${cosignedSize}\n`);

    expect(await witnessed()).toBe(stateBefore);
    const recorded = (await events()).slice(0, (await events()).length - recordedBefore);
    expect(recorded).toHaveLength(cases.length);
    expect(new Set(recorded.map((e) => e.kind))).toEqual(new Set(cases.map((c) => c[3])));
  });
});

describe('public checkpoints', () => {
  it('serve the newest checkpoint and log key without an API key when on; 404 for unknown tenants or when off', async () => {
    const tenant = await tenantOf(a);
    const checkpoint = await fetch(`${a.url}/v1/public/audit/${tenant}/checkpoint`);
    expect(checkpoint.status).toBe(200);
    const note = await checkpoint.text();
    expect(note).toBe((await a.call<string>('GET', '/v1/audit/checkpoint')).body);
    const key = (await (await fetch(`${a.url}/v1/public/audit/${tenant}/public-key`)).text()).trim();
    expect(key.startsWith(`warrant.dev/audit/${tenant}+`)).toBe(true);
    const { parseAndVerifyCheckpoint } = await import('../src/audit/checkpoint.ts');
    expect(parseAndVerifyCheckpoint(note, key).origin).toBe(`warrant.dev/audit/${tenant}`);
    for (const url of [
      `${a.url}/v1/public/audit/00000000-0000-4000-8000-000000000000/checkpoint`,
      `${a.url}/v1/public/audit/not-a-tenant/public-key`,
      `${b.url}/v1/public/audit/${await tenantOf(b)}/checkpoint`,
    ]) {
      const response = await fetch(url);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'not_found' });
    }
  });
});
