// .npmrc (npm and pnpm read it, Bun too): where npm packages come from and the install safety
// switches. Read line by line the way npm's `ini` reader does: lines split at any run of CR and LF,
// `key=value`, `;`/`#` comment lines, an unquoted value ends at an unescaped `;` or `#`, quoted
// values are unquoted, `${ENV}` stays as written. Credentials (`//host/:_authToken`, `_auth`, `_password`) with a literal value become
// `secret` issues and never settings.
import type { ParsedFile } from '../../types.js';
import type { Format } from '../format.js';
import { lineIndex, splitLines } from '../readers/lines.js';
import { certificateValue, configText, isFalse, isTrue, RegistryConfig } from './common.js';
import { fileNamed } from '../paths.js';

/** Setting names (after a `//host/:` prefix) whose value is a credential. */
const CREDENTIALS = new Set(['_authToken', '_auth', '_password']);

function isQuoted(v: string): boolean {
  return v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")));
}

/** A key or value as `ini` reads it: trimmed, unquoted, cut at an unescaped `;` or `#`. */
function iniValue(raw: string): string {
  let v = raw.trim();
  if (isQuoted(v)) {
    if (v.startsWith("'")) v = v.slice(1, -1);
    try {
      const parsed: unknown = JSON.parse(v);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // a value like 'a"b' stays as written between the quotes
    }
    return v.startsWith('"') ? v.slice(1, -1) : v;
  }
  let out = '';
  let escaped = false;
  for (const c of v) {
    if (escaped) {
      out += ';#\\'.includes(c) ? c : `\\${c}`;
      escaped = false;
    } else if (c === ';' || c === '#') {
      break;
    } else if (c === '\\') {
      escaped = true;
    } else {
      out += c;
    }
  }
  if (escaped) out += '\\';
  return out.trim();
}

/** The setting name of a key: `_authToken` for `//host/path/:_authToken`, `registry` for `@acme:registry`. */
function settingName(key: string): string {
  if (key.startsWith('//')) return key.slice(key.lastIndexOf(':') + 1);
  return key;
}

function readSetting(out: RegistryConfig, key: string, value: string, line: number): void {
  const name = settingName(key);
  if (CREDENTIALS.has(name)) {
    out.credential(line, key, key, value, name);
    return;
  }
  const scoped = /^(@[^:/\s]+):registry$/.exec(key);
  if (key === 'registry') {
    out.addUrl(line, key, key, value, 'registry');
  } else if (scoped) {
    out.addUrl(line, key, key, value, 'registry', scoped[1]);
  } else if (key === 'strict-ssl') {
    if (isFalse(value)) out.add(line, key, key, value, 'tls-off');
  } else if (key === 'ca' || key === 'ca[]') {
    const v = certificateValue(value);
    out.add(line, key === 'ca' ? key : `${key}/${v}`, 'ca', v, 'other');
  } else if (key === 'cafile') {
    out.add(line, key, key, value, 'other');
  } else if (key === 'ignore-scripts') {
    if (isFalse(value)) out.add(line, key, key, value, 'scripts-on');
  } else if (key === 'dangerously-allow-all-builds') {
    // pnpm 10 runs no dependency build scripts unless allowed; this allows them all.
    if (isTrue(value)) out.add(line, key, key, value, 'scripts-on');
  } else if (key === 'package-lock' || key === 'lockfile') {
    if (isFalse(value)) out.add(line, key, key, value, 'lockfile-off');
  } else if (key === 'verify-store-integrity') {
    if (isFalse(value)) out.add(line, key, key, value, 'checksum-off');
  } else if (key === 'proxy' || key === 'https-proxy' || key === 'replace-registry-host') {
    out.addUrl(line, key, key, value, 'other');
  } else {
    // Anything else is not registry-related, but a token pasted into it is still a leak.
    out.scan(line, key, key, value);
  }
}

function parseNpmrc(text: string, file: string): ParsedFile {
  const out = new RegistryConfig(file, 'npm', '.npmrc');
  let inSection = false;
  const body = configText(text, file, '.npmrc');
  const github = lineIndex(body);
  // `ini` splits with /[\r\n]+/: a lone CR ends a line as LF does (a CR-only file is not one line).
  splitLines(body, 'ini').forEach(({ text: raw, start }) => {
    const line = github(start);
    if (/^\s*([;#]|$)/.test(raw)) return;
    if (/^\[[^\]]*\]\s*$/.test(raw)) {
      // npm reads keys under an ini section as a nested object it never uses.
      inSection = true;
      return;
    }
    const m = /^([^=]+)(=(.*))?$/.exec(raw);
    if (!m) return; // `=value` without a key: `ini` skips it
    const key = iniValue(m[1]);
    const value = m[2] === undefined ? 'true' : iniValue(m[3]);
    if (!key || inSection) {
      // A credential under a section is not used, but it is committed all the same.
      if (inSection && key) out.scan(line, key, key, value);
      return;
    }
    readSetting(out, key, value, line);
  });
  return out.result();
}

export const npmrc = { id: 'npmrc', matches: fileNamed(['.npmrc']), parse: parseNpmrc, inventory: 'registries' } satisfies Format;
