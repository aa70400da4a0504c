import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

// Seed 003's LogEntry levels.
const levelNames: Record<string, string> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};

/** JSON lines with the log entry fields (timestamp, level, message, request fields added per line). */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.WARRANT_LOG_LEVEL ?? 'info',
      base: null,
      messageKey: 'message',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: levelNames[label] ?? label.toUpperCase() }) },
      errorKey: 'error',
      serializers: {
        error: (error: Error) => ({ type: error.name, message: error.message, stack: error.stack }),
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** Seed 003 wants error_type, error_message, error_stack_trace on ERROR and CRITICAL lines. */
export function errorFields(error: unknown): Record<string, string | null> {
  const err = error instanceof Error ? error : new Error(String(error));
  return { error_type: err.name, error_message: err.message, error_stack_trace: err.stack ?? null };
}
