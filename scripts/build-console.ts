// Builds the console (web/) into web/dist when it is missing or older than its sources. npm runs it as the root
// package's `prepare` step (npm ci, npm install), and `npm run build` builds it too, so `warrant serve` finds
// the console built: the server never builds it. Vite is a dev dependency: without it (an install that omits
// dev dependencies) this says so and succeeds, and the server serves the API alone.
import { buildConsole, consoleNeedsBuild } from '../src/http/console-build.ts';

if (!consoleNeedsBuild()) {
  process.stdout.write('console: web/dist is up to date\n');
} else {
  const started = Date.now();
  try {
    await buildConsole();
    process.stdout.write(`console: built web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    process.stdout.write(
      'console: vite is not installed; the server will serve the API without the console\n',
    );
  }
}
