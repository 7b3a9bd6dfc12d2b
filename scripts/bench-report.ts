// The pure half of `npm run bench` (no I/O, no clock): what a part reports, the verdict of each figure
// against its bar (scripts/bench-bars.ts), the table the bench prints, and what changed since the
// previous bench/results.json. Tested by test/scripts/bench-report.test.ts.
import { FIGURES, type Bar, type FigureSpec, type Unit } from './bench-bars.js';

/** One value a part measured, by figure id, with whatever explains it (runs, rounds, parts). */
export interface Measured {
  id: string;
  value: number;
  details?: Record<string, unknown>;
}

/** What one part (scripts/bench-<part>.ts --json <file>) writes. */
export interface PartReport {
  part: string;
  figures: Measured[];
  /** Facts of the machine the part saw (the browser's version, say). */
  facts?: Record<string, string>;
}

/** Where a figure stands against its bar. */
export type Verdict = 'meets' | 'misses' | 'reported-only';

/** A figure as bench/results.json keeps it. */
export interface FigureResult {
  id: string;
  label: string;
  unit: Unit;
  value: number;
  /** The bar as printed (`<= 1.25x`), `null` for a figure only reported. */
  bar: string | null;
  /** value / the bar's limit; `null` without a bar or when the limit is 0. */
  ratio: number | null;
  verdict: Verdict;
  details?: Record<string, unknown>;
}

/** The machine a bench ran on. */
export interface MachineFacts {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
  /** 1-minute load average when the bench started: how busy the shared cores were. */
  loadAverage: number;
}

/** bench/results.json. */
export interface BenchResults {
  schema: 1;
  date: string;
  commit: { sha: string; dirty: boolean };
  machine: MachineFacts;
  figures: FigureResult[];
  /** Figures no part reported: the run could not measure them. */
  missing: string[];
}

/** A figure that changed between two results files. */
export interface Change {
  id: string;
  label: string;
  unit: Unit;
  previous: number;
  now: number;
  /** (now - previous) / |previous| in percent; `null` when previous is 0 and now is not. */
  changePercent: number | null;
  verdictBefore: Verdict;
  verdictNow: Verdict;
}

/** Whether `value` holds `bar`; no bar: reported only. */
export function verdictOf(value: number, bar: Bar | undefined): Verdict {
  if (!bar) return 'reported-only';
  const holds = bar.op === '<=' ? value <= bar.limit : bar.op === '<' ? value < bar.limit : value >= bar.limit;
  return holds ? 'meets' : 'misses';
}

/** value / limit, which reads the same way for every bar: <= 1 meets a ceiling, >= 1 meets a floor. */
export function ratioOf(value: number, bar: Bar | undefined): number | null {
  if (!bar || bar.limit === 0) return null;
  return value / bar.limit;
}

const DECIMALS: Record<Unit, number> = { x: 2, ms: 1, KB: 2, '/s': 0, score: 4, count: 0, ratio: 4 };

/** A value in its unit, e.g. `1.38x`, `81.5 ms`, `312/s`. */
export function formatValue(value: number, unit: Unit): string {
  const text = value.toFixed(DECIMALS[unit]);
  if (unit === 'x') return `${text}x`;
  if (unit === '/s') return `${text}/s`;
  if (unit === 'score' || unit === 'count' || unit === 'ratio') return text;
  return `${text} ${unit}`;
}

/** A bar as printed, its limit as written in the bars (`<= 1.25x`, `< 50 ms`); `null` without a bar. */
export function formatBar(bar: Bar | undefined, unit: Unit): string | null {
  if (!bar) return null;
  const limit = String(bar.limit);
  const suffix = unit === 'x' ? 'x' : unit === '/s' ? '/s' : unit === 'ms' || unit === 'KB' ? ` ${unit}` : '';
  return `${bar.op} ${limit}${suffix}`;
}

