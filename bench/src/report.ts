// Renders a run as BENCHMARKS.md: the machine, then per item the rows (median, min, max) and the
// targets with their ratios and whether this run met them.
import type { Machine } from './machine.js';
import { fmt, type ItemResult } from './result.js';

const cell = (text: string) => text.replaceAll('|', '\\|');

export function renderItem(result: ItemResult): string {
  const lines = [`## ${result.item}. ${result.title}`, '', result.method, ''];
  lines.push('| Subject | Median | Min | Max | Unit |', '|---|---:|---:|---:|---|');
  for (const r of result.rows) {
    if (r.failure) {
      lines.push(`| ${cell(r.subject)} | fails: ${cell(r.failure)} | | | |`);
    } else {
      const { median, min, max } = r.summary;
      lines.push(`| ${cell(r.subject)} | ${fmt(median)} | ${fmt(min)} | ${fmt(max)} | ${r.unit} |`);
    }
  }
  lines.push('', '| Target | Measured | Met |', '|---|---|---|');
  for (const c of result.checks) {
    lines.push(`| ${cell(c.target)} | ${cell(c.measured)} | ${c.met ? 'yes' : '**no**'} |`);
  }
  for (const note of result.notes ?? []) lines.push('', note);
  return lines.join('\n');
}

export function renderMarkdown(machine: Machine, results: ItemResult[], preface = ''): string {
  const summary = results.flatMap((r) =>
    r.checks.map(
      (c) =>
        `| ${c.row ?? r.item} | ${cell(c.target)} | ${cell(c.measured)} | ${c.met ? 'yes' : '**no**'} |`,
    ),
  );
  return `${[
    '# Benchmarks',
    '',
    'Written by `pnpm bench` (bench/): hubcast side by side with `@azure/web-pubsub` 1.2.0 and the raw transport, measured in the same run. Every figure is the median of several interleaved rounds, with min and max; ratios are medians of per-round ratios.',
    '',
    `- Date: ${machine.date}`,
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, ${machine.platform}`,
    `- Node: ${machine.node}`,
    `- Load average (1 min) at start: ${machine.loadAtStart.toFixed(2)}`,
    ...(preface ? ['', preface] : []),
    '',
    'How each item is measured, and where a target is missed what limits it (with profiles): [bench/README.md](bench/README.md).',
    '',
    '## Summary',
    '',
    '| # | Target | Measured | Met |',
    '|---|---|---|---|',
    ...summary,
    '',
    ...results.map(renderItem).flatMap((text) => [text, '']),
  ]
    .join('\n')
    .trimEnd()}\n`;
}
