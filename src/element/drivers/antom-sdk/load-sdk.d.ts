import type { AntomSdkModule } from './sdk-types.js';

/** Loads the copy of Antom's Web SDK bundled with the element. */
export function loadBundledSdk(): Promise<AntomSdkModule>;
