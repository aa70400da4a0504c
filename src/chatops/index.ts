import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { RouteModule } from '../core/route-module.ts';
import type { PlanDiffService } from '../plans/diff.ts';
import { chatIdentityRoutes, chatWebhookRoutes } from './routes.ts';
import type { ChatOpsService } from './service.ts';
import { slackNotifier } from './slack.ts';

/**
 * Chat approvals as configured. Secrets come from the environment: WARRANT_SLACK_SIGNING_SECRET (the
 * public contract's name), WARRANT_CHATOPS_SLACK_BOT_TOKEN and WARRANT_LINEAR_WEBHOOK_SECRET.
 */
export function chatops(config: Config, logger: Logger, env: NodeJS.ProcessEnv = process.env) {
  const { chatops: settings } = config;
  const notifier =
    settings.slack_bot_token && settings.slack_channel
      ? slackNotifier(
          {
            apiUrl: settings.slack_api_url,
            botToken: settings.slack_bot_token,
            channel: settings.slack_channel,
            consoleUrl: settings.console_url,
          },
          logger,
        )
      : undefined;
  return {
    listeners: notifier ? [notifier] : [],
    /** `diffs`: where the approval messages read what will change (the diff service is built after this). */
    routes(deps: {
      chat: ChatOpsService;
      clock: Clock;
      diffs?: Pick<PlanDiffService, 'diff'>;
    }): RouteModule[] {
      const { diffs } = deps;
      // The notifier reads a plan's diff in the plan's tenant, as no person: a service actor that can only read.
      if (diffs) {
        notifier?.readDiffsFrom((event) =>
          diffs.diff(
            {
              id: 'slack-notifier',
              type: 'service',
              name: 'slack-notifier',
              roles: ['viewer'],
              tenant_id: event.tenant_id,
              tenant_name: '',
              is_root: false,
            },
            event.plan.id,
          ),
        );
      }
      return [
        chatWebhookRoutes({
          ...deps,
          logger,
          slackSigningSecret: env.WARRANT_SLACK_SIGNING_SECRET ?? settings.slack_signing_secret,
          linearWebhookSecret: env.WARRANT_LINEAR_WEBHOOK_SECRET ?? settings.linear_webhook_secret,
        }),
        chatIdentityRoutes(deps.chat),
      ];
    },
  };
}
