/**
 * The web-platform globals shared code may use: each exists in every browser and in Node 20 alike.
 * Nothing else of the DOM or of Node is visible to `src/shared/`.
 */
declare function atob(data: string): string;
declare function btoa(data: string): string;

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}

declare class URL {
  constructor(url: string | URL, base?: string | URL);
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
}

interface ImportMeta {
  readonly url: string;
}

declare function fetch(
  input: URL | string,
  init?: { credentials?: 'omit' | 'same-origin' | 'include' },
): Promise<{ readonly ok: boolean; json(): Promise<unknown> }>;
