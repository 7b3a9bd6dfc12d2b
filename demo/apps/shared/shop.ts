/**
 * What the React and Vue shops share: the words for a payment, and the shop server's own view of
 * the order. The browser never decides an order's fate: after `authorized`, the page asks the
 * server (/api/orders), whose order moves only on Antom's signed notification.
 */

/** An amount in minor units, as the session (and so the server) set it. */
export interface Money {
  currency: string;
  value: string;
}

/** What an authorized payment tells about its card: brand, last four, expiry; never the number. */
export interface CardSummary {
  brand: string | null;
  last4: string | null;
  expiryMonth: string | null;
  expiryYear: string | null;
}

/** A line of the outcome panel: its tone, a title and detail lines. */
export interface Outcome {
  tone: 'neutral' | 'success' | 'error';
  title: string;
  lines: string[];
}

/** The first outcome: nothing has loaded yet. */
export const LOADING: Outcome = { tone: 'neutral', title: 'Loading the secure card form…', lines: [] };

const CONFIRM_ATTEMPTS = 10;
const CONFIRM_INTERVAL_MS = 600;

const BRAND_NAMES: Record<string, string> = {
  VISA: 'Visa',
  MASTERCARD: 'Mastercard',
  AMEX: 'American Express',
  UNIONPAY: 'UnionPay',
  JCB: 'JCB',
  DINERS: 'Diners Club',
  DISCOVER: 'Discover',
};

/** `{ USD, 2500 }` -> `$25.00`, with the currency's own number of decimals. */
export function formatMoney(amount: Money): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: amount.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(Number(amount.value) / 10 ** digits);
}

/** `Visa ending 0768, expires 12/30`. */
export function describeCard(card: CardSummary): string {
  const name = card.brand ? (BRAND_NAMES[card.brand] ?? card.brand) : 'Card';
  const parts = [card.last4 ? `${name} ending ${card.last4}` : name];
  if (card.expiryMonth && card.expiryYear) parts.push(`expires ${card.expiryMonth}/${card.expiryYear}`);
  return parts.join(', ');
}

/** The sandbox gateway the element is pinned to offline, which the demo server writes into the page; else `null`. */
export function pinnedGatewayOrigin(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="antom-gateway-origin"]')?.content || null;
}

/** The element's environment in live mode, which the demo server writes into the page; else `null`. */
export function liveEnvironment(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="antom-environment"]')?.content || null;
}

interface OrderView {
  id: string;
  paymentId?: string | null;
  status: string;
  captureMode?: string;
}

function isOrderList(value: unknown): value is OrderView[] {
  return Array.isArray(value) && value.every((order) => typeof order === 'object' && order !== null);
}

/**
 * Asks the shop server (bounded polling) until Antom's notification has moved the order past
 * CREATED/PROCESSING; resolves with a line for the buyer, or `null` when `stale()` says a newer
 * checkout took over.
 */
export async function confirmWithServer(paymentId: string, stale: () => boolean): Promise<string | null> {
  for (let attempt = 0; attempt < CONFIRM_ATTEMPTS; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, CONFIRM_INTERVAL_MS));
    if (stale()) return null;
    let orders: unknown;
    try {
      const response = await fetch('/api/orders', { headers: { Accept: 'application/json' } });
      if (!response.ok) continue;
      orders = await response.json();
    } catch {
      continue;
    }
    const order = isOrderList(orders) ? orders.find((candidate) => candidate.paymentId === paymentId) : undefined;
    if (order && order.status !== 'CREATED' && order.status !== 'PROCESSING') {
      return `Shop server: order ${order.id} is ${order.status} (from Antom's signed notification).`;
    }
  }
  return stale() ? null : 'Shop server: no notification yet. The order updates when it arrives.';
}
