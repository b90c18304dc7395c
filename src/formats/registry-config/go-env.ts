// go.env: the go command's configuration defaults (GOROOT/go.env, or a file of the same shape a
// project keeps), `KEY=value` lines and `#` comments. Variables that change where modules come from
// or how they are checked become registry settings; a literal credential becomes a `secret` issue.
import type { FileIssue, ParsedFile, RegistrySetting } from '../../types.js';
import { type Format, ParseError } from '../format.js';
import { lineIndex, splitLines } from '../readers/lines.js';
import { readEnvVariable } from './env-settings.js';
import { fileNamed, underVendor } from '../paths.js';


function parseGoEnv(text: string, file: string): ParsedFile {
  const settings: RegistrySetting[] = [];
  const issues: FileIssue[] = [];
  const seen = new Map<string, number>();
  // cmd/go reads go.env a line at a time, split at LF only: a CR stays in the line (and in a value).
  const github = lineIndex(text);
  splitLines(text, 'lf').forEach(({ text: raw, start }) => {
    const line = github(start);
    const trimmed = raw.replace(/^\uFEFF/, '').trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(trimmed);
    if (m === null) throw new ParseError(`expected KEY=value or a # comment, found ${JSON.stringify(trimmed.slice(0, 40))}`, file, line);
    const [, name, value] = m;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const key = n === 1 ? name : `${name}#${n}`;
    const read = readEnvVariable(name, value, { file, line, key, where: `${name} in go.env` });
    settings.push(...read.settings);
    issues.push(...read.issues);
  });
  return { deps: [], settings, issues };
}

export const goEnv = { id: 'go-env', matches: fileNamed('go.env', underVendor), parse: parseGoEnv, inventory: 'registries' } satisfies Format;
