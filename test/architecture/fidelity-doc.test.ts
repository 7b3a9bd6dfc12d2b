/**
 * docs/antom-fidelity.md keeps its promises: every Open API endpoint the gateway README lists has a
 * row, every "ours" verdict links a heading of gateway/README.md (where our own behaviour is marked),
 * and the rows of the fidelity-flows topics say so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const fidelity = readFileSync(join(ROOT, 'docs/antom-fidelity.md'), 'utf8');
const readme = readFileSync(join(ROOT, 'gateway/README.md'), 'utf8');

/** GitHub's heading anchor: lower case, punctuation dropped, spaces as dashes. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');

const anchors = new Set([...readme.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1]!)));

/** The table rows of the fidelity document, as cells. */
const rows = fidelity
  .split('\n')
  .filter(
    (line) => line.startsWith('| ') && !line.startsWith('| ---') && !/^\| (Area|Endpoint|Notification) \|/.test(line),
  )
  .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| |\|$/g, '').trim()));

test('every Open API endpoint the gateway serves has a row', () => {
  const endpoints = [...readme.matchAll(/`POST \/ams\/api\/v1\/(\w+\/\w+)`/g)].map((match) => match[1]!);
  assert.ok(endpoints.length >= 14, `the README lists ${endpoints.length} endpoints`);
  for (const endpoint of endpoints) {
    assert.ok(
      rows.some((cells) => cells[0] === `\`${endpoint}\``),
      `docs/antom-fidelity.md has no row for ${endpoint}`,
    );
  }
});

test('every "ours" verdict links where gateway/README.md marks it', () => {
  const ours = rows.filter((cells) => /\bours\b/.test(cells.at(-1) ?? ''));
  assert.ok(ours.length > 5);
  for (const cells of ours) {
    const links = [...(cells.at(-1) ?? '').matchAll(/\(\.\.\/gateway\/README\.md#([\w-]+)\)/g)].map((m) => m[1]!);
    assert.ok(links.length > 0, `${cells[0]}: an ours verdict without a link to gateway/README.md`);
    for (const anchor of links) assert.ok(anchors.has(anchor), `${cells[0]}: gateway/README.md has no #${anchor}`);
  }
});

test("the other branch's topics are placeholders for it", () => {
  for (const subject of ['`PAYMENT_CANCELLED`', '`notifyCapture` `CAPTURE_RESULT`', '`notifyRefund` `REFUND_RESULT`']) {
    const row = rows.find((cells) => cells[0] === subject);
    assert.ok(row, subject);
    assert.equal(row.at(-1), 'see fidelity-flows', subject);
  }
  for (const endpoint of ['`payments/pay`', '`vaults/vaultPaymentMethod`', '`payments/capture`', '`payments/refund`']) {
    assert.match(rows.find((cells) => cells[0] === endpoint)?.at(-1) ?? '', /see fidelity-flows/, endpoint);
  }
});
