/**
 * 3-D Secure challenges (docs/antom-api.md section 9): the issuer asks the buyer for a one-time code
 * in its own page (the ACS) before a card is bound or a payment is authorized. A challenge is
 * created by the vault desk or the payment engine, started by the gateway's container page,
 * answered on the issuer's page, and consumed once by `complete`. What the ACS records here is
 * authoritative; the browser's `cres` is only a hint. Abandoned challenges expire 10 minutes after
 * creation (engine clock); a newer attempt on the same subject (vaulting or payment session)
 * supersedes an open one. The desk holds no card data beyond the brand and last four digits shown
 * on the issuer's page.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Amount, CardBrand } from '#shared';
import type { Clock } from './clock.js';
import { JournaledMap, MEMORY_JOURNAL, type Journal } from './journal.js';
import type { IssuerResponse } from './test-cards.js';

/** How long a challenge stays open (Antom: abandoned challenges time out after 10 minutes). */
export const CHALLENGE_LIFETIME_MS = 10 * 60 * 1000;

/**
 * (ours) How long an ended challenge is kept after its expiry time, on the engine clock: until then
 * the container page and the issuer's page still read how it ended; then the desk forgets it.
 */
export const ENDED_CHALLENGE_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Wrong codes the issuer accepts before it refuses the buyer (`transStatus` N). */
export const MAX_WRONG_CODES = 3;

/** The one-time code the sandbox issuer accepts (shown on its page as a sandbox hint). */
export const SANDBOX_CHALLENGE_CODE = '123456';

/** EMV 3DS protocol version the sandbox speaks. */
export const THREE_DS_VERSION = '2.2.0';

/** Challenge window size the gateway asks for: `03`, 500x600. */
export const CHALLENGE_WINDOW_SIZE = '03';

/** The issuer's final answer: `Y` authenticated, `N` not (wrong codes or cancelled). */
export type TransStatus = 'Y' | 'N';

/**
 * Where a challenge stands: `CREATED` (waiting for the container), `STARTED` (the buyer is on the
 * issuer's page), `ANSWERED` (the ACS recorded `transStatus`), `COMPLETED` (consumed by
 * `complete`), or closed unanswered: `EXPIRED`, `SUPERSEDED`.
 */
export type ChallengeState = 'CREATED' | 'STARTED' | 'ANSWERED' | 'COMPLETED' | 'EXPIRED' | 'SUPERSEDED';

/** What the issuer's page shows: public facts only. */
export type ChallengeDisplay = {
  /** The merchant's name (merchant input: escape it). */
  merchantName: string;
  /** Card brand, shown with its name on the issuer's page. */
  brand: CardBrand;
  /** Last four digits of the card. */
  last4: string;
} & (
  | {
      /** `VAULT`: the card is saved, no money will be taken. */
      purpose: 'VAULT';
    }
  | {
      /** `PAYMENT`: the buyer confirms a payment of `amount`. */
      purpose: 'PAYMENT';
      /** The payment's amount, which the buyer confirms on the issuer's page. */
      amount: Amount;
    }
);

/** Why `complete` refuses a challenge that expired. */
export const CHALLENGE_EXPIRED_MESSAGE = 'The verification expired: the buyer did not finish it within 10 minutes.';

/** Why `complete` refuses a challenge a newer attempt replaced. */
export const CHALLENGE_SUPERSEDED_MESSAGE = 'A newer attempt replaced this verification.';

/**
 * Whether an attempt with a buyer present goes through a challenge: the issuer's own rule for the
 * card wins (a frictionless card never, a challenge card always); otherwise the merchant's
 * `is3DSAuthentication` decides.
 */
export function needsChallenge(requested: boolean, issuer: Pick<IssuerResponse, 'threeDS'>): boolean {
  return issuer.threeDS === 'challenge' || (requested && issuer.threeDS !== 'frictionless');
}

