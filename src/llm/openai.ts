import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type OpenAI from 'openai';
import { ModelCallError, type ModelProvider } from './provider.ts';

export interface OpenAiOptions {
  name: 'openai' | 'openai-codex';
  model: string;
  /** A bearer: an API key, or a Codex subscription's access token. */
  apiKey: string;
  apiBase?: string;
}

/**
 * `https://api.openai.com` (as configs often write it) and `…/v1` both mean the v1 API. Null is the SDK's
 * default host: the address comes from warrant.yaml, not from OPENAI_BASE_URL.
 */
export function openAiBaseUrl(apiBase: string | undefined): string | null {
  if (!apiBase) return null;
  const url = new URL(apiBase);
  return url.pathname === '/' ? `${url.origin}/v1` : apiBase.replace(/\/$/, '');
}

/** Chat Completions with a JSON Schema response format (structured outputs where the model supports them). */
export function openAiProvider(options: OpenAiOptions): ModelProvider {
  // The SDK loads on the first draft, not with the server: most servers never draft with this provider.
  let client: Promise<OpenAI> | undefined;
  const openAi = () =>
    (client ??= import('openai').then(
      ({ default: OpenAI }) =>
        // Retries would multiply the configured timeout; a failed draft is cheap to ask again.
        new OpenAI({ apiKey: options.apiKey, baseURL: openAiBaseUrl(options.apiBase), maxRetries: 0 }),
    ));
  return {
    name: options.name,
    model: options.model,
    async complete(request) {
      const completion = await (await openAi()).chat.completions.create(
        {
          model: options.model,
          messages: [
            { role: 'system', content: request.system },
            { role: 'user', content: request.prompt },
          ],
          // Not strict: strict mode rejects open objects such as a step's `input`; the caller validates anyway.
          response_format: {
            type: 'json_schema',
            json_schema: { name: request.schemaName, schema: request.jsonSchema, strict: false },
          },
          max_completion_tokens: request.maxOutputTokens,
        },
        { signal: request.signal },
      );
      const message = completion.choices[0]?.message;
      if (message?.refusal)
        throw new ModelCallError(422, 'model_refused', `the model refused: ${message.refusal}`);
      return message?.content ?? '';
    },
  };
}

interface AuthProfiles {
  profiles?: Record<string, { access_token?: string }>;
}

/**
 * The Codex subscription's bearer: OPENAI_ACCESS_TOKEN, else the named profile of the auth profile file.
 * Read from the environment or a file only, never from warrant.yaml.
 */
export function codexAccessToken(
  llm: { auth_profile?: string; auth_path?: string },
  env: NodeJS.ProcessEnv,
): string {
  if (env.OPENAI_ACCESS_TOKEN) return env.OPENAI_ACCESS_TOKEN;
  const profile = llm.auth_profile ?? 'openai-codex:default';
  if (!llm.auth_path) {
    throw new ModelCallError(
      502,
      'model_not_configured',
      'openai-codex needs OPENAI_ACCESS_TOKEN or llm.auth_path with an access token',
    );
  }
  const path = llm.auth_path.replace(/^~(?=$|\/)/, homedir());
  let file: AuthProfiles;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as AuthProfiles;
  } catch (error) {
    throw new ModelCallError(
      502,
      'model_not_configured',
      `cannot read the auth profiles at ${path}: ${(error as Error).message}`,
    );
  }
  const token = file.profiles?.[profile]?.access_token;
  if (!token) {
    throw new ModelCallError(
      502,
      'model_not_configured',
      `profile ${profile} in ${path} has no access_token`,
    );
  }
  return token;
}
