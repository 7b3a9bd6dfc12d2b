/**
 * The card form as Antom's official Web SDK (`@alipay/ams-checkout`), for sessions Antom minted:
 * Antom hosts the card fields on its own origin and carries the PCI scope. This module and the SDK
 * load only when such a session arrives.
 *
 * The SDK looks its mount point up in the document, so the driver gives it a light-DOM child of
 * the element, slotted into the element's shadow root. The SDK keeps document-wide state (a fixed
 * container id, one global message bus), so mounts and unmounts of every element on the page run
 * one at a time, and an unmount waits until the SDK has put its frame in place: unmounting earlier
 * would leave the frame and its listeners behind (docs/antom-api.md section 10).
 */
import { html, type LitElement, type TemplateResult } from 'lit';
import { antomLocale } from '../../../shared/i18n/antom-locale.js';
import { isRecord } from '../../../shared/schema.js';
import type { LoadedSession } from '../../controllers/session-loader.js';
import type { AntomSdkResult } from '../../events.js';
import { randomId } from '../../random-id.js';
import { reactionTo } from '../../sdk-events.js';
import type { CardFormDriver, DriverEvents, DriverReport, MountContext, ValidationResult } from '../driver.js';
import { loadBundledSdk } from './load-sdk.js';
import type { AntomSdkCallbackEvent, AntomSdkComponent, AntomSdkModule } from './sdk-types.js';

/** The slot the element's shadow root offers the SDK's container. */
const SLOT = 'antom-sdk-form';

/** Mounts and unmounts of all elements on the page, in order: the SDK cannot run two at once. */
let lifecycle: Promise<void> = Promise.resolve();

