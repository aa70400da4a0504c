/**
 * Packages a server loads only once something needs them (an S3 store, an OIDC token, an MCP request, an OTLP
 * endpoint, a model provider, a Kubernetes cluster, a review pack), never at start. OpenTelemetry's API is not
 * here: pg-boss and prom-client ask for it. test/cli-imports.test.ts holds the sources to it and
 * src/cli/server-build.test.ts the build.
 */
export const LOADED_ON_DEMAND = [
  '@aws-sdk/client-s3',
  'jose',
  '@modelcontextprotocol/sdk',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/exporter-trace-otlp-http',
  'openai',
  '@anthropic-ai/sdk',
  '@kubernetes/client-node',
  'pdf-lib',
];
