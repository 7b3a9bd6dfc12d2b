/** The browser-facing SDK endpoints under `/sdk/v1/`. */
import type { GatewayContext } from '../context.js';
import type { Router } from '../http/router.js';
import {
  CHALLENGE_NOTIFY_CSS_PATH,
  CHALLENGE_NOTIFY_PATH,
  CHALLENGE_PAGE_PATH,
  challengeNotifyCss,
  challengeNotifyPage,
  challengePage,
} from './challenge-pages.js';
import { sdkChallengeCancel, sdkChallengeComplete, sdkChallengeStart } from './challenges.js';
import { ASSETS_PREFIX, FRAME_PATH, frameAssets, framePage } from './frame.js';
import { sdkPaymentInquiry, sdkPayments } from './payments.js';
import { sdkSession } from './session.js';
import { sdkVaults } from './vaults.js';

/** Registers the frame page, its assets, the session, payments and vaults endpoints, and the 3DS challenge's. */
export function registerSdkRoutes(router: Router, context: GatewayContext): void {
  router.on(FRAME_PATH, framePage(context));
  router.onPrefix(ASSETS_PREFIX, frameAssets(context));
  router.on('/sdk/v1/session', sdkSession(context));
  router.on('/sdk/v1/payments', sdkPayments(context));
  router.on('/sdk/v1/payments/inquiry', sdkPaymentInquiry(context));
  router.on('/sdk/v1/vaults', sdkVaults(context));
  router.on(CHALLENGE_PAGE_PATH, challengePage(context));
  router.on('/sdk/v1/challenges/start', sdkChallengeStart(context));
  router.on('/sdk/v1/challenges/complete', sdkChallengeComplete(context));
  router.on('/sdk/v1/challenges/cancel', sdkChallengeCancel(context));
  router.on(CHALLENGE_NOTIFY_PATH, challengeNotifyPage(context));
  router.on(CHALLENGE_NOTIFY_CSS_PATH, challengeNotifyCss());
}
