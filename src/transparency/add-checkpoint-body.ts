// The add-checkpoint request body of c2sp.org/tlog-witness, byte for byte:
//   old <size>\n            decimal, no leading zeroes
//   <base64 hash>\n         zero to 63 consistency proof lines
//   \n
//   <checkpoint>            a signed note (tlog-checkpoint), with one or more signatures
import { fromB64 } from '../audit/checkpoint.ts';
import { HASH_SIZE } from '../audit/merkle.ts';
import { Problem } from '../core/problem.ts';

export const MAX_PROOF_LINES = 63;

export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  /** The checkpoint as sent, signatures and all. */
  readonly note: string;
}

const badRequest = (detail: string) => new Problem(400, 'witness_bad_request', detail);

export function formatAddCheckpoint(oldSize: number, proof: readonly Uint8Array[], note: string): string {
  const lines = proof.map((hash) => `${Buffer.from(hash).toString('base64')}\n`);
  return `old ${oldSize}\n${lines.join('')}\n${note}`;
}

/** Parses a request body; a malformed one is a 400 problem (`witness_bad_request`). */
export function parseAddCheckpoint(body: string): AddCheckpointRequest {
  const end = body.indexOf('\n\n');
  if (end < 0) throw badRequest('the body is an old size line, proof lines, an empty line and a checkpoint');
  const [oldLine, ...proofLines] = body.slice(0, end).split('\n');
  const old = /^old (0|[1-9][0-9]*)$/.exec(oldLine!);
  if (!old || !Number.isSafeInteger(Number(old[1])))
    throw badRequest('the first line is "old <size>", the size in decimal without leading zeroes');
  if (proofLines.length > MAX_PROOF_LINES)
    throw badRequest(`more than ${MAX_PROOF_LINES} consistency proof lines`);
  const proof = proofLines.map((line) => {
    const hash = fromB64(line);
    if (hash?.length !== HASH_SIZE) throw badRequest('a consistency proof line is not a base64 SHA-256 hash');
    return hash;
  });
  return { oldSize: Number(old[1]), proof, note: body.slice(end + 2) };
}
