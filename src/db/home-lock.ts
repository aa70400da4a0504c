import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class HomeLockedError extends Error {
  readonly code = 'home_locked';
}

/**
 * The embedded database belongs to one process (PGlite does not lock its directory), so Warrant
 * holds `$WARRANT_HOME/warrant.lock` while it runs. A lock left by a dead process is taken over.
 */
export function lockHome(home: string): () => void {
  mkdirSync(home, { recursive: true });
  const path = join(home, 'warrant.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new HomeLockedError(
          `the embedded database in ${home} is in use by process ${holder}. Use that running server ` +
            `(warrant commands talk to it through WARRANT_URL), or run Warrant on a PostgreSQL server with DATABASE_URL.`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new HomeLockedError(`could not lock ${home}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
