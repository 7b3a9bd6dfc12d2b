// Shared by the demo pages: a status panel written as text only, and the wallet as the shop reports it.

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

/** The wallet's cards (display facts only, never tokens), or null when the shop did not answer. */
export async function walletCards() {
  try {
    const response = await fetch('/api/wallet', { headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    const body = await response.json();
    return Array.isArray(body?.cards) ? body.cards : null;
  } catch {
    return null;
  }
}
