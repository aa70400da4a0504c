// `warrant audit verify`'s path in a process of its own, as the CLI runs it: prints the verdict and its time.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { verifyExport } from '../../src/audit/verify-export.ts';

const [file, key] = process.argv.slice(2) as [string, string];
const started = performance.now();
const result = await verifyExport(
  createInterface({ input: createReadStream(file), crlfDelay: Infinity }),
  key,
);
process.stdout.write(
  `${JSON.stringify({ status: result.status, message: result.message, ms: performance.now() - started })}\n`,
);