/** One 3-D Secure challenge of a payment or vaulting, from creation to its single `complete`. */
export interface Challenge {
  /** Public id (the element and the container page name it). */
  id: string;
  /** What the challenge is for, a vaulting or payment session id; a new challenge for it supersedes this one. */
  subject: string;
  /** The 3DS server's transaction id (in `creq` and `cres`). */
  threeDSServerTransID: string;
  /** The ACS's transaction id (in `creq`; the issuer's page names the challenge by it). */
  acsTransID: string;
  /** Where it stands; only `CREATED`, `STARTED` and `ANSWERED` are open. */
  state: ChallengeState;
  /** The issuer's answer, once `ANSWERED`. */
  transStatus: TransStatus | undefined;
  /** The buyer pressed Cancel on the issuer's page. */
  challengeCancel: boolean;
  /** Wrong codes typed so far. */
  wrongCodes: number;
  /** When it was created, on the engine clock; it expires 10 minutes later. */
  createdAt: Date;
  /** When an unanswered or unconsumed challenge expires. */
  expiresAt: Date;
  /** Origins that may frame the container and the issuer's page (the session's merchant origins). */
  origins: string[];
  /** What the issuer's page shows. */
  display: ChallengeDisplay;
  /**
   * Where the issuer sends the buyer back once it answered, for a challenge reached by a full-page
   * redirect (`payments/pay`, `vaults/vaultPaymentMethod`: the merchant's `paymentRedirectUrl` or
   * `redirectUrl`); `undefined` for the element's dialog, whose container reads the outcome itself.
   */
  returnUrl: string | undefined;
}

/** What the issuer's page does after a request. */
export type AcsStep =
  /** Show the code form, with an error after an empty or wrong code. */
  | { kind: 'ASK'; challenge: Challenge; error: 'EMPTY_CODE' | 'WRONG_CODE' | undefined; attemptsLeft: number }
  /** The issuer decided: send the buyer back to the gateway with this answer. */
  | { kind: 'DONE'; challenge: Challenge; transStatus: TransStatus }
  /** The challenge expired or was replaced: nothing to answer. */
  | { kind: 'CLOSED'; challenge: Challenge }
  /** No challenge with this ACS transaction id. */
  | { kind: 'UNKNOWN' };

/** What a `ChallengeDesk` shares with the engine: its clock and an expiry listener. */
export interface ChallengeDeskOptions {
  /** The engine clock, which decides when a challenge expires. */
  clock: Clock;
  /** Told once when a challenge expires (lazily on a touch, or by `expireDue`). */
  onExpired?: (challenge: Challenge) => void;
}

/** What a new challenge is for and what the issuer's page shows. */
export interface CreateChallengeInput {
  /** See `Challenge.subject`. */
  subject: string;
  /** See `Challenge.origins`. */
  origins: readonly string[];
  /** See `Challenge.display`. */
  display: ChallengeDisplay;
  /** See `Challenge.returnUrl`; leave it out for the element's dialog. */
  returnUrl?: string;
}

const OPEN_STATES: ReadonlySet<ChallengeState> = new Set(['CREATED', 'STARTED', 'ANSWERED']);

/** The 3-D Secure challenges of one engine, findable by id and by both 3DS transaction ids. */
export class ChallengeDesk {
  private readonly options: ChallengeDeskOptions;
  private readonly byId: JournaledMap<Challenge>;
  private readonly byAcsTransID = new Map<string, Challenge>();
  private readonly byServerTransID = new Map<string, Challenge>();

  /** Creates a desk holding the challenges `journal` kept. */
  constructor(options: ChallengeDeskOptions, journal: Journal = MEMORY_JOURNAL) {
    this.options = options;
    this.byId = new JournaledMap(journal, 'challenge');
    for (const challenge of this.byId.values()) {
      this.byAcsTransID.set(challenge.acsTransID, challenge);
      this.byServerTransID.set(challenge.threeDSServerTransID, challenge);
    }
  }

  /** A challenge found by one of its 3DS transaction ids, marked as possibly changed. */
  private indexed(index: Map<string, Challenge>, transID: string): Challenge | undefined {
    const challenge = index.get(transID);
    if (challenge) this.byId.touch(challenge.id);
    return challenge;
  }

