import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../db/connect.ts';
import { rememberDelivery } from './store.ts';

/** Slack and Linear refuse deliveries older than this; replays are remembered as long. */
export const MAX_SKEW_SECONDS = 300;

const hmacHex = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

export type SignatureCheck = 'ok' | 'bad_signature' | 'stale';

/** Slack's v0 scheme: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}`, timestamp within five minutes. */
export function checkSlackSignature(
  secret: string,
  signature: string | undefined,
  timestamp: string | undefined,
  rawBody: string,
  now: Date,
): SignatureCheck {
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return 'bad_signature';
  if (!sameText(signature, `v0=${hmacHex(secret, `v0:${timestamp}:${rawBody}`)}`)) return 'bad_signature';
  return Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS ? 'stale' : 'ok';
}

export const slackSignature = (secret: string, timestamp: string, rawBody: string): string =>
  `v0=${hmacHex(secret, `v0:${timestamp}:${rawBody}`)}`;

/** Linear's `Linear-Signature`: hex HMAC-SHA256 of the raw body. */
export function checkLinearSignature(
  secret: string,
  signature: string | undefined,
  rawBody: string,
): boolean {
  return !!signature && sameText(signature.toLowerCase(), hmacHex(secret, rawBody));
}

export const linearSignature = (secret: string, rawBody: string): string => hmacHex(secret, rawBody);

/**
 * Remembers a delivery; false when it was seen before (a replay). Entries older than the accepted skew
 * are dropped on the way, since a delivery that old is refused as stale anyway.
 */
export async function firstDelivery(
  db: Executor,
  source: string,
  delivery: string,
  now: Date,
): Promise<boolean> {
  return rememberDelivery(
    db,
    { source, delivery, received_at: now },
    new Date(now.getTime() - 2 * MAX_SKEW_SECONDS * 1000),
  );
}
