import type Anthropic from '@anthropic-ai/sdk';
import type { ModelProvider } from './provider.ts';

export interface AnthropicOptions {
  model: string;
  apiKey: string;
  apiBase?: string;
}

/** The Messages API; the schema goes into the instructions and the caller extracts the JSON from the text. */
export function anthropicProvider(options: AnthropicOptions): ModelProvider {
  // The SDK loads on the first draft, not with the server: most servers never draft with this provider.
  let client: Promise<Anthropic> | undefined;
  const anthropic = () =>
    (client ??= import('@anthropic-ai/sdk').then(
      ({ default: Anthropic }) =>
        new Anthropic({ apiKey: options.apiKey, baseURL: options.apiBase ?? null, maxRetries: 0 }),
    ));
  return {
    name: 'anthropic',
    model: options.model,
    async complete(request) {
      const message = await (await anthropic()).messages.create(
        {
          model: options.model,
          max_tokens: request.maxOutputTokens,
          system:
            `${request.system}\n\nAnswer with exactly one JSON object (${request.schemaName}) and nothing else. ` +
            `It must match this JSON Schema:\n${JSON.stringify(request.jsonSchema)}`,
          messages: [{ role: 'user', content: request.prompt }],
        },
        { signal: request.signal },
      );
      return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    },
  };
}
