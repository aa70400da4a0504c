// `npm run bench [name…]`: runs the benchmarks, prints their figures and writes them to BENCHMARKS.md.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchReport } from './lib.ts';

const dir = new URL('./', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.startsWith(w)))
  .sort();

const target = new URL('../BENCHMARKS.md', import.meta.url).pathname;
let document = existsSync(target)
  ? readFileSync(target, 'utf8')
  : '# Benchmarks\n\nWritten by `npm run bench` (one section per benchmark, replaced on each run).\n';

for (const file of files) {
  process.stdout.write(`\n== ${file} ==\n`);
  const module = (await import(new URL(file, import.meta.url).href)) as { run: () => Promise<BenchReport> };
  const report = await module.run();
  const stamp = `Measured ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.versions.node}; command: \`npm run bench ${file.replace('.bench.ts', '')}\`.`;
  const section = `<!-- bench:${report.id} -->\n## ${report.title}\n\n${stamp}\n\n${report.markdown}\n<!-- /bench:${report.id} -->`;
  process.stdout.write(`${report.markdown}\n`);
  const pattern = new RegExp(`<!-- bench:${report.id} -->[\\s\\S]*?<!-- /bench:${report.id} -->`);
  document = pattern.test(document) ? document.replace(pattern, section) : `${document}\n${section}\n`;
  writeFileSync(target, document);
}
