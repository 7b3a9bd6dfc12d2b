/**
 * The card form of the current session, behind the driver seam: our secure frame for sessions the
 * sandbox minted, Antom's Web SDK (loaded with the first Antom session) for the others. At most one
 * driver is mounted at a time; a mount that a newer one replaced is dropped.
 */
import { nothing, type LitElement, type TemplateResult } from 'lit';
import type { Appearance } from '../../shared/appearance.js';
import type { CardFormDriver, DriverEvents, MountContext, ValidationResult } from '../drivers/driver.js';
import { SecureFrameDriver } from '../drivers/secure-frame/secure-frame-driver.js';
import type { LoadedSession } from './session-loader.js';

const NOT_VALIDATED: ValidationResult = { isValid: false, invalidFields: [] };

/** Picks, mounts and forwards to the driver of the current session. */
export class CardForm {
  private readonly host: LitElement;
  private readonly events: DriverEvents;
  private readonly frame: SecureFrameDriver;
  private sdk: CardFormDriver | null = null;
  private driver: CardFormDriver | null = null;
  /** Bumped by every mount and destroy: a driver that finishes loading for an older one is not mounted. */
  private generation = 0;

  constructor(host: LitElement, events: DriverEvents) {
    this.host = host;
    this.events = events;
    this.frame = new SecureFrameDriver(host, events);
  }

  /** True while a driver holds a form for the current session. */
  get active(): boolean {
    return this.driver !== null;
  }

  /** (ours) Starts our frame for a pinned gateway while the session loads (see SecureFrameDriver.warm). */
  warm(gatewayOrigin: string, context: MountContext): void {
    this.destroy();
    this.driver = this.frame;
    this.frame.warm(gatewayOrigin, context);
  }

  /** Mounts the driver `session` needs; false when Antom's SDK driver could not be loaded. */
  async mount(session: LoadedSession, context: MountContext): Promise<boolean> {
    const generation = ++this.generation;
    const driver = session.kind === 'sandbox' ? this.frame : await this.antomSdk();
    if (generation !== this.generation) return true;
    if (!driver) return false;
    if (driver !== this.driver) this.driver?.destroy();
    this.driver = driver;
    driver.mount(session, context);
    return true;
  }

  submit(attemptId: string): void {
    this.driver?.submit(attemptId);
  }

  validate(): Promise<ValidationResult> {
    return this.driver?.validate() ?? Promise.resolve(NOT_VALIDATED);
  }

  reset(): void {
    this.driver?.reset();
  }

  select(savedCardId: string | null): void {
    this.driver?.select(savedCardId);
  }

  restyle(appearance: Appearance, colorScheme: 'light' | 'dark'): void {
    this.driver?.restyle(appearance, colorScheme);
  }

  focus(options?: FocusOptions): boolean {
    return this.driver?.focus(options) ?? false;
  }

  destroy(): void {
    this.generation++;
    this.driver?.destroy();
    this.driver = null;
  }

  render(): TemplateResult | typeof nothing {
    return this.driver?.render() ?? nothing;
  }

  private async antomSdk(): Promise<CardFormDriver | null> {
    if (this.sdk) return this.sdk;
    try {
      const { AntomSdkDriver } = await import('../drivers/antom-sdk/antom-sdk-driver.js');
      this.sdk ??= new AntomSdkDriver(this.host, this.events);
      return this.sdk;
    } catch {
      return null;
    }
  }
}
