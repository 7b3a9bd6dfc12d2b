/**
 * Builds a brand mark (brand-logos.ts) as SVG with `createElementNS`: the frame's Trusted Types
 * policy allows no markup from strings, and the element's Lit templates take the node as it is.
 */

/** One SVG element: its tag, attributes and children. */
export type Shape = readonly [
  tag: string,
  attributes: Readonly<Record<string, string | number>>,
  children?: readonly Shape[],
];

/** The parts of the DOM the drawing needs, so shared code names no DOM type. */
interface SvgNode<E> {
  setAttribute(name: string, value: string): void;
  append(...nodes: E[]): void;
}

/** Builds `shape` (a whole `<svg>`, as brand-logos.ts gives it) and its children in `document`. */
export function drawBrandLogo<E extends SvgNode<E>>(
  document: { createElementNS(namespace: string, name: string): E },
  [tag, attributes, children = []]: Shape,
): E {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const name in attributes) node.setAttribute(name, String(attributes[name]));
  node.append(...children.map((child) => drawBrandLogo(document, child)));
  return node;
}
