// bunfig.toml: Bun's `[install]` registry (a URL, or `{ url, token }` / `{ url, username, password }`),
// scoped registries under `[install.scopes]`, and `[install.lockfile] save = false`. Literal tokens and
// passwords become `secret` issues; `$NPM_TOKEN` references produce nothing.
import type { ParsedFile } from '../../types.js';
import { ParseError, type Format } from '../format.js';
import { certificateValue, isFalse, RegistryConfig } from './common.js';
import { isTable, labelledWording, parseTomlDocument, type TomlDocument } from '../readers/toml.js';
import { fileNamed } from '../paths.js';

const LABEL = 'bunfig.toml';

function registry(doc: TomlDocument, out: RegistryConfig, path: string[], value: unknown, scope?: string): void {
  const key = path.join('.');
  const line = doc.line(path);
  if (typeof value === 'string') {
    out.addUrl(line, key, key, value, 'registry', scope);
    return;
  }
  if (!isTable(value)) {
    throw new ParseError(`${LABEL}: ${key} must be a URL or a table with a url`, out.file, line);
  }
  for (const cred of ['token', 'password'] as const) {
    const v = value[cred];
    if (typeof v === 'string') out.credential(doc.line([...path, cred]), `${key}.${cred}`, `${key}.${cred}`, v, cred);
  }
  const url = value.url;
  if (typeof url !== 'string') {
    throw new ParseError(`${LABEL}: ${key} must have a url`, out.file, line);
  }
  out.addUrl(doc.line([...path, 'url']), key, key, url, 'registry', scope);
}

function parseBunfig(text: string, file: string): ParsedFile {
  const doc = parseTomlDocument(text, file, labelledWording(LABEL));
  const out = new RegistryConfig(file, 'npm', LABEL);
  const install = doc.data.install;
  if (install === undefined) return out.result();
  if (!isTable(install)) throw new ParseError(`${LABEL}: install must be a table`, file, doc.line(['install']));

  if (install.registry !== undefined) registry(doc, out, ['install', 'registry'], install.registry);

  const scopes = install.scopes;
  if (scopes !== undefined) {
    if (!isTable(scopes)) throw new ParseError(`${LABEL}: install.scopes must be a table`, file, doc.line(['install', 'scopes']));
    for (const [name, value] of Object.entries(scopes)) {
      // Scopes are written with or without the `@`.
      registry(doc, out, ['install', 'scopes', name], value, `@${name.replace(/^@/, '')}`);
    }
  }

  const lockfile = install.lockfile;
  if (isTable(lockfile) && isFalse(lockfile.save)) {
    out.add(doc.line(['install', 'lockfile', 'save']), 'install.lockfile.save', 'install.lockfile.save', 'false', 'lockfile-off');
  }
  for (const name of ['cafile', 'ca'] as const) {
    const v = install[name];
    const values = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    values.forEach((one, i) => {
      const value = certificateValue(one);
      const key = typeof v === 'string' ? `install.${name}` : `install.${name}/${value}`;
      out.add(typeof v === 'string' ? doc.line(['install', name]) : doc.line(['install', name, i]), key, `install.${name}`, value, 'other');
    });
  }
  return out.result();
}

export const bunfig = { id: 'bunfig', matches: fileNamed(['bunfig.toml', '.bunfig.toml']), parse: parseBunfig, inventory: 'registries' } satisfies Format;
