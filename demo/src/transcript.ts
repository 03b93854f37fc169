// The readable transcript: one block per step, one line per expected (non-)delivery, and a verdict.
import type { ClientName, Delivery, Inbox } from './inbox.js';

export interface Expectation {
  client: ClientName;
  receives: boolean;
}

export interface StepResult {
  ok: boolean;
  lines: string[];
}

const short = (data: unknown) => {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
};

const describe = (d: Delivery) => `${d.client} received ${short(d.data)} (${d.via})`;

/**
 * Checks one step: every client expected to receive must get the step's message within `waitMs`;
 * then, after a short settle time, no client expected to stay silent may have received it.
 */
export async function checkStep(
  inbox: Inbox,
  step: string,
  expectations: Expectation[],
  { waitMs = 5000, settleMs = 300 } = {},
): Promise<StepResult> {
  const lines: string[] = [];
  let ok = true;
  for (const e of expectations.filter((x) => x.receives)) {
    const got = await inbox.waitFor(e.client, step, waitMs);
    if (got) lines.push(`  ✓ ${describe(got)}`);
    else {
      ok = false;
      lines.push(`  ✗ ${e.client} did not receive the ${step} message`);
    }
  }
  const silent = expectations.filter((x) => !x.receives);
  if (silent.length) await new Promise((r) => setTimeout(r, settleMs));
  for (const e of silent) {
    const got = inbox.find(e.client, step);
    if (got) {
      ok = false;
      lines.push(`  ✗ ${describe(got)}, but it was excluded`);
    } else lines.push(`  ✓ ${e.client} received nothing, as expected`);
  }
  return { ok, lines };
}

/** A check that is not a delivery (existence, permission, close reason). */
export function fact(ok: boolean, text: string): StepResult {
  return { ok, lines: [`  ${ok ? '✓' : '✗'} ${text}`] };
}

/** A check that could not run here, and why; it neither passes nor fails the demo. */
export function skipped(why: string): StepResult {
  return { ok: true, lines: [`  – skipped: ${why}`] };
}
