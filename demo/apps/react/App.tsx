/**
 * The demo shop's checkout as a React app: `<AntomCardCheckout>` from antom-card-checkout/react,
 * its events through `onX` props, and the shop's own pay button calling `submit()` through a ref.
 * The server decides the price (the element posts no amount); the page shows what the session says.
 */
import { useRef, useState } from 'react';
import {
  AntomCardCheckout,
  EVENT_PROP_NAMES,
  type AntomCardCheckoutElement,
  type AntomCardCheckoutEventProps,
  type Amount,
} from 'antom-card-checkout/react';
import {
  confirmWithServer,
  describeCard,
  formatMoney,
  liveEnvironment,
  LOADING,
  pinnedGatewayOrigin,
  type Outcome,
} from '../shared/shop.js';

type Heard = Partial<Record<keyof AntomCardCheckoutEventProps, number>>;

export function App() {
  const checkout = useRef<AntomCardCheckoutElement>(null);
  const run = useRef(0);
  const [amount, setAmount] = useState<Amount | null>(null);
  const [canPay, setCanPay] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(LOADING);
  const [heard, setHeard] = useState<Heard>({});

  const hear = (prop: keyof AntomCardCheckoutEventProps): void =>
    setHeard((counts) => ({ ...counts, [prop]: (counts[prop] ?? 0) + 1 }));

  const confirm = (paymentId: string): void => {
    const current = ++run.current;
    void confirmWithServer(paymentId, () => current !== run.current).then((line) => {
      if (line) setOutcome((shown) => ({ ...shown, lines: [...shown.lines, line] }));
    });
  };

  const total = amount ? formatMoney(amount) : '—';
  return (
    <>
      <header className="site-header">
        <div className="wrap header-row">
          <a className="logo" href="/">
            <img src="/favicon.svg" alt="" width="28" height="28" />
            <span>Northwind Coffee</span>
          </a>
          <nav className="site-nav" aria-label="Checkouts">
            <a href="/">Script tag</a>
            <a href="/react" aria-current="page">
              React
            </a>
            <a href="/vue">Vue</a>
            <p className="sandbox-badge">Sandbox · no real money moves</p>
          </nav>
        </div>
      </header>

      <main className="wrap layout">
        <section className="panel product" aria-labelledby="product-title">
          <img
            className="product-art"
            src="/product.svg"
            alt="A stoneware pour-over dripper on a glass carafe, with two cups"
            width="480"
            height="320"
          />
          <h1 id="product-title">Stoneware pour-over set</h1>
          <p className="product-copy">
            This page is a React app: the card form is <code>&lt;AntomCardCheckout&gt;</code> from{' '}
            <code>antom-card-checkout/react</code>. The shop's server sets the price.
          </p>
          <dl className="summary">
            <div className="summary-total">
              <dt>Total</dt>
              <dd id="total">{total}</dd>
            </div>
          </dl>
        </section>

        <section className="panel checkout" id="payment" aria-labelledby="payment-title">
          <h2 id="payment-title">Payment</h2>
          <AntomCardCheckout
            ref={checkout}
            sessionUrl="/api/checkout/session"
            environment={liveEnvironment()}
            gatewayOrigin={pinnedGatewayOrigin()}
            hidePayButton
            onLoading={() => hear('onLoading')}
            onReady={(event) => {
              hear('onReady');
              setAmount(event.detail.amount);
              setCanPay(true);
              setOutcome({ tone: 'neutral', title: 'Ready. Enter the card details and pay.', lines: [] });
            }}
            onChange={() => hear('onChange')}
            onSubmit={() => {
              hear('onSubmit');
              setCanPay(false);
              setOutcome({ tone: 'neutral', title: 'Paying…', lines: [] });
            }}
            onAuthorized={(event) => {
              hear('onAuthorized');
              const { paymentId } = event.detail;
              setOutcome({
                tone: 'success',
                title: 'Payment authorized.',
                lines: [describeCard(event.detail), `Payment id: ${paymentId ?? 'not told'}`],
              });
              if (paymentId) confirm(paymentId);
            }}
            onFailed={(event) => {
              hear('onFailed');
              setCanPay(true);
              setOutcome({
                tone: 'error',
                title: 'Payment declined.',
                lines: [event.detail.message, `Result code: ${event.detail.resultCode}`],
              });
            }}
            onProcessing={(event) => {
              hear('onProcessing');
              setOutcome({ tone: 'neutral', title: 'Payment is processing.', lines: [`Result code: ${event.detail.resultCode}`] });
              if (event.detail.paymentId) confirm(event.detail.paymentId);
            }}
            onError={(event) => {
              hear('onError');
              setCanPay(event.detail.recoverable && checkout.current?.state.status === 'ready');
              setOutcome({
                tone: 'error',
                title: event.detail.recoverable ? 'Check the card details.' : 'The checkout hit a problem.',
                lines: [event.detail.message, `Reason: ${event.detail.reason}`],
              });
            }}
            onSessionExpired={() => {
              hear('onSessionExpired');
              setCanPay(false);
              setOutcome({ tone: 'error', title: 'The payment session expired.', lines: ['Reload the page to start again.'] });
            }}
            onCardSaved={() => hear('onCardSaved')}
            onRemoveCard={() => hear('onRemoveCard')}
            onChallenge={() => {
              hear('onChallenge');
              setOutcome({
                tone: 'neutral',
                title: 'Your bank is asking you to confirm it is you.',
                lines: ['Enter the code in the bank’s window (sandbox code: 123456).'],
              });
            }}
            onCancel={() => {
              hear('onCancel');
              setCanPay(true);
              setOutcome({ tone: 'neutral', title: 'Verification cancelled. Nothing was charged.', lines: [] });
            }}
          />
          <button
            type="button"
            className="pay-button"
            disabled={!canPay}
            onClick={() => checkout.current?.submit()}
          >
            {amount ? `Pay ${total}` : 'Pay'}
          </button>

          <div className="outcome" role="status" aria-live="polite" data-tone={outcome.tone}>
            <p className="outcome-title">{outcome.title}</p>
            {outcome.lines.map((line) => (
              <p className="outcome-detail" key={line}>
                {line}
              </p>
            ))}
          </div>

          <section className="events-heard" aria-labelledby="events-title">
            <h2 id="events-title">Events React delivered</h2>
            <ul>
              {Object.entries(heard).map(([prop, count]) => (
                <li key={prop} data-event={EVENT_PROP_NAMES[prop as keyof AntomCardCheckoutEventProps]} data-count={count}>
                  <code>{prop}</code> × {count}
                </li>
              ))}
            </ul>
          </section>
        </section>
      </main>
    </>
  );
}
