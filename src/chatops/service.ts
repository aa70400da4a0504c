import type { Clock } from '../core/clock.ts';
import type { Actor } from '../core/roles.ts';
import type { Orm } from '../db/connect.ts';
import { recordSecurityEvent, type SecurityEventInput } from '../ops/security-events.ts';
import type { ApprovalService } from '../plans/approvals/service.ts';
import { contentHashAt } from '../plans/store.ts';
import { type CommandAnswer, type CommandDeps, runCommand, type SlashCommand } from './commands.ts';
import { type ChatProvider, linkChatIdentity } from './identities.ts';
import { firstDelivery } from './signatures.ts';
import { type ChatOutcome, type ChatVote, castChatVote } from './vote.ts';

export interface ChatOpsDeps {
  orm: Orm;
  clock: Clock;
  approvals: Pick<ApprovalService, 'vote'>;
  /** What the Slack slash commands read and submit through; without it they answer that they are off. */
  commands?: Omit<CommandDeps, 'orm'>;
}

/** What the chat routes do with the database: replay memory, votes, identity links and refusals. */
export class ChatOpsService {
  readonly #deps: ChatOpsDeps;

  constructor(deps: ChatOpsDeps) {
    this.#deps = deps;
  }

  /** False when this delivery was seen before (a replay). */
  firstDelivery(source: string, delivery: string): Promise<boolean> {
    return firstDelivery(this.#deps.orm, source, delivery, this.#deps.clock.now());
  }

  vote(vote: ChatVote): Promise<ChatOutcome> {
    return castChatVote(this.#deps.orm, this.#deps.approvals, vote);
  }

  /** A Slack slash command, answered to its caller (commands.ts). */
  async command(command: SlashCommand): Promise<CommandAnswer> {
    if (!this.#deps.commands) {
      return { response_type: 'ephemeral', text: 'Slash commands are not set up here.', outcome: 'refused' };
    }
    return runCommand({ orm: this.#deps.orm, ...this.#deps.commands }, command);
  }

  /** The content hash a plan had at `at`: the revision a chat message sent then showed. */
  contentHashAt(planId: string, at: Date): Promise<string | undefined> {
    return contentHashAt(this.#deps.orm, planId, at);
  }

  linkIdentity(caller: Actor, link: { provider: ChatProvider; external_id: string; actor_id: string }) {
    return linkChatIdentity(this.#deps.orm, this.#deps.clock, caller, link);
  }

  /** Records a refused delivery as a security event; answers its id. */
  recordRefusal(event: SecurityEventInput): Promise<string> {
    return recordSecurityEvent(this.#deps.orm, event);
  }
}
