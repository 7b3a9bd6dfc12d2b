// Shared by the demo pages: writes a status panel as a title and detail lines, text only.

/** Replaces `target`'s content with a title paragraph and one paragraph per detail line. */
export function renderOutcome(target, tone, title, lines = []) {
  target.dataset.tone = tone;
  const heading = document.createElement('p');
  heading.className = 'outcome-title';
  heading.textContent = title;
  const nodes = [heading];
  for (const line of lines) {
    const p = document.createElement('p');
    p.className = 'outcome-detail';
    p.textContent = line;
    nodes.push(p);
  }
  target.replaceChildren(...nodes);
}
