/** The coding agents `warrant hook` answers for; its own module so the CLI lists them without loading the hook. */
export const HOOK_AGENTS = ['claude-code', 'codex'] as const;
export type HookAgent = (typeof HOOK_AGENTS)[number];
