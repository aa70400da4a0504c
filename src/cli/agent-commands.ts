import { join } from 'node:path';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type Command, Option } from 'commander';
import type { ChildTransport } from '../mcp/upstream.ts';
import type { Environment } from '../plans/plan-schema.ts';
import { ApiError, clientSettings } from './client.ts';
import { warrantHome } from './home.ts';

// The gateway's promise: gone, with its upstream, within 2 s of a reason to stop; the budget below leaves
// half of it to a loaded machine (process exit, scheduling). A dead parent is noticed
// within PARENT_POLL_MS; what is left to do (end the upstream's group, post pending evidence) gets
// STOP_DEADLINE_MS, after which the process exits anyway (the upstream's group is killed on exit, and
// evidence not yet posted stays journaled for the next gateway).
const PARENT_POLL_MS = 100;
const STOP_DEADLINE_MS = 1000;
const EVIDENCE_FLUSH_MS = 700;

/** Calls `stop` once the agent closes stdin, the parent process dies, or a signal asks the gateway to end. */
function stopWhenOrphaned(stop: () => void): void {
  process.stdin.once('end', stop);
  process.stdin.once('close', stop);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, stop);
  // A parent that dies without closing the pipe (SIGKILL while another process holds it): the
  // process is re-parented, so its ppid changes.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, PARENT_POLL_MS).unref();
}

/** Commands for agents: Warrant's own MCP server, and the gateway in front of another MCP server. */
export function registerAgentCommands(program: Command): void {
  program
    .command('mcp')
    .description('serve Warrant to an agent as an MCP server over stdio (a client of WARRANT_URL)')
    .action(async () => {
      // The MCP SDK loads only for the commands that speak MCP, so the rest of the CLI starts quickly.
      const [{ createMcpServer }, { StdioServerTransport }, { Warrant }] = await Promise.all([
        import('../mcp/server.ts'),
        import('@modelcontextprotocol/sdk/server/stdio.js'),
        import('../sdk/index.ts'),
      ]);
      await createMcpServer(new Warrant(clientSettings())).connect(new StdioServerTransport());
    });

  program
    .command('gateway')
    .description('serve another MCP server over stdio, forwarding only the requests a warrant covers')
    .option('--upstream <command>', 'command line of the upstream MCP server (stdio)')
    .option('--upstream-url <url>', 'URL of the upstream MCP server (streamable HTTP)')
    .option(
      '--namespace <ns>',
      "catalog the upstream's tools as <ns>.<tool> (registered at start) and authorize calls as them",
    )
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
        namespace?: string;
        plan?: string;
        environment: Environment;
      }) => {
        if (!options.upstream === !options.upstreamUrl) {
          throw new ApiError(0, 'bad_upstream', 'give exactly one of --upstream and --upstream-url');
        }
        if (options.namespace !== undefined && !/^[a-z][a-z0-9_-]*$/.test(options.namespace)) {
          throw new ApiError(0, 'bad_namespace', '--namespace takes lower case letters, digits, _ and -');
        }
        const [
          { Client },
          { StreamableHTTPClientTransport },
          { StdioServerTransport },
          { loadConfig },
          { EvidenceJournal },
          { serveGateway },
          { keepAliveFetch },
          { ChildTransport, splitCommand },
          { createRedactor },
          { Warrant },
        ] = await Promise.all([
          import('@modelcontextprotocol/sdk/client/index.js'),
          import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
          import('@modelcontextprotocol/sdk/server/stdio.js'),
          import('../config/load.ts'),
          import('../mcp/evidence-journal.ts'),
          import('../mcp/gateway.ts'),
          import('../mcp/keep-alive-fetch.ts'),
          import('../mcp/upstream.ts'),
          import('../redaction/redact.ts'),
          import('../sdk/index.ts'),
        ]);
        const config = loadConfig();
        const settings = clientSettings();
        // The hot path (authorize before every call) over a kept-alive node:http connection; https through fetch.
        const warrant = new Warrant({
          ...settings,
          ...(settings.url.startsWith('http:') ? { fetch: keepAliveFetch() } : {}),
        });
        const warn = (message: string) => process.stderr.write(`warrant gateway: ${message}\n`);
        const evidence = new EvidenceJournal(join(warrantHome(), 'gateway-evidence'), warrant, warn);
        let transport: ChildTransport | StreamableHTTPClientTransport | undefined;
        let stopping = false;
        const stop = () => {
          if (stopping) return;
          stopping = true;
          setTimeout(() => process.exit(0), STOP_DEADLINE_MS).unref();
          void Promise.allSettled([transport?.close(), evidence.close(EVIDENCE_FLUSH_MS)]).then(() =>
            process.exit(0),
          );
        };
        // Watched from the start: an agent may go away while the gateway is still starting.
        stopWhenOrphaned(stop);
        if (options.upstream) {
          const [command, ...args] = splitCommand(options.upstream);
          if (!command) throw new ApiError(0, 'bad_upstream', '--upstream needs a command');
          // The upstream gets this process's environment, not the SDK's minimal default.
          transport = new ChildTransport(command, args, process.env);
        } else {
          transport = new StreamableHTTPClientTransport(new URL(options.upstreamUrl!));
        }
        const upstream = new Client({ name: 'warrant-gateway', version: '0.1.0' });
        upstream.onclose = stop;
        await upstream.connect(transport);
        const gateway = await serveGateway(
          {
            upstream,
            warrant,
            toolMap: config.gateway.tool_map,
            ...(options.namespace ? { namespace: options.namespace } : {}),
            ...(options.plan ? { planId: options.plan } : {}),
            environment: options.environment,
            redactor: createRedactor(config.llm.redact_patterns),
            evidence,
            warn,
          },
          new StdioServerTransport(),
        );
        gateway.server.onclose = stop;
      },
    );
}
