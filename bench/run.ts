// `npm run bench [name…]`: runs the benchmarks, prints their figures and writes them to BENCHMARKS.md.
import { readdirSync } from 'node:fs';
import { type BenchReport, recordReport } from './lib.ts';

const dir = new URL('./', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.startsWith(w)))
  .sort();

for (const file of files) {
  process.stdout.write(`\n== ${file} ==\n`);
  const module = (await import(new URL(file, import.meta.url).href)) as { run: () => Promise<BenchReport> };
  const report = await module.run();
  process.stdout.write(`${report.markdown}\n`);
  recordReport(report, `npm run bench ${file.replace('.bench.ts', '')}`);
}