  /** Opens a challenge; open challenges of the same subject are superseded. */
  create(input: CreateChallengeInput): Challenge {
    this.supersede(input.subject);
    const now = this.options.clock.now();
    const challenge: Challenge = {
      // Ids are capabilities (whoever holds them may drive the challenge): random, never seeded.
      id: `CH${randomBytes(18).toString('base64url')}`,
      subject: input.subject,
      threeDSServerTransID: randomUUID(),
      acsTransID: randomUUID(),
      state: 'CREATED',
      transStatus: undefined,
      challengeCancel: false,
      wrongCodes: 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
      origins: [...input.origins],
      display: structuredClone(input.display),
      returnUrl: input.returnUrl,
    };
    this.byId.set(challenge.id, challenge);
    this.byAcsTransID.set(challenge.acsTransID, challenge);
    this.byServerTransID.set(challenge.threeDSServerTransID, challenge);
    return structuredClone(challenge);
  }

  /** Closes the open challenges of `subject` as `SUPERSEDED`. */
  supersede(subject: string): void {
    // Only the challenges that change are marked for the journal, not every one the desk holds.
    for (const challenge of this.byId.peekValues()) {
      if (challenge.subject === subject && OPEN_STATES.has(challenge.state)) {
        challenge.state = 'SUPERSEDED';
        this.byId.touch(challenge.id);
      }
    }
  }

  /** A copy of a challenge by id (expired first if its time is up). */
  get(id: string): Challenge | undefined {
    const challenge = this.byId.get(id);
    return challenge && structuredClone(this.checkExpiry(challenge));
  }

  /** A copy of a challenge by its 3DS server transaction id (the id in a `cres`). */
  getByServerTransID(threeDSServerTransID: string): Challenge | undefined {
    const challenge = this.indexed(this.byServerTransID, threeDSServerTransID);
    return challenge && structuredClone(this.checkExpiry(challenge));
  }

  /** The container starts the challenge: `CREATED` becomes `STARTED`; other states are left as they are. */
  start(id: string): Challenge | undefined {
    const challenge = this.byId.get(id);
    if (!challenge) return undefined;
    this.checkExpiry(challenge);
    if (challenge.state === 'CREATED') challenge.state = 'STARTED';
    return structuredClone(challenge);
  }

  /** The issuer's page is opened with a `creq`. */
  acsOpen(acsTransID: string, threeDSServerTransID: string): AcsStep {
    const challenge = this.acsChallenge(acsTransID, threeDSServerTransID);
    if (!challenge) return { kind: 'UNKNOWN' };
    return this.acsStep(challenge, undefined);
  }

  /** The buyer sends a code: the sandbox code answers `Y`; the third wrong code answers `N`. */
  acsSubmit(acsTransID: string, code: string): AcsStep {
    const challenge = this.indexed(this.byAcsTransID, acsTransID);
    if (!challenge) return { kind: 'UNKNOWN' };
    this.checkExpiry(challenge);
    if (challenge.state !== 'CREATED' && challenge.state !== 'STARTED') return this.acsStep(challenge, undefined);
    if (code === '') return this.acsStep(challenge, 'EMPTY_CODE');
    if (code === SANDBOX_CHALLENGE_CODE) return this.answer(challenge, 'Y');
    challenge.wrongCodes += 1;
    if (challenge.wrongCodes >= MAX_WRONG_CODES) return this.answer(challenge, 'N');
    return this.acsStep(challenge, 'WRONG_CODE');
  }

  /** The buyer cancels on the issuer's page: `N` with `challengeCancel`. */
  acsCancel(acsTransID: string): AcsStep {
    const challenge = this.indexed(this.byAcsTransID, acsTransID);
    if (!challenge) return { kind: 'UNKNOWN' };
    this.checkExpiry(challenge);
    if (challenge.state !== 'CREATED' && challenge.state !== 'STARTED') return this.acsStep(challenge, undefined);
    challenge.challengeCancel = true;
    return this.answer(challenge, 'N');
  }

