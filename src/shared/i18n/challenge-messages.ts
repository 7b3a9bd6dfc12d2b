/**
 * Texts of the 3-D Secure container page (the gateway-origin page inside the element's dialog that
 * frames the bank's page). English is built in; another locale's file is fetched while the
 * container asks the gateway to start the challenge, so it does not delay the bank's page.
 */
import type { SupportedLocale } from './locale.js';
import { fetchCatalogue } from './hosted-catalogue.js';
import english from './catalogues/challenge/en_US.json' with { type: 'json' };

/**
 * Every text the container page shows: `title` (`document.title`), `frameTitle` (the bank's
 * iframe), `starting` (until the bank's page loads), `unreachable` (the bank's page could not be
 * opened), `noAnswer` (the bank's answer never reached the gateway).
 */
export type ChallengeMessages = Record<'title' | 'frameTitle' | 'starting' | 'unreachable' | 'noAnswer', string>;

/** The container's texts in `en_US`, the fallback of every other locale. */
export const EN_US_CHALLENGE_MESSAGES: ChallengeMessages = english;

/** The container's texts for a supported locale (`en_US` if its file cannot be loaded). */
export function loadChallengeMessages(locale: SupportedLocale): Promise<ChallengeMessages> {
  return fetchCatalogue('challenge', locale, EN_US_CHALLENGE_MESSAGES);
}
