import type { ProvenEvent } from '../audit/event-proofs.ts';
import { sha256Hex } from '../core/hash.ts';
import type { Claim } from './claims.ts';
import type { PdfLine } from './pdf.ts';
import type { ReviewSection } from './sections.ts';
import { zip } from './zip.ts';

// A review pack: the released review as PDF and HTML, every section's JSON, the evidence snapshot, the tenant's
// signed audit checkpoint, the claims with the audit events behind them and their inclusion proofs against that
// checkpoint (claims.json), and a manifest of every file's SHA-256 so a reader can verify what they received.
// The manifest is not signed; the checkpoint is, so the claims verify without trusting the manifest.

export const PACK_FORMAT = 'warrant.review-pack.v1';
export const CLAIMS_FORMAT = 'warrant.review-claims.v1';
export const CLAIMS_FILE = 'claims.json';

/** A section's claim with its events, each proven against the pack's checkpoint. */
export type PackClaim = Omit<Claim, 'event_ids'> & { section: string; events: ProvenEvent[] };

export interface PackInput {
  review: { id: string; tenant_id: string; tenant_name: string; published_at: string; generated_at: string };
  sections: readonly ReviewSection[];
  snapshot: {
    id: string;
    sha256: string;
    items: unknown[];
    completeness_state: string;
    generated_at: string;
  };
  checkpoint: { note: string; size: number };
  claims: readonly PackClaim[];
  verifier_key: string;
  generated_at: string;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const json = (value: unknown) => utf8(`${JSON.stringify(value, null, 2)}\n`);

const heading = (input: PackInput) =>
  `Tenant review ${input.review.tenant_name} - released ${input.review.published_at}`;

function pdfLines(input: PackInput): PdfLine[] {
  const lines: PdfLine[] = [
    { text: heading(input), size: 16, bold: true },
    { text: `Review ${input.review.id}, pack generated ${input.generated_at}`, size: 9 },
  ];
  for (const section of input.sections) {
    lines.push({ text: ' ' }, { text: section.title, size: 13, bold: true });
    lines.push({
      text: `Completeness: ${section.completeness_state}; measured ${section.measured_at}`,
      size: 8,
    });
    for (const paragraph of section.render_payload.paragraphs) lines.push({ text: paragraph });
    for (const row of section.render_payload.rows) lines.push({ text: row.join('  |  '), size: 9 });
  }
  lines.push({ text: ' ' }, { text: 'Verifiable claims', size: 13, bold: true });
  lines.push({ text: CLAIMS_NOTE, size: 9 });
  for (const claim of input.claims) lines.push({ text: claimLine(claim), size: 9 });
  lines.push({ text: ' ' }, { text: 'Audit checkpoint', size: 13, bold: true });
  for (const line of input.checkpoint.note.trimEnd().split('\n')) lines.push({ text: line, size: 8 });
  return lines;
}

const CLAIMS_NOTE =
  `Each statement below lists the audit events behind it. ${CLAIMS_FILE} in this pack carries their ids, ` +
  'their canonical JSON and their inclusion proofs against the signed checkpoint that follows; ' +
  'scripts/verify-review-pack.mjs PACK --key KEY checks each count against the events it proves.';

const claimLine = (claim: PackClaim) =>
  `${claim.statement}: ${claim.events.length} ${claim.action} event(s) cited`;

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(input: PackInput): string {
  const sections = input.sections
    .map((section) => {
      const [head, ...rows] = section.render_payload.rows;
      const table = head
        ? `<table><tr>${head.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${rows
            .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
            .join('')}</table>`
        : '';
      return `<section id="${section.section_key}"><h2>${esc(section.title)}</h2>
<p class="meta">Completeness: ${esc(section.completeness_state)}; measured ${esc(section.measured_at)}</p>
${section.render_payload.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}${table}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(heading(input))}</title>
<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}.meta{color:#666;font-size:.8rem}</style>
</head><body><h1>${esc(heading(input))}</h1>
${sections}
<section id="claims"><h2>Verifiable claims</h2><p class="meta">${esc(CLAIMS_NOTE)}</p>
<ul>${input.claims.map((c) => `<li>${esc(claimLine(c))}</li>`).join('')}</ul></section>
<section id="audit_checkpoint"><h2>Audit checkpoint</h2><pre>${esc(input.checkpoint.note)}</pre></section>
</body></html>
`;
}

/** The pack's files and the ZIP of them, manifest last. */
export async function buildPack(input: PackInput) {
  const files = [
    // pdf-lib loads with the first pack, not with the server.
    {
      path: 'review.pdf',
      bytes: await (await import('./pdf.ts')).renderPdf(pdfLines(input), heading(input)),
    },
    { path: 'review.html', bytes: utf8(html(input)) },
    ...input.sections.map((section) => ({
      path: `sections/${section.section_key}.json`,
      bytes: json(section),
    })),
    { path: 'evidence-snapshot.json', bytes: json(input.snapshot) },
    { path: 'checkpoint.txt', bytes: utf8(input.checkpoint.note) },
    {
      path: CLAIMS_FILE,
      bytes: json({ format: CLAIMS_FORMAT, tree_size: input.checkpoint.size, claims: input.claims }),
    },
  ];
  const manifest = {
    format: PACK_FORMAT,
    review_id: input.review.id,
    tenant_id: input.review.tenant_id,
    tenant_name: input.review.tenant_name,
    released_at: input.review.published_at,
    generated_at: input.generated_at,
    files: files.map((file) => ({ path: file.path, sha256: sha256Hex(file.bytes), size: file.bytes.length })),
    evidence_snapshot: { id: input.snapshot.id, sha256: input.snapshot.sha256 },
    checkpoint: {
      size: input.checkpoint.size,
      note: input.checkpoint.note,
      verifier_key: input.verifier_key,
    },
    claims: { path: CLAIMS_FILE, format: CLAIMS_FORMAT, count: input.claims.length },
  };
  return { zip: zip([...files, { path: 'manifest.json', bytes: json(manifest) }]), manifest };
}
