import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { type Command, Option } from 'commander';
import { loadConfig } from '../config/load.ts';
import { createRedactor } from '../evidence/redact.ts';
import { serveGateway } from '../mcp/gateway.ts';
import { createMcpServer } from '../mcp/server.ts';
import type { Environment } from '../plans/plan-schema.ts';
import { Warrant } from '../sdk/index.ts';
import { ApiError, clientSettings } from './client.ts';

/** Splits a command line into words; single and double quotes group, as in a shell (no expansion). */
function splitCommand(line: string): string[] {
  const words = [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  if (words.length === 0) throw new ApiError(0, 'bad_upstream', '--upstream needs a command');
  return words;
}

const sdk = () => new Warrant(clientSettings());

/** Commands for agents: Warrant's own MCP server, and the gateway in front of another MCP server. */
export function registerAgentCommands(program: Command): void {
  program
    .command('mcp')
    .description('serve Warrant to an agent as an MCP server over stdio (a client of WARRANT_URL)')
    .action(async () => {
      await createMcpServer(sdk()).connect(new StdioServerTransport());
    });

  program
    .command('gateway')
    .description('serve another MCP server over stdio, forwarding only the tool calls a warrant covers')
    .option('--upstream <command>', 'command line of the upstream MCP server (stdio)')
    .option('--upstream-url <url>', 'URL of the upstream MCP server (streamable HTTP)')
    .option('--plan <id>', "cover calls that name no _warrant with this plan's steps")
    .addOption(
      new Option('--environment <env>', 'environment of the plans the gateway proposes')
        .choices(['dev', 'stage', 'prod'])
        .default('prod'),
    )
    .action(
      async (options: {
        upstream?: string;
        upstreamUrl?: string;
        plan?: string;
        environment: Environment;
      }) => {
        if (!options.upstream === !options.upstreamUrl) {
          throw new ApiError(0, 'bad_upstream', 'give exactly one of --upstream and --upstream-url');
        }
        const config = loadConfig();
        let transport: StdioClientTransport | StreamableHTTPClientTransport;
        if (options.upstream) {
          const [command, ...args] = splitCommand(options.upstream);
          // The upstream gets this process's environment, not the SDK's minimal default.
          const env = Object.fromEntries(
            Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
          );
          transport = new StdioClientTransport({ command: command!, args, env, stderr: 'inherit' });
        } else {
          transport = new StreamableHTTPClientTransport(new URL(options.upstreamUrl!));
        }
        const upstream = new Client({ name: 'warrant-gateway', version: '0.1.0' });
        await upstream.connect(transport);
        await serveGateway(
          {
            upstream,
            warrant: sdk(),
            toolMap: config.gateway.tool_map,
            ...(options.plan ? { planId: options.plan } : {}),
            environment: options.environment,
            redactor: createRedactor(config.llm.redact_patterns),
            warn: (message) => process.stderr.write(`warrant gateway: ${message}\n`),
          },
          new StdioServerTransport(),
        );
      },
    );
}
