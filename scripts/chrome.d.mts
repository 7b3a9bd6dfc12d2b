/** Flags that keep headless Chromium quiet and offline. */
export const CHROME_ARGS: string[];
/** Path of a Chromium binary; installs Debian's package as root when missing, else exits with advice. */
export function findChrome(options?: { install?: boolean }): string;
