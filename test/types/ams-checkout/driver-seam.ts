/**
 * Compile-time checks (run by `tsc -b`): the classes of the installed `@alipay/ams-checkout`
 * satisfy the narrow interface the Antom SDK driver codes against, so the driver's calls and the
 * options it passes are ones the package's own typings accept. No `any` crosses the seam: the
 * driver never sees these typings.
 */
import type { AMSCashierPayment, AMSVaulting, IcreateComponent, IoptionsParams } from '@alipay/ams-checkout';
import type {
  AntomSdkMountParams,
  AntomSdkModule,
  AntomSdkOptions,
} from '../../../src/element/drivers/antom-sdk/sdk-types.js';

/** `true` when `A` is assignable to `B`, else a type that `true` cannot be assigned to. */
type Assignable<A, B> = [A] extends [B] ? true : { notAssignable: [A, B] };

// The package's classes, constructed with our options, offer the methods the driver calls.
export const classes: Assignable<{ AMSCashierPayment: typeof AMSCashierPayment; AMSVaulting: typeof AMSVaulting }, AntomSdkModule> = true;
// Every option the driver passes is one the package declares, with a type it accepts.
export const options: Assignable<AntomSdkOptions, IoptionsParams> = true;
// So is every mount parameter.
export const mountParams: Assignable<AntomSdkMountParams, IcreateComponent> = true;
