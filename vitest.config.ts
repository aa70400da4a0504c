import { defineConfig } from 'vitest/config';
import { engineDependentTests } from './test/engine-dependent.ts';

const root = new URL('.', import.meta.url).pathname;

export default defineConfig({
  test: {
    // WARRANT_TEST_ENGINE_ONLY (CI's PostgreSQL pass, after the full suite on PGlite): only the files the engine
    // can change — the rest would run exactly as they just did.
    include: process.env.WARRANT_TEST_ENGINE_ONLY
      ? engineDependentTests(root, ['src', 'test'])
      : ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Generous: several tests spawn servers and CLI processes on a two-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: keep PGlite instances and PostgreSQL schemas from starving each other.
    maxWorkers: 2,
  },
});
