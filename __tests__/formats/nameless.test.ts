// A dependency with an empty (or blank) name is a parse-error at its line, not an entry: every format's
// result goes through withoutNamelessDeps on its way into the pipeline. Each case is a real fixture
// with one name emptied, read by its real format.
import { asParsed } from '../../src/formats/format.js';
import { withoutNamelessDeps } from '../../src/checks/parse-error.js';
import { formatFor } from '../../src/formats/index.js';
import type { ParsedFile } from '../../src/types.js';
import { fixture, lineOf, replaceOnce } from './helpers.js';

/** What the pipeline reads from `text` at `path`: the format's result without nameless entries. */
function read(path: string, text: string): ParsedFile {
  const format = formatFor(path);
  if (format === undefined) throw new Error(`test setup: no format reads ${path}`);
  return withoutNamelessDeps(asParsed(format.parse(text, path)));
}

describe('a dependency with an empty name', () => {
  it.each<[string, string, string, string, string, string]>([
    // [what, fixture, the entry's name, its text, the same text with the name emptied, the ecosystem]
    ['package.json dependencies', 'app-v3/package.json', '@modelcontextprotocol/server-filesystem', '"@modelcontextprotocol/server-filesystem": "2026.8.31"', '"": "2026.8.31"', 'npm'],
    ['package.json devDependencies, a blank name', 'app-v3/package.json', 'is-number', '"is-number": "^7.0.0"', '" ": "^7.0.0"', 'npm'],
    ['package-lock.json (v1)', 'app-v1/package-lock.json', '@modelcontextprotocol/sdk', '"@modelcontextprotocol/sdk": {\n      "version"', '"": {\n      "version"', 'npm'],
    ['Cargo.toml', 'cargo/mcp-notes/Cargo.toml', 'serde_json', 'serde_json = "1.0.145"', '"" = "1.0.145"', 'cargo'],
    ['poetry.lock', 'python/poetry-project/poetry.lock', 'acme-mcp-tools', 'name = "acme-mcp-tools"', 'name = ""', 'pypi'],
    ['Pipfile.lock', 'python/pipenv-project/Pipfile.lock', 'acme-mcp-tools', '"default": {\n        "acme-mcp-tools"', '"default": {\n        ""', 'pypi'],
    ['an MCP client config launching npx -y ""', 'mcp-configs/.mcp.json', '@playwright/mcp', '"args": ["-y", "@playwright/mcp@0.0.41"]', '"args": ["-y", ""]', 'npm'],
  ])('%s: a parse-error at the entry\'s line, the other entries kept', (_what, rel, name, original, emptied, ecosystem) => {
    const good = read(rel, fixture(rel));
    // The entry's line as the format reports it (the header of a [[package]] table, the server of a launch).
    const entry = good.deps.find((d) => d.name === name);
    if (entry === undefined) throw new Error(`test setup: ${name} is not an entry of ${rel}`);
    const text = replaceOnce(fixture(rel), original, emptied);
    const r = read(rel, text);
    expect(r.deps.filter((d) => d.name.trim() === '' || d.alias?.trim() === '')).toEqual([]);
    expect((r.issues ?? []).filter((i) => i.rule === 'parse-error')).toEqual([
      {
        rule: 'parse-error',
        line: entry.line,
        key: expect.stringMatching(/^nameless\//),
        ecosystem,
        message: expect.stringMatching(/has an empty (installed )?name: nothing can install it and the gate cannot judge it\. Write the package's name, or remove the entry\.$/),
      },
    ]);
    expect(r.deps.map((d) => d.key)).toEqual(good.deps.filter((d) => d !== entry).map((d) => d.key));
  });

  it('the message names the kind of entry and its version', () => {
    const text = '{\n  "name": "app",\n  "dependencies": {\n    "": "^7.0.0",\n    "zod": "3.25.76"\n  }\n}\n';
    const r = read('package.json', text);
    expect(r.deps.map((d) => d.name)).toEqual(['zod']);
    expect(r.issues).toEqual([
      {
        rule: 'parse-error',
        line: lineOf(text, '"": "^7.0.0"'),
        key: 'nameless/dependencies/',
        ecosystem: 'npm',
        message: 'a dependency (npm, entry "dependencies/", version "^7.0.0") has an empty name: nothing can install it and the gate cannot judge it. Write the package\'s name, or remove the entry.',
      },
    ]);
  });

  it('a result without nameless entries is returned as it is', () => {
    const r = asParsed(formatFor('package.json')!.parse(fixture('app-v3/package.json'), 'package.json'));
    expect(withoutNamelessDeps(r)).toBe(r);
  });
});
