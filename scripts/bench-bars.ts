// Every figure `npm run bench` reports and the bar it is held to: the one place in code where the
// bars of docs/quality-bars.md ("Performance") live. Each bar carries the words of that document it
// comes from (`doc`), and test/scripts/bench-report.test.ts checks that the document still says them,
// so the two cannot drift apart silently. The parts (scripts/bench-*.ts) report values by figure id;
// scripts/bench.ts puts them next to these bars.

/** How a value is compared with its bar's limit. */
export type Comparison = '<=' | '<' | '>=';

/** A bar: the value must stand `op` `limit`. */
export interface Bar {
  op: Comparison;
  limit: number;
  /** Words of docs/quality-bars.md that state this bar (checked by a test). */
  doc: string;
}

/** How a value prints: its unit and decimals. */
export type Unit = 'x' | 'ms' | 'KB' | '/s' | 'score' | 'count' | 'ratio';

/** One figure of the bench: what it is, its unit, and its bar (none: reported only). */
export interface FigureSpec {
  label: string;
  unit: Unit;
  bar?: Bar;
}

const GATEWAY_RATE: Bar = { op: '>=', limit: 300, doc: '>= 300 signed authorizations/s' };
const GATEWAY_P99: Bar = { op: '<', limit: 50, doc: 'p99 < 50 ms' };

/** Consecutive gateway runs that must each hold both gateway bars. */
export const GATEWAY_RUNS = 5;

/** Consecutive mount-ratio runs whose median is held to the mount bar (issue 13: at least five). */
export const MOUNT_RUNS = 5;

/** Mount/unmount cycles the leak figures are measured over. */
export const LEAK_CYCLES = 100;

const gatewayRun = (run: number): Record<string, FigureSpec> => ({
  [`gateway.rate.${run}`]: {
    label: `Gateway signed authorizations, run ${run} (as many as 16 in flight allow)`,
    unit: '/s',
    bar: GATEWAY_RATE,
  },
  [`gateway.p99.${run}`]: {
    label: `Gateway latency p99 at ${GATEWAY_RATE.limit}/s, run ${run}`,
    unit: 'ms',
    bar: GATEWAY_P99,
  },
  [`gateway.p99-saturated.${run}`]: { label: `Gateway latency p99 at full load, run ${run}`, unit: 'ms' },
});

/** Every figure by id, in the order the table prints them. */
export const FIGURES: Readonly<Record<string, FigureSpec>> = {
  'mount.ratio': {
    label: `Mount to antom-ready / floor, median of ${MOUNT_RUNS} alternating runs`,
    unit: 'x',
    bar: { op: '<=', limit: 1.25, doc: 'within 1.25x of the floor' },
  },
  'mount.element': { label: 'Mount to antom-ready, element (median of all rounds)', unit: 'ms' },
  'mount.floor': { label: 'Mount floor (median of all rounds)', unit: 'ms' },
  'keystroke.p95': {
    label: 'Keystroke to formatted value and state message, p95',
    unit: 'ms',
    bar: { op: '<=', limit: 4, doc: 'p95 <= 4 ms' },
  },
  'submit.overhead': {
    label: 'Submit to antom-authorized minus the pay request, median',
    unit: 'ms',
    bar: { op: '<=', limit: 10, doc: 'median <= 10 ms' },
  },
  'submit.request': { label: 'The pay request itself (frame to gateway), median', unit: 'ms' },
  'shift.new': {
    label: 'Layout shift, mount to ready, new buyer (worst round)',
    unit: 'score',
    bar: { op: '<=', limit: 0, doc: '(CLS 0)' },
  },
  'shift.saved': {
    label: 'Layout shift, mount to ready, with a saved card (worst round)',
    unit: 'score',
    bar: { op: '<', limit: 0.05, doc: 'with saved cards, < 0.05' },
  },
  'leak.frames': {
    label: `Frames left after ${LEAK_CYCLES} mount/unmount cycles`,
    unit: 'count',
    bar: { op: '<=', limit: 0, doc: 'no leaked frames, listeners or ports' },
  },
  'leak.listeners': {
    label: `Window listeners added by ${LEAK_CYCLES} cycles`,
    unit: 'count',
    bar: { op: '<=', limit: 0, doc: 'no leaked frames, listeners or ports' },
  },
  'leak.ports': {
    label: `MessagePorts added by ${LEAK_CYCLES} cycles`,
    unit: 'count',
    bar: { op: '<=', limit: 0, doc: 'no leaked frames, listeners or ports' },
  },
  'leak.heap': {
    label: `JS heap growth over ${LEAK_CYCLES} cycles (after GC)`,
    unit: 'KB',
    bar: { op: '<', limit: 1024, doc: 'heap grows by < 1 MB' },
  },
  ...Object.assign({}, ...Array.from({ length: GATEWAY_RUNS }, (_, index) => gatewayRun(index + 1))),
  'gateway.held': {
    label: `Gateway runs holding both bars (of ${GATEWAY_RUNS} in a row)`,
    unit: 'count',
    bar: { op: '>=', limit: GATEWAY_RUNS, doc: 'held over 5 runs in a row' },
  },
  'gateway.failures': {
    label: 'Gateway answers that were not a success',
    unit: 'count',
    bar: { op: '<=', limit: 0, doc: 'every answer a success' },
  },
  'gateway.cpu': { label: 'Gateway CPU time per authorization', unit: 'ms' },
  'gateway.gc': { label: 'Gateway full garbage collection, per 1,000 payments kept', unit: 'ms' },
  'size.page': {
    label: 'Page-side bundle before antom-ready, gzip',
    unit: 'KB',
    bar: { op: '<=', limit: 20, doc: '<= 20 KB' },
  },
  'size.page-saved': {
    label: 'Page-side bundle before ready, returning buyer, gzip',
    unit: 'KB',
    bar: { op: '<=', limit: 20, doc: '<= 20 KB' },
  },
  'size.frame': {
    label: 'Frame before antom-ready (document, CSS, scripts), gzip',
    unit: 'KB',
    bar: { op: '<=', limit: 12, doc: '<= 12 KB' },
  },
  'size.sdk': { label: 'Official-SDK chunks (driver + ams-checkout), gzip', unit: 'KB' },
  'size.3ds-page': { label: '3-D Secure chunk on the page, gzip', unit: 'KB' },
  'size.3ds-frame': { label: '3-D Secure page on the gateway (document, CSS, script), gzip', unit: 'KB' },
  'routing.ratio': {
    label: 'Intelligent routing approvals / oracle',
    unit: 'ratio',
    bar: { op: '>=', limit: 0.97, doc: 'intelligent / oracle >= 0.97' },
  },
};
