/**
 * The shape of evidence an agent attaches (agent-evidence.ts stores it): its own module, so a client (the MCP
 * server `warrant mcp` runs) validates it without loading the store, the audit log and the database.
 */
import { z } from 'zod';
import { EvidenceRequirementSchema } from '../plans/plan-schema.ts';

export const AgentEvidenceSchema = z.strictObject({
  step_id: z.string().min(1).max(64),
  type: EvidenceRequirementSchema.shape.type,
  query: z.string().min(1).max(10_000),
  // Whatever the query returned; it arrives as JSON, so any present value is JSON.
  result: z.unknown().refine((value) => value !== undefined, 'result is required'),
  link: z.url().max(2000).optional(),
});
export type AgentEvidenceInput = z.input<typeof AgentEvidenceSchema>;

export interface AgentEvidenceView {
  id: string;
  plan_id: string;
  step_id: string;
  type: AgentEvidenceInput['type'];
  query: string;
  result_ref: string;
  sha256: string;
  link: string | null;
  actor_id: string;
  collected_at: string;
}