function serially(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

/** One load per module URL; a failed load is forgotten so that `reload()` tries again. */
const modules = new Map<string, Promise<AntomSdkModule>>();

function loadSdk(url: string | null): Promise<AntomSdkModule> {
  const key = url ?? '';
  let loading = modules.get(key);
  if (!loading) {
    loading = url ? (import(/* @vite-ignore */ url) as Promise<AntomSdkModule>) : loadBundledSdk();
    modules.set(key, loading);
    loading.catch(() => modules.delete(key));
  }
  return loading;
}

const text = (value: unknown, max = 256): string | undefined =>
  typeof value === 'string' && value.length <= max ? value : undefined;

/** The SDK forwards the hosted page's `result` untouched: keep only well-formed strings. */
function resultOf(value: unknown): AntomSdkResult | null {
  if (!isRecord(value)) return null;
  const envelope = isRecord(value['result']) ? value['result'] : {};
  const status = envelope['resultStatus'];
  const resultCode = text(envelope['resultCode'], 64);
  if (!resultCode || (status !== 'S' && status !== 'F' && status !== 'U')) return null;
  const paymentResultCode = text(value['paymentResultCode'], 64);
  const paymentStatus = text(value['paymentStatus'], 32);
  return {
    resultCode,
    resultStatus: status,
    resultMessage: text(envelope['resultMessage'], 512) ?? '',
    ...(paymentResultCode ? { paymentResultCode } : {}),
    ...(paymentStatus ? { paymentStatus } : {}),
  };
}

/** Drives one Antom Web SDK component at a time for its element. */
export class AntomSdkDriver implements CardFormDriver {
  private readonly host: LitElement;
  private readonly events: DriverEvents;
  /** Bumped on every mount and destroy: callbacks of an older SDK instance are ignored. */
  private generation = 0;
  private session: Extract<LoadedSession, { kind: 'antom' }> | null = null;
  private sdk: AntomSdkComponent | null = null;
  private container: HTMLElement | null = null;
  /** This generation already reported a fatal error (the SDK reports some twice). */
  private failed = false;

  constructor(host: LitElement, events: DriverEvents) {
    this.host = host;
    this.events = events;
  }

  mount(session: LoadedSession, context: MountContext): void {
    this.destroy();
    if (session.kind !== 'antom' || !context.environment) return;
    const generation = ++this.generation;
    this.session = session;
    this.failed = false;
    const container = document.createElement('div');
    container.slot = SLOT;
    container.id = `antom-sdk-${randomId(12).replace(/[^A-Za-z0-9]/g, 'x')}`;
    this.host.append(container);
    this.container = container;
    const environment = context.environment;
    void serially(async () => {
      if (generation !== this.generation) return;
      let sdkModule: AntomSdkModule;
      try {
        sdkModule = await loadSdk(context.sdkUrl);
      } catch {
        this.fatal(generation, {
          code: 'SDK_CREATECOMPONENT_ERROR',
          detail: ['text', 'the Antom SDK module could not be loaded.'],
        });
        return;
      }
      if (generation !== this.generation) return;
      const options = {
        environment,
        locale: antomLocale(context.locale),
        analytics: { enabled: false },
        onEventCallback: (event: AntomSdkCallbackEvent) => this.onSdkEvent(generation, event),
        onError: (event: AntomSdkCallbackEvent) => this.onSdkEvent(generation, event),
      };
      let sdk: AntomSdkComponent;
      try {
        sdk =
          session.parsed.mode === 'vault'
            ? new sdkModule.AMSVaulting(options)
            : new sdkModule.AMSCashierPayment(options);
      } catch (error) {
        this.fatal(generation, { code: 'SDK_INIT_PARAMETER_ERROR', detail: ['text', String(error)] });
        return;
      }
      this.sdk = sdk;
      const accent = context.appearance['--antom-color-primary'];
      const mounted = sdk.mountComponent(
        {
          sessionData: session.sessionData,
          notRedirectAfterComplete: true,
          appearance: {
            themeType: context.colorScheme === 'dark' ? 'night' : 'default',
            ...(accent ? { accentColor: accent } : {}),
            // The element shows its own skeleton until the SDK says the form is ready.
            showLoading: false,
          },
          ...(context.savedCardCvc ? { merchantAppointParam: { storedCard: { needCVV: true } } } : {}),
        },
        `#${container.id}`,
      );
      mounted.catch((error: unknown) => {
        const reason = isRecord(error) ? error : {};
        this.fatal(generation, {
          code: text(reason['code'], 64) ?? 'SDK_CREATECOMPONENT_ERROR',
          detail: ['text', text(reason['message']) ?? 'the Antom SDK could not mount its card form.'],
        });
      });
      // Hold the page's lock until the SDK's frame is in place (or the mount ended), so the next
      // unmount finds something to remove.
      await Promise.race([mounted.catch(() => undefined), this.frameInPlace(container)]);
    });
  }

  submit(): void {
    const sdk = this.sdk;
    const generation = this.generation;
    if (!sdk) return;
    // The outcome comes through onEventCallback; the promise itself may never settle.
    sdk
      .submit()
      .catch(() => this.fatal(generation, { code: 'SDK_CREATECOMPONENT_ERROR', detail: ['text', 'the card form is gone.'] }));
  }

  async validate(): Promise<ValidationResult> {
    const sdk = this.sdk;
    // Antom's vaulting form offers no validation: submitting it validates.
    if (!sdk || !('validateFields' in sdk)) return { isValid: false, invalidFields: [] };
    try {
      const { isValid } = await (sdk as { validateFields(): Promise<{ isValid: unknown }> }).validateFields();
      return { isValid: isValid === true, invalidFields: [] };
    } catch {
      return { isValid: false, invalidFields: [] };
    }
  }

  /** Antom's form offers no reset and no saved-card choice from outside; it draws its own list. */
  reset(): void {}

  select(): void {}

  close(): void {}

  /** Antom's form takes its theme when it is created (`themeType`); it has no call to change it later. */
  restyle(): void {}

  focus(options?: FocusOptions): boolean {
    const frame = this.container?.querySelector('iframe');
    if (!frame) return false;
    frame.focus(options);
    return true;
  }

  destroy(): void {
    const sdk = this.sdk;
    const container = this.container;
    this.generation++;
    this.sdk = null;
    this.container = null;
    this.session = null;
    if (!sdk && !container) return;
    const overflow = document.body.style.overflow;
    void serially(async () => {
      if (sdk && container) await this.frameInPlace(container, 2000);
      try {
        sdk?.unmount();
      } finally {
        // The SDK's unmount sets the page's overflow to `auto`; put the merchant's back.
        document.body.style.overflow = overflow;
        container?.remove();
      }
    });
  }

  render(): TemplateResult {
    return html`<slot name=${SLOT}></slot>`;
  }

  /** Resolves once the SDK put its frame into `container`, or after `timeoutMs`. */
  private frameInPlace(container: HTMLElement, timeoutMs = 20000): Promise<void> {
    if (container.querySelector('iframe')) return Promise.resolve();
    return new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!container.querySelector('iframe')) return;
        finish();
      });
      const timer = setTimeout(() => finish(), timeoutMs);
      const finish = (): void => {
        observer.disconnect();
        clearTimeout(timer);
        resolve();
      };
      observer.observe(container, { childList: true, subtree: true });
    });
  }

  private onSdkEvent(generation: number, event: unknown): void {
    if (generation !== this.generation || !isRecord(event)) return;
    const code = text(event['code'], 64);
    if (!code) return;
    const reaction = reactionTo(code);
    if (reaction?.kind === 'error') {
      this.fatal(generation, { code, detail: ['text', text(event['message']) ?? code], result: resultOf(event['result']) });
      return;
    }
    const report: DriverReport = { code, result: resultOf(event['result']) };
    if (reaction?.kind === 'ready') {
      const facts = this.session?.facts;
      report.view = {
        paymentSessionId: facts?.paymentSessionId ?? null,
        amount: this.session?.parsed.mode === 'payment' ? (facts?.amount ?? null) : null,
        expiresAt: facts?.expiresAt ?? null,
        savedCards: [],
      };
    }
    if (reaction?.kind === 'authorized' || reaction?.kind === 'declined' || reaction?.kind === 'processing') {
      const result = isRecord(event['result']) ? event['result'] : {};
      report.payment = {
        paymentId: text(result['paymentId'], 128) ?? null,
        resultCode: report.result?.paymentResultCode ?? report.result?.resultCode ?? '',
        card: null,
      };
    }
    this.events.report(report);
  }

  /** Reports one fatal error per generation: the SDK sends some on both of its callbacks. */
  private fatal(generation: number, report: DriverReport): void {
    if (generation !== this.generation || this.failed) return;
    this.failed = true;
    this.events.report(report);
  }
}
