// The one place that lists every format with what its property tests need: its grammar (which
// mutations and generated documents fit it) and, where the real tool's grammar is available as a
// library, the reference the gate must agree with. A format in FORMATS without an entry here fails
// the coverage test, so a new format cannot arrive without property tests.
import type { Grammar } from './mutate.js';

/**
 * The reference grammar a format is compared with (agreement.test.ts):
 * - `json`: npm and pipenv read these with JSON.parse (after dropping a BOM, as npm does);
 * - `jsonc`: read as JSONC (comments, trailing commas) by the gate's decision, compared with
 *   jsonc-parser's own `parse` with the same options;
 * - `yaml`: the `yaml` package with the options yaml-doc.ts documents for the client;
 * - `toml`: smol-toml, the TOML reader of the gate;
 * - `pip`: a reference of pip's line rules written from Python's documentation (reference-pip.ts);
 * - undefined: no library holds the tool's grammar (Go's, Docker's, npm's ini, Yarn 1's lockfile
 *   grammar are not available as libraries here); only the robustness properties apply.
 */
export type Reference = 'json' | 'jsonc' | 'yaml' | 'toml' | 'pip';

export interface FormatProperties {
  grammar: Grammar | 'zip' | 'none';
  reference?: Reference;
}

export const PROPERTY_FORMATS: Record<string, FormatProperties> = {
  'package-json': { grammar: 'json', reference: 'json' },
  'package-lock': { grammar: 'json', reference: 'json' },
  'yarn-lock': { grammar: 'yarn' },
  'pnpm-lock': { grammar: 'yaml', reference: 'yaml' },
  'bun-lock': { grammar: 'json', reference: 'jsonc' },
  // Always a ParseError: only the robustness properties apply.
  'bun-lockb': { grammar: 'none' },
  requirements: { grammar: 'pip', reference: 'pip' },
  pyproject: { grammar: 'toml', reference: 'toml' },
  'uv-lock': { grammar: 'toml', reference: 'toml' },
  'poetry-lock': { grammar: 'toml', reference: 'toml' },
  pylock: { grammar: 'toml', reference: 'toml' },
  pipfile: { grammar: 'toml', reference: 'toml' },
  'pipfile-lock': { grammar: 'json', reference: 'json' },
  'go-mod': { grammar: 'lines' },
  'go-sum': { grammar: 'lines' },
  'cargo-toml': { grammar: 'toml', reference: 'toml' },
  'cargo-lock': { grammar: 'toml', reference: 'toml' },
  dockerfile: { grammar: 'lines' },
  compose: { grammar: 'yaml', reference: 'yaml' },
  workflow: { grammar: 'yaml', reference: 'yaml' },
  'claude-code-mcp': { grammar: 'json', reference: 'jsonc' },
  'claude-desktop-config': { grammar: 'json', reference: 'jsonc' },
  'cursor-mcp': { grammar: 'json', reference: 'jsonc' },
  'vscode-mcp': { grammar: 'json', reference: 'jsonc' },
  'gemini-settings': { grammar: 'json', reference: 'jsonc' },
  'codex-config': { grammar: 'toml', reference: 'toml' },
  'zed-settings': { grammar: 'json', reference: 'jsonc' },
  'windsurf-mcp': { grammar: 'json', reference: 'jsonc' },
  // Its seeds are JSON and YAML files; generated documents are YAML (the JSON ones are JSONC like the other clients).
  'continue-mcp': { grammar: 'yaml', reference: 'yaml' },
  'claude-user-config': { grammar: 'json', reference: 'jsonc' },
  'mcp-json': { grammar: 'json', reference: 'jsonc' },
  mcpb: { grammar: 'zip' },
  'server-json': { grammar: 'json', reference: 'json' },
  npmrc: { grammar: 'ini' },
  'yarnrc-yml': { grammar: 'yaml', reference: 'yaml' },
  yarnrc: { grammar: 'ini' },
  bunfig: { grammar: 'toml', reference: 'toml' },
  'pip-conf': { grammar: 'ini' },
  'uv-toml': { grammar: 'toml', reference: 'toml' },
  'cargo-config': { grammar: 'toml', reference: 'toml' },
  'go-env': { grammar: 'ini' },
};
