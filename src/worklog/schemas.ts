import { z } from 'zod';
import { visibleText } from '../core/visible-text.ts';

export const RISK_LEVELS = ['Low', 'Med', 'High'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Seed 000's review_outputs: a fixed schema, anything else is refused whole. */
export const FindingSchema = z.strictObject({
  id: z.string().min(1).max(50),
  category: z.enum(['security', 'correctness', 'reliability', 'performance', 'maintainability', 'testing']),
  severity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
  title: z.string().min(1).max(200),
  description: z.string().max(4000),
  evidenceRef: z.string().min(1).max(500),
  recommendation: z.string().max(4000),
  confidence: z.number().min(0).max(1),
});
export const ReviewOutputSchema = z.strictObject({
  summary: z.string().min(1).max(8000),
  findings: z.array(FindingSchema).max(100),
});
export type ReviewOutput = z.infer<typeof ReviewOutputSchema>;

export const AssetCardContentSchema = z.strictObject({
  title: z.string().min(1).max(200),
  summary: z.string().min(1).max(2000),
  impact: z.string().min(1).max(2000),
  skills: z.array(z.string().min(1).max(60)).max(20),
});
export type AssetCardContent = z.infer<typeof AssetCardContentSchema>;

export const ProjectAssessmentSchema = z.strictObject({
  risk_level: z.enum(RISK_LEVELS),
  considerations: z.array(z.string().min(1).max(1000)).max(20),
});

const repoName = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'a GitHub owner or repository name');

export const ConnectRepositorySchema = z.strictObject({
  full_name: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/, 'owner/name')
    .describe('The GitHub repository, owner/name'),
  sensitivity: z
    .enum(['normal', 'high'])
    .default('normal')
    .describe('high raises the risk level of every review in the repository by one'),
});

export const ProjectInputSchema = z.strictObject({
  purpose: z.string().min(1).max(2000),
  scope: z.string().min(1).max(2000),
  constraints: z.array(z.string().min(1).max(500)).max(20).default([]),
  success_criteria: z.array(z.string().min(1).max(500)).min(1).max(20),
  repository: z.strictObject({
    owner: repoName,
    name: repoName,
    private: z.boolean().default(true),
    description: z.string().max(350).optional(),
  }),
  bootstrap: z.boolean().default(true).describe('Create README.md, SPEC.md and docs/ (spec-ready structure)'),
});
export type ProjectInput = z.infer<typeof ProjectInputSchema>;

export const IntentVoteSchema = z.strictObject({
  decision: z.enum(['approve', 'deny', 'send_back']),
  comment: visibleText(2000).optional(),
  template_answers: z.record(z.string(), z.unknown()).optional(),
});

export const CardDecisionSchema = z.strictObject({
  decision: z.enum(['approve', 'edit', 'reject']),
  changes: AssetCardContentSchema.partial().optional(),
  comment: visibleText(2000).optional(),
});
export type CardDecision = z.infer<typeof CardDecisionSchema>;

export const RequestReviewSchema = z.strictObject({
  repository: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/, 'owner/name')
    .describe('A connected repository, owner/name'),
  pr_number: z.number().int().positive().max(2_147_483_647).describe('The pull request to review'),
});
