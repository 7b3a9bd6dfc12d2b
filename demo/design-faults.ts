/**
 * (ours) The design review's way to show the submitting and processing states: the sandbox
 * gateway's fault injection admin (loopback only, off unless the gateway runs with `--faults`),
 * armed on the card frame's `/sdk/v1/payments` for exactly as many payments as the review's row
 * has checkouts. `delay` holds the gateway's answer back (the checkout stays submitting until the
 * frame gives up waiting); `hold` leaves the authorization in process (the checkout follows it). The
 * page never reaches the admin itself, and no card data is involved: the rows pay with a saved card.
 */
import { number, object, oneOf, SchemaError } from 'antom-card-checkout/server';

/** The faults the design review arms. */
export type DesignFaultKind = 'delay' | 'hold';

/** Most payments one armed fault may meet: a row of the review. */
export const MAX_DESIGN_FAULT_COUNT = 10;

const armRequest = object(
  {
    kind: oneOf(['delay', 'hold'] as const),
    count: number({ min: 1, max: MAX_DESIGN_FAULT_COUNT }),
  },
  { strict: true },
);

/** Validates the page's body: the fault and how many payments it meets, or a message naming the bad field. */
export function parseArmRequest(
  body: unknown,
): { ok: true; kind: DesignFaultKind; count: number } | { ok: false; message: string } {
  try {
    const { kind, count } = armRequest.parse(body, '');
    if (!Number.isInteger(count)) return { ok: false, message: 'count must be an integer' };
    return { ok: true, kind, count };
  } catch (error) {
    if (error instanceof SchemaError) return { ok: false, message: error.message };
    throw error;
  }
}

/** The gateway's fault admin, as the design review uses it. */
export class DesignFaults {
  private readonly adminOrigin: string;

  /** `adminOrigin`: the loopback origin of a gateway started with fault injection. */
  constructor(adminOrigin: string) {
    this.adminOrigin = adminOrigin;
  }

  /** Arms `kind` for the next `count` card payments; resolves with the fault's id, or `undefined` if refused. */
  async arm(kind: DesignFaultKind, count: number): Promise<string | undefined> {
    const answer = await this.call('POST', { kind, count, path: '/sdk/v1/payments' });
    const fault = answer?.['fault'];
    return isRecord(fault) && typeof fault['id'] === 'string' ? fault['id'] : undefined;
  }

  /** How many payments fault `id` will still meet; `undefined` when the gateway does not know it. */
  async remaining(id: string): Promise<number | undefined> {
    const faults = (await this.call('GET'))?.['faults'];
    if (!Array.isArray(faults)) return undefined;
    const fault: unknown = faults.find((candidate) => isRecord(candidate) && candidate['id'] === id);
    return isRecord(fault) && typeof fault['remaining'] === 'number' ? fault['remaining'] : undefined;
  }

  private async call(method: 'GET' | 'POST', body?: object): Promise<Record<string, unknown> | undefined> {
    try {
      const response = await fetch(`${this.adminOrigin}/sandbox/faults`, {
        method,
        ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(5_000),
      });
      const json: unknown = await response.json();
      return response.ok && isRecord(json) ? json : undefined;
    } catch {
      return undefined;
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
