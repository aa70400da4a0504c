// Builds the server (what `warrant serve` and `warrant worker` load) into build/server; see src/cli/server-build.ts.
import { buildServer } from '../src/cli/server-build.ts';

const started = Date.now();
try {
  const built = await buildServer();
  process.stdout.write(
    `server: built build/server from ${built.sources} source files in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stdout.write(
    'server: rolldown is not installed; `warrant serve` will load its TypeScript sources\n',
  );
}
