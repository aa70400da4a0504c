import { createWarrant } from '../app.ts';
import { loadConfig } from '../config/load.ts';
import { openRuntime } from './runtime.ts';

/** `warrant worker`: drives runs (and helps with background work) until SIGTERM or SIGINT. */
export async function worker(): Promise<void> {
  const config = loadConfig();
  const runtime = await openRuntime();
  const warrant = await createWarrant({ config, db: runtime.db, home: runtime.home });
  // Listen before the first run is claimed, so a SIGTERM always means a clean hand-back.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  // Expiry and audit integration take turns across processes (advisory locks), so every worker helps.
  warrant.startBackground();
  const started = await warrant.startWorker();
  warrant.logger.info({ message: `worker ${started.id} started; waiting for runs` });
  await stopped;
  warrant.logger.info({ message: `worker ${started.id} stopping: handing runs back` });
  await warrant.close();
  await runtime.close();
}
