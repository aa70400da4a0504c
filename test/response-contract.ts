import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}
interface Route {
  template: string;
  pattern: RegExp;
  params: number;
  method: string;
  operation: Operation;
}

/**
 * Checks real answers against the OpenAPI document: the status must be one the operation documents and the
 * body must match the schema documented for that status and media type. Every operation is held to it.
 */
export class ResponseContract {
  readonly #ajv: Ajv2020;
  readonly #routes: Route[];
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(document: Document) {
    this.#ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(this.#ajv);
    this.#ajv.addSchema(document, 'openapi');
    this.#routes = Object.entries(document.paths)
      .flatMap(([template, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          template,
          pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
          params: (template.match(/\{/g) ?? []).length,
          method: method.toUpperCase(),
          operation,
        })),
      )
      // A literal segment wins over a parameter: /v1/plans/draft is not /v1/plans/{id}.
      .sort((a, b) => a.params - b.params);
  }

  /** Throws on any mismatch: an undocumented status or media type, or a body off its schema. */
  check(method: string, url: string, status: number, contentType: string | null, body: unknown): void {
    const path = url.split('?')[0]!;
    const route = this.#routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
    if (!route) return; // Not in the document (probes, /mcp, the console, unknown routes).
    const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const mismatch = this.#mismatch(route, status, media, body);
    if (!mismatch) return;
    const where = `${route.method} ${route.template} (${route.operation.operationId}) answered ${status}`;
    throw new Error(`contract: ${where}: ${mismatch}`);
  }

  #mismatch(route: Route, status: number, media: string, body: unknown): string | undefined {
    const response = route.operation.responses?.[String(status)];
    if (!response) return 'a status the document does not list for this operation';
    if (status === 204) return undefined;
    // A status documented without content answers none: a body there is undescribed.
    if (!response.content)
      return body === undefined ? undefined : 'a body, the document gives this status none';
    if (!response.content[media]) {
      return `${media || 'no content type'}, the document says ${Object.keys(response.content).join(', ')}`;
    }
    if (!/[/+]json$/.test(media)) return undefined;
    const validate = this.#validator(route, status, media);
    if (validate(body)) return undefined;
    return `the body does not match the documented schema: ${this.#ajv.errorsText(validate.errors, { dataVar: 'body' })}`;
  }

  #validator(route: Route, status: number, media: string): ValidateFunction {
    const at = ['paths', route.template, route.method.toLowerCase(), 'responses', `${status}`, 'content'];
    const pointer = [...at, media, 'schema']
      .map((segment) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1')))
      .join('/');
    let validate = this.#validators.get(pointer);
    if (!validate) {
      validate = this.#ajv.getSchema(`openapi#/${pointer}`);
      if (!validate) throw new Error(`contract: no schema at #/${pointer}`);
      this.#validators.set(pointer, validate);
    }
    return validate;
  }
}
