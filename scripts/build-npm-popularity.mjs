#!/usr/bin/env node
// Turns a snapshot of npm download counts into the gate's popularity corpus,
// data/npm-popularity.json, which the typosquat rule reads (src/policy/popularity.ts imports it and the
// build bundles it into dist/; the product never reads the snapshot itself, at run time or in tests:
// this script copies what it needs into the repository).
//
// Usage: node scripts/build-npm-popularity.mjs TSV [--taken "late 2026"]
//   TSV is the snapshot (a header "name<TAB>downloads_a_month", then one package a line, most
//   downloaded first); its README.md (same folder) describes it and says when it was taken (override
//   with --taken).
// The output records which file the counts came from (its name), its description, when it was taken,
// its date and sha256. It carries no time of its own, so the same input always gives the same file.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import validate from 'validate-npm-package-name';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'data/npm-popularity.json');
/** The snapshot's selection, from its README: names containing one of these. */
const SELECTION = 'mcp|modelcontextprotocol|context-protocol';

function fail(message) {
  console.error(`build-npm-popularity: ${message}`);
  process.exit(1);
}

const args = process.argv.slice(2);
const takenAt = args.indexOf('--taken');
const takenArg = takenAt >= 0 ? args.splice(takenAt, 2)[1] : undefined;
if (args[0] === undefined) fail('name the snapshot: node scripts/build-npm-popularity.mjs path/to/npm-mcp-downloads.tsv');
const tsv = path.resolve(args[0]);
if (!existsSync(tsv)) fail(`${tsv}: no such file; pass the snapshot's path as the first argument`);

const bytes = readFileSync(tsv);
const lines = bytes.toString('utf8').split('\n');
if (lines.at(-1) === '') lines.pop();
if (lines[0] !== 'name\tdownloads_a_month') fail(`${tsv}:1: expected the header "name<TAB>downloads_a_month", got ${JSON.stringify(lines[0])}`);

const rows = [];
const seen = new Set();
lines.slice(1).forEach((line, i) => {
  const where = `${tsv}:${i + 2}`;
  const m = /^(\S+)\t(\d+)$/.exec(line);
  if (!m) fail(`${where}: expected "<name><TAB><downloads>", got ${JSON.stringify(line)}`);
  const [, name, count] = m;
  if (!validate(name).validForOldPackages) fail(`${where}: ${JSON.stringify(name)} is not an npm package name`);
  if (!new RegExp(SELECTION, 'i').test(name)) fail(`${where}: ${name} does not match the snapshot's selection /${SELECTION}/`);
  if (seen.has(name)) fail(`${where}: ${name} is listed twice`);
  seen.add(name);
  const n = Number(count);
  if (rows.length && n > rows.at(-1)[1]) fail(`${where}: not sorted, most downloaded first (${n} after ${rows.at(-1)[1]})`);
  rows.push([name, n]);
});
if (rows.length === 0) fail(`${tsv}: no rows`);

const readme = path.join(path.dirname(tsv), 'README.md');
const readmeText = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
const taken = takenArg ?? /taken in ([^:]+?):/.exec(readmeText.replace(/\s+/g, ' '))?.[1];
if (!taken) fail(`${readme}: cannot tell when the snapshot was taken; pass --taken "<when>"`);
const description = /`npm-mcp-downloads\.tsv`:\s*([^]*?)(?:\.\s+Use it|\n\n|$)/.exec(readmeText)?.[1]?.replace(/\s+/g, ' ').trim();

const snapshot = {
  ecosystem: 'npm',
  source: path.basename(tsv),
  description: description ?? 'monthly downloads of npm packages whose name looks MCP-related',
  taken,
  fileDate: statSync(tsv).mtime.toISOString().slice(0, 10),
  sha256: createHash('sha256').update(bytes).digest('hex'),
  period: 'month',
  selection: SELECTION,
  floor: rows.at(-1)[1],
};

// One package a line, so a refreshed snapshot reads as a diff of names and counts.
const header = Object.entries(snapshot)
  .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`)
  .join('\n');
const body = rows.map(([name, n]) => `    [${JSON.stringify(name)}, ${n}]`).join(',\n');
const text = `{\n${header}\n  "downloads": [\n${body}\n  ]\n}\n`;
writeFileSync(OUT, text);
console.log(`${path.relative(root, OUT)}: ${rows.length} names, ${snapshot.floor}..${rows[0][1]} downloads a month, taken ${taken} (sha256 ${snapshot.sha256.slice(0, 12)}…)`);
