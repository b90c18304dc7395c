// Literal credentials in the arguments a server is launched with (`--api-key=sk-...`, `KEY=value`,
// `Authorization: Bearer ...`, a token-shaped word, a URL with credentials): the same reading for a
// client config's `args` and a bundle manifest's `mcp_config.args`.
import { type SecretHit, findSecret } from '../../../redact/secrets.js';
import { splitCommandLine } from '../../readers/shell-words.js';
import { urlSecret } from '../../../redact/urls.js';

/** A literal credential found in a launch's arguments; `arg` is its index in `args` (undefined: a word of the command string). */
interface ArgSecret {
  line: number;
  name?: string;
  arg?: number;
  hit: SecretHit;
}

/**
 * Literal credentials in arguments: `--api-key=sk-...`, `--token sk-...`, `KEY=value`,
 * `Authorization: Bearer ...`, a token-shaped argument, a URL with credentials. A single-string
 * command (`"npx -y pkg --api-key=..."`) has its words after the first scanned as arguments too.
 */
export function argSecrets(args: readonly { value: string; line: number }[], cmd?: { value: string; line: number }): ArgSecret[] {
  const words = cmd && /\s/.test(cmd.value.trim()) ? splitCommandLine(cmd.value).slice(1).map((value) => ({ line: cmd.line, value, arg: undefined as number | undefined })) : [];
  const all = [...words, ...args.map((a, i) => ({ line: a.line, value: a.value, arg: i as number | undefined }))];
  const out: ArgSecret[] = [];
  all.forEach((a, k) => {
    const v = a.value;
    const prev = k > 0 ? all[k - 1].value : undefined;
    let name: string | undefined;
    let value = v;
    let hit: SecretHit | undefined;
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(v)) {
      hit = urlSecret(v);
      name = 'url';
    } else if (/^--?[A-Za-z][\w.-]*=/.test(v)) {
      const eq = v.indexOf('=');
      name = v.slice(0, eq);
      value = v.slice(eq + 1);
      hit = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? urlSecret(value) : findSecret(name.replace(/^-+/, ''), value);
    } else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
      const eq = v.indexOf('=');
      name = v.slice(0, eq);
      hit = findSecret(name, v.slice(eq + 1));
    } else if (/^[A-Za-z][A-Za-z0-9-]*:\s/.test(v) || /^[A-Za-z][A-Za-z0-9-]*:\S/.test(v) && !v.includes('/')) {
      const colon = v.indexOf(':');
      name = v.slice(0, colon);
      hit = findSecret(name, v.slice(colon + 1).trim());
    } else if (prev !== undefined && /^--?[A-Za-z][\w.-]*$/.test(prev) && !v.startsWith('-')) {
      name = prev;
      hit = findSecret(prev.replace(/^-+/, ''), v);
    } else {
      hit = findSecret(undefined, v);
    }
    if (!hit) return;
    const f: ArgSecret = { line: a.line, hit };
    if (name !== undefined) f.name = name;
    if (a.arg !== undefined) f.arg = a.arg;
    out.push(f);
  });
  return out;
}
