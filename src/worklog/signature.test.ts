import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { checkSignature } from './signature.ts';

const body = Buffer.from('{"zen":"Keep it logically awesome."}');

describe('webhook signatures', () => {
  it('accepts the signature of the exact bytes with the right secret', async () => {
    expect(await checkSignature('s3cret', body, await sign('s3cret', body.toString()))).toEqual({ ok: true });
  });

  it('refuses a missing, malformed, wrong-secret or other-body signature', async () => {
    const good = await sign('s3cret', body.toString());
    expect(await checkSignature('s3cret', body, undefined)).toMatchObject({ code: 'signature_missing' });
    expect(await checkSignature('s3cret', body, 'sha1=abc')).toMatchObject({ code: 'signature_invalid' });
    expect(await checkSignature('other', body, good)).toMatchObject({ code: 'signature_invalid' });
    const spaced = Buffer.from('{ "zen": "Keep it logically awesome." }');
    expect(await checkSignature('s3cret', spaced, good)).toMatchObject({ code: 'signature_invalid' });
  });
});
