// Go's own sumdb packages check Warrant's output, when Go and golang.org/x/mod are on this machine (Debian:
// `apt-get install golang-go golang-golang-x-mod-dev`; CI does not install them, so there this is skipped): the
// committed vector, and a log written by a running server (signed events, checkpoints signed under the log's
// origin and the installation's name, proofs as /v1/audit serves them) put in the vector's shape.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFor, startHarness } from '../harness.ts';
import { VECTOR_FILE, VECTOR_FORMAT } from './go-vector.ts';

// Debian's packaged Go libraries, read in GOPATH mode: no module download is needed (or possible) here.
const GOPATH = '/usr/share/gocode';
const goReady = (() => {
  if (!existsSync(join(GOPATH, 'src/golang.org/x/mod/sumdb/tlog'))) return false;
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const checkWithGo = (vectorPath: string) =>
  execFileSync('go', ['run', 'main.go', vectorPath], {
    cwd: new URL('./go', import.meta.url).pathname,
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH,
      GOCACHE: mkdtempSync(join(tmpdir(), 'warrant-gocache-')),
    },
    encoding: 'utf8',
  });

const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

describe.skipIf(!goReady)('Go sumdb/note and sumdb/tlog accept Warrant', () => {
  it('the committed vector', () => {
    expect(checkWithGo(VECTOR_FILE.pathname)).toMatch(/^ok: 7 leaves/);
  });

  it("a running server's log, checkpoints and proofs", async () => {
    const h = await startHarness();
    try {
      const agent = await keyFor(h, 'demo', 'agent', 'agent');
      const tenant = (await h.call<{ actor: { tenant_id: string } }>('GET', '/v1/whoami', { key: agent }))
        .body.actor.tenant_id;
      const checkpoints: { size: number; root: string; note: string }[] = [];
      for (let i = 0; i < 3; i++) {
        await h.call('POST', '/v1/plans', {
          key: agent,
          body: {
            summary: `plan ${i}`,
            intent: 'scale',
            context: { environment: 'dev', namespace: 'shop' },
            steps: [
              {
                step_id: 'scale',
                action: 'scale',
                tool: 'k8s.scale',
                input: { namespace: 'shop', deployment: 'checkout', replicas: 2 + i },
              },
            ],
          },
        });
        await h.warrant.audit.integrateNow();
        const checkpoint = await h.warrant.audit.checkpoint(tenant);
        checkpoints.push({
          size: checkpoint.size,
          root: Buffer.from(checkpoint.root).toString('base64'),
          note: checkpoint.note,
        });
      }
      const [old, latest] = [checkpoints[0]!, checkpoints[2]!];
      expect(old.size).toBeLessThan(latest.size);
      // The export's event lines end with the event's canonical JSON: the leaf bytes, taken as written.
      const lines: string[] = [];
      for await (const chunk of h.warrant.audit.exportLines(tenant)) lines.push(...chunk.split('\n'));
      const leaves = lines
        .filter((line) => line.startsWith('{"type":"event"'))
        .map((line) => {
          const parsed = JSON.parse(line) as {
            leaf_index: number;
            hash: string;
            event: { event_id: string };
          };
          const data = line.slice(line.indexOf('"event":') + '"event":'.length, -1);
          return { index: parsed.leaf_index, data, hash: b64(parsed.hash), event_id: parsed.event.event_id };
        })
        .filter((leaf) => leaf.index < latest.size);
      expect(leaves).toHaveLength(latest.size);
      const inclusion = [];
      for (const leaf of leaves) {
        const proof = await h.warrant.audit.inclusionProof(tenant, leaf.event_id, latest.size);
        inclusion.push({ index: leaf.index, tree_size: latest.size, proof: proof.inclusion.map(b64) });
      }
      const consistency = await h.warrant.audit.consistencyProof(tenant, old.size, latest.size);
      // The tenant's key is the installation key named for the log's origin (c2sp.org/tlog-checkpoint).
      const origin = latest.note.split('\n')[0]!;
      // Base64 may hold '+': the key is everything after the second one.
      const [name, hash] = h.warrant.audit.verifierKey.split('+');
      const keyText = h.warrant.audit.verifierKey.slice(`${name}+${hash}+`.length);
      const keyId = createHash('sha256')
        .update(`${origin}\n`)
        .update(Buffer.from(keyText, 'base64'))
        .digest()
        .subarray(0, 4)
        .toString('hex');
      const path = join(mkdtempSync(join(tmpdir(), 'warrant-live-vector-')), 'live.json');
      writeFileSync(
        path,
        JSON.stringify({
          format: VECTOR_FORMAT,
          origin,
          verifier_key: `${origin}+${keyId}+${keyText}`,
          leaves: leaves.map(({ event_id: _, ...leaf }) => leaf),
          checkpoints: [old, latest],
          inclusion,
          consistency: { old_size: old.size, new_size: latest.size, proof: consistency.proof.map(b64) },
        }),
      );
      expect(checkWithGo(path)).toContain(`${latest.size} inclusion proofs and 1 consistency proof`);
    } finally {
      await h.close();
    }
  });
});