  /**
   * (ours) The buyer leaves the bank's page from the checkout (its dialog's Cancel, or Escape): `N`
   * with `challengeCancel`, as the bank's own Cancel, so the attempt ends now rather than at expiry.
   * A challenge the bank already answered, or that is closed, keeps its state.
   */
  leave(id: string): void {
    const challenge = this.byId.get(id);
    if (!challenge) return;
    this.checkExpiry(challenge);
    if (challenge.state !== 'CREATED' && challenge.state !== 'STARTED') return;
    challenge.challengeCancel = true;
    this.answer(challenge, 'N');
  }

  /** Marks an `ANSWERED` challenge `COMPLETED` (its result was consumed); `false` in any other state. */
  markCompleted(id: string): boolean {
    const challenge = this.byId.get(id);
    if (!challenge || this.checkExpiry(challenge).state !== 'ANSWERED') return false;
    challenge.state = 'COMPLETED';
    return true;
  }

  /** Expires every open challenge whose time is up (the engine runs it when the clock moves). */
  expireDue(): void {
    const now = this.options.clock.now().getTime();
    for (const challenge of this.byId.peekValues()) {
      if (OPEN_STATES.has(challenge.state) && now >= challenge.expiresAt.getTime()) {
        this.byId.touch(challenge.id);
        this.checkExpiry(challenge);
      }
    }
  }

  /**
   * Forgets the challenges that ended (completed, expired or replaced) and whose expiry time passed
   * more than `ENDED_CHALLENGE_RETENTION_MS` ago; returns their ids, so their owners forget them too.
   */
  purgeEnded(): string[] {
    const cutoff = this.options.clock.now().getTime() - ENDED_CHALLENGE_RETENTION_MS;
    const purged: string[] = [];
    for (const challenge of this.byId.peekValues()) {
      if (OPEN_STATES.has(challenge.state) || challenge.expiresAt.getTime() > cutoff) continue;
      this.byId.delete(challenge.id);
      this.byAcsTransID.delete(challenge.acsTransID);
      this.byServerTransID.delete(challenge.threeDSServerTransID);
      purged.push(challenge.id);
    }
    return purged;
  }

  /** How many challenges the desk holds, and entries in its two transaction-id indexes. */
  counts(): { challenges: number; challengeIndexes: number } {
    return { challenges: this.byId.size, challengeIndexes: this.byAcsTransID.size + this.byServerTransID.size };
  }

  private acsChallenge(acsTransID: string, threeDSServerTransID: string): Challenge | undefined {
    const challenge = this.indexed(this.byAcsTransID, acsTransID);
    if (!challenge || challenge.threeDSServerTransID !== threeDSServerTransID) return undefined;
    this.checkExpiry(challenge);
    if (challenge.state === 'CREATED') challenge.state = 'STARTED';
    return challenge;
  }

  private acsStep(challenge: Challenge, error: 'EMPTY_CODE' | 'WRONG_CODE' | undefined): AcsStep {
    if (challenge.state === 'EXPIRED' || challenge.state === 'SUPERSEDED') {
      return { kind: 'CLOSED', challenge: structuredClone(challenge) };
    }
    if (challenge.transStatus) {
      return { kind: 'DONE', challenge: structuredClone(challenge), transStatus: challenge.transStatus };
    }
    return {
      kind: 'ASK',
      challenge: structuredClone(challenge),
      error,
      attemptsLeft: MAX_WRONG_CODES - challenge.wrongCodes,
    };
  }

  private answer(challenge: Challenge, transStatus: TransStatus): AcsStep {
    challenge.state = 'ANSWERED';
    challenge.transStatus = transStatus;
    return this.acsStep(challenge, undefined);
  }

  /** An open challenge past its time becomes `EXPIRED` (and the owner is told, once). */
  private checkExpiry(challenge: Challenge): Challenge {
    if (OPEN_STATES.has(challenge.state) && this.options.clock.now().getTime() >= challenge.expiresAt.getTime()) {
      challenge.state = 'EXPIRED';
      try {
        this.options.onExpired?.(structuredClone(challenge));
      } catch {
        // The owner's bookkeeping must not stop the desk.
      }
    }
    return challenge;
  }
}
