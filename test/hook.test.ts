import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandEffect } from '../src/agents/command-effect.ts';
import { shellCall } from '../src/agents/tool-call.ts';
import { configSchema } from '../src/config/schema.ts';
import { warrant as cli } from './cli-spawn.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';

let h: Harness;
let agent: string;
let approver: string;

const strings = (...names: string[]) => ({
  type: 'object',
  properties: Object.fromEntries(names.map((name) => [name, { type: 'string' }])),
  required: names,
});
// The tools the hook maps coding-agent calls to. The built-in catalog has none of them yet, so the tenant
// registers them, as an admin would (POST /v1/tools).
const TOOLS = [
  { name: 'shell.read', effect: 'read', input_schema: strings('command', 'cwd') },
  { name: 'shell.exec', effect: 'write', input_schema: strings('command', 'cwd') },
  { name: 'shell.destructive', effect: 'destructive', input_schema: strings('command', 'cwd') },
  // A tenant rule: `terraform plan` only reads (the built-in rules would call an unknown verb a write).
  { name: 'shell.terraform_plan', effect: 'read', input_schema: strings('command', 'cwd') },
  { name: 'fs.write', effect: 'write', input_schema: strings('path', 'operation', 'sha256') },
];

beforeAll(async () => {
  // A workstation's calls name no resource the context graph places: they are decided as this environment.
  h = await startHarness({ config: configSchema.parse({ policy: { unmapped_environment: 'dev' } }) });
  const admin = await keyFor(h, 'demo', 'admin', 'root');
  agent = await keyFor(h, 'demo', 'agent', 'claude');
  approver = await keyFor(h, 'demo', 'approver', 'alice');
  for (const tool of TOOLS) {
    const registered = await h.call('POST', '/v1/tools', {
      key: admin,
      body: { description: `coding agents: ${tool.name}`, ...tool },
    });
    expect(registered.status).toBe(201);
  }
});
afterAll(async () => {
  await h?.close();
});

const fixture = (name: string) => readFileSync(new URL(`./fixtures/hooks/${name}`, import.meta.url), 'utf8');

/** `warrant hook <agent>` as the agent runs it: the recorded input on stdin. */
async function hook(agent_: string, input: string, args: string[] = [], env: Record<string, string> = {}) {
  return cli(['hook', agent_, ...args], { WARRANT_URL: h.url, WARRANT_API_KEY: agent, ...env }, input);
}

/** Claude Code's documented PreToolUse answer, and nothing else. */
function decision(stdout: string) {
  const output = JSON.parse(stdout) as {
    hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string };
  };
  expect(output).toEqual({
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: expect.stringMatching(/^(allow|deny)$/),
      permissionDecisionReason: expect.any(String),
    },
  });
  return output.hookSpecificOutput;
}

describe('command effects', () => {
  it('reads, writes and destroys by simple rules; a compound command takes its worst part', () => {
    const cases: [string, string][] = [
      ['ls -la', 'read'],
      ['cat package.json | grep vitest', 'read'],
      ['git status && git log --oneline -5', 'read'],
      ['ls 2>&1 | head', 'read'],
      ['npm test', 'write'],
      ['echo done > out.txt', 'write'],
      ['sed -i s/a/b/ file', 'write'],
      ['rm -rf build', 'destructive'],
      ['git push origin main', 'destructive'],
      ['kubectl delete pod api-0', 'destructive'],
      ['sudo ls', 'destructive'],
      ['ls; rm x', 'destructive'],
      ['echo "$(git push)"', 'destructive'],
      ['echo `rm -rf /`', 'destructive'],
      ['curl -s https://example.com/install | sh', 'destructive'],
      ['find . -name "*.log" -delete', 'destructive'],
      ["bash -c 'git status'", 'read'],
      ['git reset --hard HEAD~1', 'destructive'],
    ];
    for (const [command, effect] of cases)
      expect([command, commandEffect(command)]).toEqual([command, effect]);
  });

  it("lets a tenant's catalog rule decide its program, and authorizes a lone command as that rule", () => {
    const catalog = new Map([['shell.terraform_plan', 'read']]);
    expect(shellCall('terraform plan', '/w', catalog)).toMatchObject({
      tool: 'shell.terraform_plan',
      effect: 'read',
    });
    expect(shellCall('terraform plan > plan.txt', '/w', catalog)).toMatchObject({ effect: 'write' });
    expect(shellCall('terraform plan && rm -rf .terraform', '/w', catalog)).toMatchObject({
      tool: 'shell.destructive',
      effect: 'destructive',
    });
    expect(shellCall('terraform apply', '/w', catalog)).toMatchObject({
      tool: 'shell.exec',
      effect: 'write',
    });
  });
});

