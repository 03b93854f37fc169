// The shape every measure returns, which the console printer and the BENCHMARKS.md renderer share.
import type { Summary } from './stats.js';

/** One measured subject, for example "@azure/web-pubsub 1.2.0", over all rounds. */
export interface Row {
  subject: string;
  unit: string;
  summary: Summary;
  /** Set when the subject could not be measured at all (e.g. a bundle that fails to build). */
  failure?: string;
}

/** A target of the issue, and whether this run met it. */
export interface Check {
  /** The row of issue #18 it answers when that is not the item's number (e.g. '3b'). */
  row?: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface ItemResult {
  item: number;
  title: string;
  /** How it was measured (rounds, duration, concurrency...). */
  method: string;
  rows: Row[];
  checks: Check[];
  notes?: string[];
  /** Counts behind the rows (requests the sink accepted, messages lost...), for the smoke test. */
  facts?: Record<string, number>;
}

export function row(subject: string, unit: string, summary: Summary): Row {
  return { subject, unit, summary };
}

/** Formats a number with a sensible precision for the tables. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function ratioText(summary: Summary): string {
  return `${fmt(summary.median)}× (min ${fmt(summary.min)}×, max ${fmt(summary.max)}×)`;
}
