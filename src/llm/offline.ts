import {
  type AssetDocument,
  assetCardByRules,
  type ProjectDocument,
  projectByRules,
  type ReviewDocument,
  reviewByRules,
} from './offline-worklog.ts';
import { ModelCallError, type ModelProvider } from './provider.ts';

/** What the drafter sends (see draft.ts): the operator's words, the context, and the alert if any. */
interface DraftDocument {
  intent: string;
  context: { environment: string; namespace?: string; [key: string]: unknown };
  alert?: { labels: Record<string, string>; annotations?: Record<string, string> };
}

interface Step {
  step_id: string;
  action: string;
  tool: string;
  input: Record<string, unknown>;
  preconditions?: string[];
  evidence_required?: { type: 'promql'; query: string }[];
}

const NAME = '([a-z0-9][a-z0-9._-]*)';
const IN_NAMESPACE = `(?:\\s+in\\s+(?:the\\s+)?(?:namespace\\s+)?${NAME})?`;
const TARGET = `(?:the\\s+)?(?:deployment\\s+)?${NAME}${IN_NAMESPACE}`;
const RESTART = new RegExp(`\\b(?:restart|bounce)\\s+${TARGET}`, 'i');
const SCALE = new RegExp(`\\bscale\\s+${TARGET}\\s+(?:to|=)\\s*(\\d+)(?:\\s+replicas?)?${IN_NAMESPACE}`, 'i');
const UNDO = new RegExp(`\\b(?:roll\\s*back|undo)\\s+${TARGET}`, 'i');

/**
 * The default provider: no network, no model. Rules turn a few well-known intents and alerts into plans,
 * so the same request always drafts the same plan; anything else is declined, never guessed. WorkLog's
 * reviews, asset cards and project assessments are answered by the rules in offline-worklog.ts.
 */
export function offlineProvider(): ModelProvider {
  return {
    name: 'offline',
    model: 'rules-v1',
    async complete(request) {
      const doc: unknown = JSON.parse(request.prompt);
      switch (request.schemaName) {
        case 'pr_review':
          return JSON.stringify(reviewByRules(doc as ReviewDocument));
        case 'asset_card':
          return JSON.stringify(assetCardByRules(doc as AssetDocument));
        case 'project_assessment':
          return JSON.stringify(projectByRules(doc as ProjectDocument));
        default:
          return JSON.stringify(draftByRules(doc as DraftDocument));
      }
    },
  };
}

export function draftByRules(doc: DraftDocument) {
  const { summary, steps } = doc.alert ? alertSteps(doc) : intentSteps(doc);
  // The namespace the steps act in belongs in the context too (it came from the intent or the alert).
  const namespace = steps.map((step) => step.input.namespace).find((value) => typeof value === 'string');
  return {
    summary,
    intent: doc.intent,
    context: { ...doc.context, ...(namespace ? { namespace } : {}) },
    steps,
  };
}

function alertSteps(doc: DraftDocument): { summary: string; steps: Step[] } {
  const labels = doc.alert?.labels ?? {};
  const alertname = labels.alertname ?? 'alert';
  const namespace = labels.namespace ?? doc.context.namespace;
  const selector = [`alertname="${alertname}"`, ...(namespace ? [`namespace="${namespace}"`] : [])].join(',');
  const query = `ALERTS{${selector},alertstate="firing"}`;
  const evidence: Step = {
    step_id: 'check-alert',
    action: `Confirm ${alertname} is still firing`,
    tool: 'prometheus.query',
    input: { query },
  };
  if (!labels.deployment || !namespace) {
    return { summary: `Investigate ${alertname}`, steps: [evidence] };
  }
  return {
    summary: `Restart ${labels.deployment} in ${namespace} for ${alertname}`,
    steps: [
      evidence,
      {
        step_id: 'restart',
        action: `Restart deployment ${labels.deployment}`,
        tool: 'k8s.rollout_restart',
        input: { namespace, deployment: labels.deployment },
        preconditions: [`${alertname} is still firing`],
        evidence_required: [{ type: 'promql', query }],
      },
    ],
  };
}

function intentSteps(doc: DraftDocument): { summary: string; steps: Step[] } {
  const namespaceOf = (...found: (string | undefined)[]) =>
    found.find((value) => value !== undefined) ?? doc.context.namespace ?? 'default';
  const scale = SCALE.exec(doc.intent);
  if (scale) {
    const [, deployment, before, replicas, after] = scale;
    const namespace = namespaceOf(before, after);
    return {
      summary: `Scale ${deployment} in ${namespace} to ${replicas}`,
      steps: [
        {
          step_id: 'scale',
          action: `Scale deployment ${deployment} to ${replicas} replicas`,
          tool: 'k8s.scale',
          input: { namespace, deployment, replicas: Number(replicas) },
        },
      ],
    };
  }
  const restart = RESTART.exec(doc.intent);
  if (restart) {
    const namespace = namespaceOf(restart[2]);
    return {
      summary: `Restart ${restart[1]} in ${namespace}`,
      steps: [
        {
          step_id: 'restart',
          action: `Restart deployment ${restart[1]}`,
          tool: 'k8s.rollout_restart',
          input: { namespace, deployment: restart[1] },
        },
      ],
    };
  }
  const undo = UNDO.exec(doc.intent);
  if (undo) {
    const namespace = namespaceOf(undo[2]);
    return {
      summary: `Roll back ${undo[1]} in ${namespace}`,
      steps: [
        {
          step_id: 'rollback',
          action: `Roll deployment ${undo[1]} back to its previous revision`,
          tool: 'k8s.rollout_undo',
          input: { namespace, deployment: undo[1] },
        },
      ],
    };
  }
  throw new ModelCallError(
    422,
    'draft_unsupported',
    'the offline provider drafts only "restart X [in namespace Y]", "scale X to N [in namespace Y]", ' +
      '"roll back X [in namespace Y]" and alerts; configure llm.provider for other intents',
  );
}
