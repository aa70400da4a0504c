// The embedded database alone, as the server opens it: PGlite on a data directory to its first answer. Prints
// `<ms> <resident MB>`; the start-up bench runs it beside the server, as the floor under the server's figures.
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { EMBEDDED_START_PARAMS } from '../../src/db/embedded.ts';

const started = performance.now();
const db = new PGlite(process.argv[2], { startParams: EMBEDDED_START_PARAMS });
await db.query('SELECT 1');
const ms = performance.now() - started;
const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
await db.close();
process.stdout.write(`${ms.toFixed(0)} ${rss.toFixed(0)}\n`);
