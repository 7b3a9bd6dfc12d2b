/**
 * One check for "this text carries no card secret", shared by the gateway's leak tests.
 *
 * A PAN is 13-19 digits, so a plain substring search is exact. A CVC is 3-4 digits and turns up by chance in
 * UUIDs, hex tokens, timestamps' milliseconds and durations, so it is looked for where card data would be written:
 * as a JSON string value, as a word of a log line, after `=`, or under a field named like a CVC.
 */
export interface CardSecrets {
  readonly pans?: readonly string[];
  readonly cvcs?: readonly string[];
  readonly holders?: readonly string[];
}

const CVC_FIELD = /["'\s?&]?(cvc|cvv|cvv2|securityCode|cardSecurityCode)["'\s]*[:=]/i;

/** Names the first card secret found in `text`, or returns undefined when there is none. */
export function cardSecretIn(text: string, secrets: CardSecrets): string | undefined {
  for (const pan of secrets.pans ?? []) if (text.includes(pan)) return `the card number ${pan.slice(-4)}`;
  for (const holder of secrets.holders ?? []) if (text.includes(holder)) return `the holder name "${holder}"`;
  const values = [...text.matchAll(/"([^"\\]*)"/g)].map((match) => match[1]);
  const words = text.split(/\s+/);
  for (const cvc of secrets.cvcs ?? []) {
    if (values.includes(cvc)) return `the CVC ${cvc} as a JSON value`;
    if (words.includes(cvc)) return `the CVC ${cvc} as a word`;
    if (new RegExp(`=${cvc}(?![0-9])`).test(text)) return `the CVC ${cvc} after "="`;
  }
  const field = CVC_FIELD.exec(text);
  if (field) return `a CVC field "${field[1]}"`;
  return undefined;
}

/** Throws naming the secret and the start of the text when any of `texts` carries a card secret. */
export function assertNoCardSecrets(texts: readonly string[], secrets: CardSecrets): void {
  for (const text of texts) {
    const found = cardSecretIn(text, secrets);
    if (found) throw new Error(`${found} in: ${text.slice(0, 120)}`);
  }
}
