// A Vite plugin for the script-tag build: collapses the indentation inside Lit's html`` and css``
// templates of the element. Runs of whitespace become one space (what the browser renders anyway:
// the element uses no `white-space: pre`), and in css`` the comments and the spaces next to braces, semicolons,
// child combinators, colons and commas go.
// Expressions (`${...}`) are untouched. Parsed with TypeScript, so strings and comments are safe.
import ts from 'typescript';

/** @returns {import('vite').Plugin} */
export function minifyTemplates() {
  return {
    name: 'antom-minify-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/element\/.*\.ts$/.test(id)) return null;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const edits = [];
      const visit = (node) => {
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && (node.tag.text === 'html' || node.tag.text === 'css')) {
          const css = node.tag.text === 'css';
          const template = node.template;
          const parts = ts.isNoSubstitutionTemplateLiteral(template)
            ? [template]
            : [template.head, ...template.templateSpans.map((span) => span.literal)];
          for (const part of parts) {
            // The raw text between the delimiters: `...`, `...${, }...${ or }...`.
            const start = part.getStart(source) + 1;
            const end = part.getEnd() - (ts.isTemplateHead(part) || ts.isTemplateMiddle(part) ? 2 : 1);
            const raw = code.slice(start, end);
            // Comments in css`` say why for readers of the source; buyers do not download them.
            let text = (css ? raw.replace(/\/\*[\s\S]*?\*\//g, '') : raw).replace(/\s+/g, ' ');
            // Our styles hold no quoted text with `: ` or `, ` in it, so these are separators only.
            if (css) text = text.replace(/ ?([{};>]) ?/g, '$1').replace(/([:,]) /g, '$1').replace(/;}/g, '}');
            if (text !== raw) edits.push([start, end, text]);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      if (edits.length === 0) return null;
      let out = code;
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}
