/** A merchant's checkout in React: every property, every event, the ref; then what must not compile. */
import { StrictMode, useRef, useState } from 'react';
import {
  AntomCardCheckout,
  type AntomAuthorizedDetail,
  type AntomCardCheckoutElement,
  type AntomCardCheckoutEventProps,
  type AntomFailedDetail,
  type CheckoutStatus,
  type SubmitResult,
} from 'antom-card-checkout/react';

export function Checkout({ cartId }: { cartId: string }) {
  const checkout = useRef<AntomCardCheckoutElement>(null);
  const [status, setStatus] = useState<CheckoutStatus>('loading');
  const paid = (event: CustomEvent<AntomAuthorizedDetail>): void => {
    const paymentId: string | null = event.detail.paymentId;
    const last4: string | null = event.detail.last4;
    void [paymentId, last4];
  };
  return (
    <StrictMode>
      <AntomCardCheckout
        ref={checkout}
        id="checkout"
        className="checkout"
        style={{ maxWidth: 480 }}
        aria-label="Card payment"
        sessionUrl="/api/checkout/session"
        sessionRequest={{ cartId }}
        session={null}
        locale="en_US"
        gatewayOrigin="https://gateway.example"
        environment="sandbox"
        sdkUrl={null}
        savedCardCvc
        hidePayButton
        mode="payment"
        theme="auto"
        frameTimeout={10_000}
        onLoading={(event) => void event.detail.code}
        onReady={(event) => setStatus(event.detail.amount ? 'ready' : 'loading')}
        onChange={(event) => void event.detail.fields.number.valid}
        onSubmit={(event) => {
          const attemptId: string = event.detail.attemptId;
          if (!attemptId) event.preventDefault();
        }}
        onAuthorized={paid}
        onFailed={(event) => void event.detail.resultCode.toLowerCase()}
        onProcessing={(event) => void event.detail.paymentId}
        onError={(event) => void (event.detail.recoverable ? event.detail.reason : event.detail.message)}
        onSessionExpired={(event) => void event.detail.paymentSessionId}
        onCardSaved={(event) => void event.detail.brand}
        onRemoveCard={(event) => void event.detail.index.toFixed()}
        onChallenge={(event) => void event.detail.code}
        onCancel={(event) => void event.detail.code}
      />
      <button
        type="button"
        disabled={status !== 'ready'}
        onClick={() => {
          const element = checkout.current;
          if (!element) return;
          void element.validate().then(async (result) => {
            if (!result.isValid) return;
            const outcome: SubmitResult = await element.submit();
            if (outcome.outcome === 'authorized') void outcome.detail.paymentId;
          });
          const state: CheckoutStatus = element.state.status;
          void [state, element.reset, element.reload, element.focus];
        }}
      >
        Pay
      </button>
    </StrictMode>
  );
}

/** The task's list of handlers, exactly: a missing or an extra event fails here. */
export const EVERY_EVENT_HANDLER: Required<AntomCardCheckoutEventProps> = {
  onLoading: () => undefined,
  onReady: () => undefined,
  onChange: () => undefined,
  onSubmit: () => undefined,
  onAuthorized: () => undefined,
  onFailed: () => undefined,
  onProcessing: () => undefined,
  onError: () => undefined,
  onSessionExpired: () => undefined,
  onCardSaved: () => undefined,
  onRemoveCard: () => undefined,
  onChallenge: () => undefined,
  onCancel: () => undefined,
};

export function Mistakes() {
  const input = useRef<HTMLInputElement>(null);
  const declined = (event: CustomEvent<AntomFailedDetail>): void => void event.detail.message;
  return (
    <>
      {/* @ts-expect-error mode is 'payment' or 'vault' */}
      <AntomCardCheckout mode="subscription" />
      {/* @ts-expect-error theme is 'light', 'dark' or 'auto' */}
      <AntomCardCheckout theme="blue" />
      {/* @ts-expect-error sessionUrl is a string */}
      <AntomCardCheckout sessionUrl={42} />
      {/* @ts-expect-error frameTimeout is a number */}
      <AntomCardCheckout frameTimeout="10000" />
      {/* @ts-expect-error hidePayButton is a boolean */}
      <AntomCardCheckout hidePayButton="yes" />
      {/* @ts-expect-error a handler for a declined payment cannot take authorizations */}
      <AntomCardCheckout onAuthorized={declined} />
      {/* @ts-expect-error onReady's detail has no paymentId */}
      <AntomCardCheckout onReady={(event) => event.detail.paymentId} />
      {/* @ts-expect-error the element has no such event */}
      <AntomCardCheckout onPaid={() => undefined} />
      {/* @ts-expect-error the ref is the element, not an input */}
      <AntomCardCheckout ref={input} />
      {/* @ts-expect-error the element draws its own content: no children */}
      <AntomCardCheckout>Pay now</AntomCardCheckout>
      {/* @ts-expect-error state is read-only: not a prop */}
      <AntomCardCheckout state={{ status: 'ready', brand: null, complete: true }} />
      {/* @ts-expect-error methods are not props */}
      <AntomCardCheckout submit={() => undefined} />
    </>
  );
}
