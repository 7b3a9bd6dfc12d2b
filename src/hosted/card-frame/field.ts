/**
 * One card field: reformats its value on every input with the caret kept after the same
 * character, and decides which error is shown. The rule: never an error while the buyer is
 * still typing something that can become valid; an impossible value shows at once; an
 * incomplete one shows after blur or when the form reveals every error (submit, validate).
 */
import type { FieldCheck } from '../../shared/card/index.js';
import type { FieldErrorCode, FieldName, FieldState } from '../../shared/types.js';

/** The formatting and validation rules of one field. */
export interface FieldRules {
  /**
   * Reformats `raw`, moving the caret (an index into `raw`) after the same digit; `inputType`
   * tells a Backspace across a separator, which must remove the digit beside it.
   */
  format(raw: string, caret: number, inputType: string): { value: string; caret: number };
  /** Checks a formatted value (an empty one too). */
  check(value: string): FieldCheck;
  /** The value is as long as it can be (auto-advance waits for it). */
  full(value: string): boolean;
  /** An empty value is an error (sets `aria-required`). */
  required: boolean;
}

/** What a field reports after every change. */
export type FieldChange = (field: Field, advance: boolean) => void;

const VALID: FieldCheck = { isValid: true, isPotentiallyValid: true, error: null, showWhileTyping: false };

/** One input of the card form with its error line. */
export class Field {
  /** Verdict on the input's current text, renewed on every input, blur and `refresh`. */
  check: FieldCheck = VALID;
  /** The error currently shown, if any. */
  shown: FieldErrorCode | null = null;
  /** Incomplete values show their error (set by blur and by submit or validate). */
  private revealed = false;

  /** Binds the rules to an input and its error line. */
  constructor(
    readonly name: FieldName,
    readonly input: HTMLInputElement,
    private readonly errorLine: HTMLElement,
    private readonly rules: FieldRules,
    private readonly errorText: (code: FieldErrorCode) => string,
    private readonly changed: FieldChange,
  ) {
    input.addEventListener('input', (event) => this.onInput(event as InputEvent));
    input.addEventListener('blur', () => {
      if (input.value) this.revealed = true;
      this.refresh();
      changed(this, false);
    });
    this.refresh();
  }

  /** The field is complete and valid (an empty optional field is valid). */
  get valid(): boolean {
    return this.check.isValid && this.check.error === null;
  }

  /** The state the element may see: no value. */
  get state(): FieldState {
    return { empty: this.input.value === '', valid: this.valid, error: this.shown };
  }

  /** Re-checks the value (after a brand change, say) and updates the error line. */
  refresh(reveal = false): void {
    if (reveal) this.revealed = true;
    const check = this.rules.check(this.input.value);
    this.check = check;
    const shown =
      check.error && (check.showWhileTyping || !check.isPotentiallyValid || this.revealed) ? check.error : null;
    if (shown === this.shown) return;
    this.shown = shown;
    this.errorLine.textContent = shown ? this.errorText(shown) : '';
    this.input.setAttribute('aria-invalid', String(shown !== null));
  }

  /** Empties the field and hides its error. */
  clear(): void {
    this.input.value = '';
    this.revealed = false;
    this.refresh();
  }

  /** Reformats the input, puts the caret back and reports the change. */
  private onInput(event: InputEvent): void {
    const raw = this.input.value;
    const caret = this.input.selectionStart ?? raw.length;
    const typedAtEnd =
      (event.inputType === 'insertText' || event.inputType === 'insertFromPaste') && caret === raw.length;
    const wasValid = this.valid;
    const next = this.rules.format(raw, caret, event.inputType);
    this.input.value = next.value;
    if (document.activeElement === this.input) this.input.setSelectionRange(next.caret, next.caret);
    // Editing again hides an incomplete-value error until the next blur or submit.
    this.revealed = false;
    this.refresh();
    this.changed(this, typedAtEnd && !wasValid && this.valid && this.rules.full(next.value));
  }
}
