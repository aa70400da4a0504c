// Seed 001's Config keys that Warrant does not honour, each refused with what to use instead (issue 20): a key that
// is accepted and then does nothing would let an operator believe it works. The rest of that schema is honoured.
export const REFUSED_KEYS: readonly { path: readonly string[]; instead: string }[] = [
  {
    path: ['storage', 'postgres_dsn'],
    instead:
      'the database is DATABASE_URL, a secret read from the environment only (WARRANT_DATABASE_SCHEMA puts Warrant in its own schema)',
  },
  {
    path: ['orchestrator', 'temporal_addr'],
    instead:
      'runs are durable in PostgreSQL (orchestrator.lease_seconds, reconcile_ms, concurrency tune them); there is no Temporal',
  },
  {
    path: ['orchestrator', 'namespace'],
    instead:
      'runs are queued in Warrant’s own database, not a Temporal namespace; WARRANT_DATABASE_SCHEMA keeps installations apart',
  },
  {
    path: ['orchestrator', 'task_queue'],
    instead:
      'runs are queued in Warrant’s own database, not a Temporal task queue; orchestrator.concurrency sets how many run at once',
  },
];
