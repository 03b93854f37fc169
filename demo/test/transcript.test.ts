import { describe, expect, it } from 'vitest';
import { Inbox, stepOf } from '../src/inbox.js';
import { checkStep } from '../src/transcript.js';

const fast = { waitMs: 50, settleMs: 10 };

describe('checkStep', () => {
  it('fails with a ✗ line when an expected delivery is missing', async () => {
    const inbox = new Inbox();
    inbox.push({
      client: 'plain-ws',
      step: 'broadcast',
      via: 'text frame',
      data: '{"step":"broadcast"}',
    });
    const result = await checkStep(
      inbox,
      'broadcast',
      [
        { client: 'plain-ws', receives: true },
        { client: 'signalr', receives: true },
      ],
      fast,
    );
    expect(result.ok).toBe(false);
    expect(result.lines).toEqual([
      '  ✓ plain-ws received {"step":"broadcast"} (text frame)',
      '  ✗ signalr did not receive the broadcast message',
    ]);
  });

  it('fails when a client that should stay silent received the message', async () => {
    const inbox = new Inbox();
    inbox.push({
      client: 'signalr',
      step: 'excluded',
      via: 'invocation excluded',
      data: { step: 'excluded' },
    });
    const result = await checkStep(
      inbox,
      'excluded',
      [{ client: 'signalr', receives: false }],
      fast,
    );
    expect(result.ok).toBe(false);
    expect(result.lines[0]).toContain('✗ signalr received');
  });

  it('waits for a delivery that arrives later', async () => {
    const inbox = new Inbox();
    setTimeout(
      () => inbox.push({ client: 'signalr', step: 'late', via: 'invocation', data: {} }),
      20,
    );
    const result = await checkStep(inbox, 'late', [{ client: 'signalr', receives: true }], {
      waitMs: 2000,
    });
    expect(result.ok).toBe(true);
  });
});

describe('stepOf', () => {
  it('reads the step from objects and from JSON text, and nothing from other data', () => {
    expect(stepOf({ step: 'a' })).toBe('a');
    expect(stepOf('{"step":"b"}')).toBe('b');
    expect(stepOf('not json')).toBe('');
    expect(stepOf(42)).toBe('');
  });
});
