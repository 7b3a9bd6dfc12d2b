/** Exact-path and prefix routing; methods are checked by the handlers (Antom answers wrong methods with an envelope). */
import type { RouteHandler } from './types.js';

/** Maps a request path to its handler: an exact path first, else the longest matching prefix. */
export class Router {
  private readonly exact = new Map<string, RouteHandler>();
  private readonly prefixes: Array<[string, RouteHandler]> = [];

  /** Serves `path` exactly. */
  on(path: string, handler: RouteHandler): this {
    this.exact.set(path, handler);
    return this;
  }

  /** Serves every path that starts with `prefix` (longest prefix wins). */
  onPrefix(prefix: string, handler: RouteHandler): this {
    this.prefixes.push([prefix, handler]);
    this.prefixes.sort((a, b) => b[0].length - a[0].length);
    return this;
  }

  /** The handler of a path, if any. */
  resolve(pathname: string): RouteHandler | undefined {
    return this.exact.get(pathname) ?? this.prefixes.find(([prefix]) => pathname.startsWith(prefix))?.[1];
  }
}
