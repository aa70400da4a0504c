import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';

// The review pack's reading copy: text lines in Helvetica on A4 pages, laid out by pdf-lib.

export interface PdfLine {
  text: string;
  size?: number;
  bold?: boolean;
}

const PAGE = { width: 595, height: 842, margin: 56 };
const LEADING = 1.4;

// The standard fonts encode WinAnsi only: dashes become '-', anything else outside Latin-1 becomes '?'.
const winAnsi = (text: string) => text.replace(/[\u2013\u2014]/g, '-').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

/** Splits text into lines no wider than the page's text column at `size` in `font`. */
export function wrap(text: string, width: (line: string) => number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (width(next) <= max) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    // A word wider than the column is cut where it stops fitting.
    let rest = word;
    while (width(rest) > max && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && width(rest.slice(0, cut)) > max) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

export async function renderPdf(lines: readonly PdfLine[], title: string): Promise<Uint8Array> {
  // Fixed dates: the same review gives the same bytes, so its manifest hash is reproducible.
  const fixed = new Date(0);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(winAnsi(title));
  doc.setProducer('Warrant');
  doc.setCreationDate(fixed);
  doc.setModificationDate(fixed);
  const fonts: Record<'regular' | 'bold', PDFFont> = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  const column = PAGE.width - 2 * PAGE.margin;
  let page = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  for (const line of lines) {
    const size = line.size ?? 10;
    const font = line.bold ? fonts.bold : fonts.regular;
    for (const part of wrap(winAnsi(line.text), (text) => font.widthOfTextAtSize(text, size), column)) {
      if (y - size * LEADING < PAGE.margin) {
        page = doc.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - PAGE.margin;
      }
      y -= size * LEADING;
      page.drawText(part, { x: PAGE.margin, y, size, font });
    }
  }
  return doc.save({ useObjectStreams: false });
}
