import type { FieldErrorCode } from '../types.js';

/** The verdict on one field's current text, following the "when errors show" rule. */
export interface FieldCheck {
  /** True exactly when `error` is null: the value is complete and acceptable. */
  isValid: boolean;
  /** More typing can still make the value valid (false once the input is impossible). */
  isPotentiallyValid: boolean;
  /** The error to show if the field were left or submitted now; null when valid. */
  error: FieldErrorCode | null;
  /** Show `error` at once, even while the buyer is still typing: the input can no longer become valid. */
  showWhileTyping: boolean;
}

/** Builds a verdict: valid exactly when there is no error; shown while typing exactly when impossible. */
export function verdict(error: FieldErrorCode | null, isPotentiallyValid: boolean): FieldCheck {
  return { isValid: error === null, isPotentiallyValid, error, showWhileTyping: !isPotentiallyValid };
}
