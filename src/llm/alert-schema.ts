import { z } from 'zod';

// Alertmanager's webhook payload (version 4). Loose objects: Alertmanager adds fields over time, and an
// unknown field must not make a receiver drop an alert.

const labelSet = z.record(z.string(), z.string());

export const AlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: labelSet.default({}),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).max(128),
});
export type Alert = z.output<typeof AlertSchema>;

export const AlertmanagerPayloadSchema = z.looseObject({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labelSet.default({}),
  commonLabels: labelSet.default({}),
  commonAnnotations: labelSet.default({}),
  externalURL: z.string().optional(),
  alerts: z.array(AlertSchema).min(1).max(1000),
});
export type AlertmanagerPayload = z.output<typeof AlertmanagerPayloadSchema>;