/** The median of `samples` (the mean of the middle two for an even count); NaN for none. */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The nearest-rank percentile `q` (0..1) of `samples`. */
export function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * The figures of `reports` in the order of `specs`, each with its bar, ratio and verdict, and the
 * ids no report gave (or gave as a non-finite value). An id no spec knows is an error in a part.
 */
export function buildFigures(
  reports: readonly PartReport[],
  specs: Readonly<Record<string, FigureSpec>> = FIGURES,
): { figures: FigureResult[]; missing: string[] } {
  const byId = new Map<string, Measured>();
  for (const report of reports) {
    for (const measured of report.figures) {
      if (!(measured.id in specs))
        throw new Error(`bench: part ${report.part} reported an unknown figure ${measured.id}`);
      byId.set(measured.id, measured);
    }
  }
  const figures: FigureResult[] = [];
  const missing: string[] = [];
  for (const [id, spec] of Object.entries(specs)) {
    const measured = byId.get(id);
    if (!measured || !Number.isFinite(measured.value)) {
      missing.push(id);
      continue;
    }
    figures.push({
      id,
      label: spec.label,
      unit: spec.unit,
      value: measured.value,
      bar: formatBar(spec.bar, spec.unit),
      ratio: ratioOf(measured.value, spec.bar),
      verdict: verdictOf(measured.value, spec.bar),
      ...(measured.details ? { details: measured.details } : {}),
    });
  }
  return { figures, missing };
}

/** A Markdown table (pastes into the README as is), columns padded so it also reads in a terminal. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The bench's table: figure, value, bar, ratio to the bar, verdict; then a row per figure not measured. */
export function resultsTable(figures: readonly FigureResult[], missing: readonly string[] = []): string {
  const rows = figures.map((figure) => [
    figure.label,
    formatValue(figure.value, figure.unit),
    figure.bar ?? '-',
    figure.ratio === null ? '-' : figure.ratio.toFixed(2),
    figure.verdict,
  ]);
  for (const id of missing) rows.push([FIGURES[id]?.label ?? id, 'not measured', '-', '-', 'not measured']);
  return markdownTable(['Figure', 'Value', 'Bar', 'Ratio to bar', 'Verdict'], rows);
}

/** Each figure both files hold, previous against now. */
export function compareResults(previous: Pick<BenchResults, 'figures'>, figures: readonly FigureResult[]): Change[] {
  const before = new Map(previous.figures.map((figure) => [figure.id, figure]));
  const changes: Change[] = [];
  for (const figure of figures) {
    const old = before.get(figure.id);
    if (!old || typeof old.value !== 'number') continue;
    const changePercent =
      old.value === 0 ? (figure.value === 0 ? 0 : null) : ((figure.value - old.value) / Math.abs(old.value)) * 100;
    changes.push({
      id: figure.id,
      label: figure.label,
      unit: figure.unit,
      previous: old.value,
      now: figure.value,
      changePercent,
      verdictBefore: old.verdict,
      verdictNow: figure.verdict,
    });
  }
  return changes;
}

/** The changes as a table: previous, now, change in percent, and the verdict when it moved. */
export function changesTable(changes: readonly Change[]): string {
  const rows = changes.map((change) => [
    change.label,
    formatValue(change.previous, change.unit),
    formatValue(change.now, change.unit),
    change.changePercent === null
      ? 'new non-zero'
      : `${change.changePercent >= 0 ? '+' : ''}${change.changePercent.toFixed(1)} %`,
    change.verdictBefore === change.verdictNow ? '' : `${change.verdictBefore} -> ${change.verdictNow}`,
  ]);
  return markdownTable(['Figure', 'Previous', 'Now', 'Change', 'Verdict moved'], rows);
}

/** Counts of each verdict, for the line under the table. */
export function verdictCounts(figures: readonly FigureResult[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { meets: 0, misses: 0, 'reported-only': 0 };
  for (const figure of figures) counts[figure.verdict]++;
  return counts;
}
