/** The browser-facing SDK endpoints under `/sdk/v1/`. */
import type { GatewayContext } from '../context.js';
import type { Router } from '../http/router.js';
import { ASSETS_PREFIX, FRAME_PATH, frameAssets, framePage } from './frame.js';
import { sdkPayments } from './payments.js';
import { sdkSession } from './session.js';
import { sdkVaults } from './vaults.js';

/** Registers the frame page, its assets, and the session, payments and vaults endpoints. */
export function registerSdkRoutes(router: Router, context: GatewayContext): void {
  router.on(FRAME_PATH, framePage(context));
  router.onPrefix(ASSETS_PREFIX, frameAssets(context));
  router.on('/sdk/v1/session', sdkSession(context));
  router.on('/sdk/v1/payments', sdkPayments(context));
  router.on('/sdk/v1/vaults', sdkVaults(context));
}