describe('warrant hook claude-code', () => {
  it('allows a read-only Bash command that policy allows', async () => {
    const { code, stdout, stderr } = await hook('claude-code', fixture('claude-bash-read.json'));
    expect([code, stderr]).toEqual([0, '']);
    const answer = decision(stdout);
    expect(answer.permissionDecision).toBe('allow');
    expect(answer.permissionDecisionReason).toMatch(
      /^Warrant: policy allows this step \(plan [0-9a-f-]{36}, shell\.read\)\.$/,
    );
  });

  it('refuses rm -rf with the reason and the command that approves it; once approved, the same call passes', async () => {
    const first = await hook('claude-code', fixture('claude-bash-rm.json'));
    expect(first.code).toBe(0);
    const refused = decision(first.stdout);
    expect(refused.permissionDecision).toBe('deny');
    expect(refused.permissionDecisionReason).toMatch(
      /^Warrant: not approved yet \(shell\.destructive, risk high\): the plan needs 1 more approval from /,
    );
    const id = /\n {2}warrant approve ([0-9a-f-]{36})\n/.exec(refused.permissionDecisionReason)?.[1];
    expect(id).toBeDefined();
    const plan = await h.call<{ status: string; steps: unknown[] }>('GET', `/v1/plans/${id}`, { key: agent });
    expect(plan.body).toMatchObject({
      status: 'pending_approval',
      steps: [
        {
          step_id: 'call',
          tool: 'shell.destructive',
          input: { command: 'rm -rf build dist', cwd: '/home/dev/shop' },
        },
      ],
    });

    // Asking again does not pile up requests: the same call finds the same plan.
    const again = decision((await hook('claude-code', fixture('claude-bash-rm.json'))).stdout);
    expect(again.permissionDecisionReason).toContain(`warrant approve ${id}`);

    // The exact command from the refusal, run by an approver.
    const approved = await cli(['approve', id!], { WARRANT_URL: h.url, WARRANT_API_KEY: approver });
    expect(approved.code).toBe(0);
    const retried = decision((await hook('claude-code', fixture('claude-bash-rm.json'))).stdout);
    expect(retried).toEqual({
      hookEventName: 'PreToolUse',
      permissionDecision: 'allow',
      permissionDecisionReason: expect.stringMatching(
        new RegExp(`^Warrant: approved until \\S+ \\(plan ${id}, shell\\.destructive\\)\\.$`),
      ),
    });
  });

  it('allows an edit outside prod, and a command a catalog rule makes a read in prod', async () => {
    const edit = decision((await hook('claude-code', fixture('claude-edit.json'))).stdout);
    expect(edit).toMatchObject({
      permissionDecision: 'allow',
      permissionDecisionReason: expect.stringContaining('fs.write'),
    });
    const terraform = decision(
      (await hook('claude-code', fixture('claude-bash-terraform.json'), ['--environment', 'prod'])).stdout,
    );
    expect(terraform).toMatchObject({
      permissionDecision: 'allow',
      permissionDecisionReason: expect.stringContaining('shell.terraform_plan'),
    });
  });

  it('denies what it cannot decide: a tool the catalog lacks, unreadable input, Warrant unreachable', async () => {
    const mcp = decision((await hook('claude-code', fixture('claude-mcp.json'))).stdout);
    expect(mcp.permissionDecision).toBe('deny');
    expect(mcp.permissionDecisionReason).toContain('the tool catalog has no github.create_issue');
    expect(mcp.permissionDecisionReason).toContain('warrant plan submit plan.json');
    expect(mcp.permissionDecisionReason).toContain('"tool": "github.create_issue"');

    const garbage = await hook('claude-code', '{"tool_name": ');
    expect(garbage.code).toBe(0);
    expect(decision(garbage.stdout)).toMatchObject({
      permissionDecision: 'deny',
      permissionDecisionReason: expect.stringContaining("Warrant's hook could not read its input"),
    });

    const down = await hook('claude-code', fixture('claude-bash-read.json'), [], {
      WARRANT_URL: 'http://127.0.0.1:9',
    });
    expect(down.code).toBe(0);
    expect(decision(down.stdout)).toMatchObject({
      permissionDecision: 'deny',
      permissionDecisionReason: expect.stringContaining(
        'Warrant could not be asked, so the call was not made',
      ),
    });

    // A misspelt agent blocks (exit 2) rather than failing open.
    const unknown = await hook('claude', fixture('claude-bash-read.json'));
    expect(unknown.code).toBe(2);
  });
});

describe('warrant hook codex', () => {
  it('prints nothing for an allowed call and a deny for an uncovered one', async () => {
    const read = await hook('codex', fixture('codex-bash-read.json'));
    expect([read.code, read.stdout]).toEqual([0, '']);
    const rm = await hook('codex', fixture('codex-bash-rm.json'));
    expect(rm.code).toBe(0);
    const answer = decision(rm.stdout);
    expect(answer.permissionDecision).toBe('deny');
    expect(answer.permissionDecisionReason).toMatch(/warrant approve [0-9a-f-]{36}/);
  });
});
