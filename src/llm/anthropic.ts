import Anthropic from '@anthropic-ai/sdk';
import type { ModelProvider } from './provider.ts';

export interface AnthropicOptions {
  model: string;
  apiKey: string;
  apiBase?: string;
}

/** The Messages API; the schema goes into the instructions and the caller extracts the JSON from the text. */
export function anthropicProvider(options: AnthropicOptions): ModelProvider {
  const client = new Anthropic({ apiKey: options.apiKey, baseURL: options.apiBase ?? null, maxRetries: 0 });
  return {
    name: 'anthropic',
    model: options.model,
    async complete(request) {
      const message = await client.messages.create(
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
