/**
 * Counting what a page still holds, through the DevTools protocol (the leak test and the element
 * bench): objects are handed out in one object group, which the caller releases at the end of its
 * census so they do not look like a leak the next time.
 */
import type { CDPSession } from 'playwright-core';

/** DevTools object group of one census, released at its end. */
export const CENSUS_GROUP = 'census';

/** How many live objects have `constructorName`'s prototype (e.g. `MessagePort`). */
export async function countObjects(cdp: CDPSession, constructorName: string): Promise<number> {
  const proto = await cdp.send('Runtime.evaluate', {
    expression: `${constructorName}.prototype`,
    objectGroup: CENSUS_GROUP,
  });
  const found = await cdp.send('Runtime.queryObjects', {
    prototypeObjectId: proto.result.objectId!,
    objectGroup: CENSUS_GROUP,
  });
  const length = await cdp.send('Runtime.callFunctionOn', {
    objectId: found.objects.objectId!,
    functionDeclaration: 'function () { return this.length; }',
    returnByValue: true,
  });
  return length.result.value as number;
}
