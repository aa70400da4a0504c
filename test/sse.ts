// A server-sent events reader for tests: parses a text/event-stream answer as it arrives.

export interface SseEvent {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

export function readSse(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const events: SseEvent[] = [];
  const state = { ended: false, status: 0, contentType: '', retry: undefined as number | undefined };
  const ready = fetch(url, { headers, signal: controller.signal }).then((response) => {
    state.status = response.status;
    state.contentType = response.headers.get('content-type') ?? '';
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const fields = new Map<string, string>();
          for (const line of buffer.slice(0, end).split('\n')) {
            const colon = line.indexOf(': ');
            if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 2));
          }
          buffer = buffer.slice(end + 2);
          if (fields.has('retry')) state.retry = Number(fields.get('retry'));
          const [event, data] = [fields.get('event'), fields.get('data')];
          if (event && data) events.push({ id: fields.get('id') ?? '', event, data: JSON.parse(data) });
        }
      }
    })()
      .catch(() => {})
      .finally(() => {
        state.ended = true;
      });
  });
  return { events, state, ready, close: () => controller.abort() };
}

export async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
