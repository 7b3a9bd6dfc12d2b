/**
 * (ours) The answer an idempotency entry keeps: the promise while the request runs, then the
 * answer's encoded text. A kept `payments/pay` answer holds a copy of the payment; kept as one
 * string per request, thousands of them cost the garbage collector nothing to walk, where as object
 * copies they lengthened its pauses with every payment made (the gateway bench's p99).
 */
import {
  decodeDocument,
  EncodedDocument,
  encodeDocument,
  flatText,
  NOT_READY,
  type JournaledMapCodec,
} from './journal.js';

/** An answer kept for idempotency. */
export class KeptAnswer<T> {
  private running: Promise<T> | undefined;
  private text: string | undefined;
  /** Until the answer is kept: the promise of that; then dropped, one object fewer kept per request. */
  private keeping: Promise<unknown> | undefined;

  private constructor(running: Promise<T> | undefined, text: string | undefined) {
    this.running = running;
    this.text = text;
    this.keeping = running?.then(
      (value) => {
        this.text = flatText(encodeDocument(value));
        this.running = undefined;
        this.keeping = undefined;
      },
      () => {
        this.keeping = undefined;
      },
    );
  }

  /** Resolves once the answer is kept as text (or its request failed). */
  get kept(): Promise<unknown> {
    return this.keeping ?? Promise.resolve();
  }

  /** The answer of a request still running. */
  static running<T>(answer: Promise<T>): KeptAnswer<T> {
    return new KeptAnswer(answer, undefined);
  }

  /** An answer already known (read back from the journal). */
  static of<T>(answer: T): KeptAnswer<T> {
    return new KeptAnswer<T>(undefined, flatText(encodeDocument(answer)));
  }

  /** The answer: the running request's, or a fresh copy of the kept one. */
  get(): Promise<T> {
    return this.running ?? Promise.resolve(decodeDocument(this.text ?? 'null') as T);
  }

  /** The kept answer as `encodeDocument` wrote it; `undefined` while the request runs. */
  encoded(): string | undefined {
    return this.text;
  }
}

/** Stores an entry with the answer it keeps once known (stored as `outcome`, as before), and reads it back. */
export function keptAnswerCodec<E extends { answer: KeptAnswer<unknown> }>(): JournaledMapCodec<E> {
  return {
    encode: (entry) => {
      const outcome = entry.answer.encoded();
      if (outcome === undefined) return NOT_READY;
      // The answer is kept as JSON already: spliced in as the last field, not decoded and encoded again.
      const { answer: _answer, ...rest } = entry;
      const head = encodeDocument(rest);
      return new EncodedDocument(
        head === '{}' ? `{"outcome":${outcome}}` : `${head.slice(0, -1)},"outcome":${outcome}}`,
      );
    },
    decode: (stored) => {
      const { outcome, ...rest } = stored as Omit<E, 'answer'> & { outcome: unknown };
      // Assigned, not spread into a literal followed by a key: such objects get a hidden class each.
      return Object.assign(rest, { answer: KeptAnswer.of(outcome) }) as unknown as E;
    },
    settles: (entry) => entry.answer.kept,
  };
}
