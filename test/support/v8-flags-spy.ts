/**
 * Preload for a child process (`--import`): reports each `v8.setFlagsFromString` call on stderr as
 * `v8.setFlagsFromString(<flags>)`, then makes it. Named imports of `node:v8` see the report too.
 */
import { syncBuiltinESMExports } from 'node:module';
import v8 from 'node:v8';

const setFlags = v8.setFlagsFromString.bind(v8);
v8.setFlagsFromString = (flags: string): void => {
  process.stderr.write(`v8.setFlagsFromString(${flags})\n`);
  setFlags(flags);
};
syncBuiltinESMExports();
