import type { Config } from '../config/schema.ts';
import { anthropicProvider } from './anthropic.ts';
import { offlineProvider } from './offline.ts';
import { codexAccessToken, openAiProvider } from './openai.ts';
import { ModelCallError, type ModelProvider } from './provider.ts';

const DEFAULT_MODELS = {
  openai: 'gpt-4o-mini',
  'openai-codex': 'gpt-4o-mini',
  anthropic: 'claude-sonnet-4-5',
} as const;

function required(env: NodeJS.ProcessEnv, name: string, provider: string): string {
  const value = env[name];
  if (!value) throw new ModelCallError(502, 'model_not_configured', `llm.provider ${provider} needs ${name}`);
  return value;
}

/** The configured provider. Credentials come from the environment (or the Codex profile file) only. */
export function createModelProvider(llm: Config['llm'], env: NodeJS.ProcessEnv = process.env): ModelProvider {
  if (llm.provider === 'offline') return offlineProvider();
  const model = llm.model ?? DEFAULT_MODELS[llm.provider];
  switch (llm.provider) {
    case 'openai':
      return openAiProvider({
        name: 'openai',
        model,
        apiKey: required(env, 'OPENAI_API_KEY', 'openai'),
        apiBase: llm.api_base,
      });
    case 'openai-codex':
      return openAiProvider({
        name: 'openai-codex',
        model,
        apiKey: codexAccessToken(llm, env),
        apiBase: llm.api_base,
      });
    case 'anthropic':
      return anthropicProvider({
        model,
        apiKey: required(env, 'ANTHROPIC_API_KEY', 'anthropic'),
        apiBase: llm.api_base,
      });
  }
}
