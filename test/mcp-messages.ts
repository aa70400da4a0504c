/** MCP's initialize request, as a client that names itself `client` sends it first. */
export const initializeRequest = (client: string, id = 1) => ({
  jsonrpc: '2.0' as const,
  id,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: client, version: '1' } },
});
