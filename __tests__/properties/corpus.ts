// The seed corpus of the property tests: for every format in FORMATS, valid files of that format. Most
// come from the committed fixtures (found by asking formatFor which format reads each fixture path, so
// a new fixture joins the corpus by itself); formats without a fixture get a small file written here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Format } from '../../src/formats/format.js';
import { formatFor, FORMATS } from '../../src/formats/index.js';
import { FIXTURES, fixtureFiles } from '../formats/helpers.js';

/** One input of a format: its repository path, its text (or bytes for a binary format) and any companion files it asks for. */
export interface Seed {
  path: string;
  text: string;
  bytes?: Uint8Array;
  companions?: Record<string, string | undefined>;
}

/** Valid files of formats that have no committed fixture (or need one more shape), by format id. */
const INLINE: Record<string, Seed[]> = {
  'claude-user-config': [
    {
      path: '.claude.json',
      text: `{
  "numStartups": 12,
  "mcpServers": {
    "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"], "env": { "GITHUB_TOKEN": "\${GITHUB_TOKEN}" } },
    "remote": { "type": "http", "url": "https://mcp.example.com/mcp" }
  },
  "projects": {
    "/home/me/app": {
      "allowedTools": [],
      "mcpServers": { "fetch": { "command": "uvx", "args": ["mcp-server-fetch==2025.1.17"] } }
    }
  }
}
`,
    },
  ],
  // Bun's binary lockfile is always refused; any bytes will do as a seed.
  'bun-lockb': [{ path: 'bun.lockb', text: '', bytes: new Uint8Array([0x23, 0x21, 0x2f, 0x75, 0x73, 0x72, 0x2f, 0x62, 0x69, 0x6e, 0x2f, 0x62, 0x75, 0x6e, 0x0a, 0x00, 0x01]) }],
  // Requirements with the shapes pip's line rules act on: continuations, comments, options.
  requirements: [
    {
      path: 'requirements.txt',
      text: '# tools\nrequests==2.32.3 \\\n    --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6\nmcp>=1.2  # the SDK\n-i https://pypi.org/simple\nfastmcp ; python_version >= "3.10"\n',
    },
  ],
  'go-env': [{ path: 'go.env', text: 'GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\n# private modules\nGOPRIVATE=github.com/acme/*\n' }],
};

function seedOf(format: Format, rel: string): Seed {
  const full = path.join(FIXTURES, rel);
  const bytes = format.parseBytes ? new Uint8Array(readFileSync(full)) : undefined;
  const seed: Seed = { path: rel, text: bytes ? '' : readFileSync(full, 'utf8') };
  if (bytes) seed.bytes = bytes;
  const wanted = format.companions?.(rel) ?? [];
  if (wanted.length > 0) {
    seed.companions = {};
    for (const c of wanted) {
      try {
        seed.companions[c] = readFileSync(path.join(FIXTURES, c), 'utf8');
      } catch {
        seed.companions[c] = undefined;
      }
    }
  }
  return seed;
}

/** Seeds by format id, for every format in FORMATS (a format without one is an empty list: a test says so). */
export function corpus(): Map<string, Seed[]> {
  const out = new Map<string, Seed[]>(FORMATS.map((f) => [f.id, []]));
  for (const rel of fixtureFiles()) {
    const format = formatFor(rel);
    if (format === undefined) continue;
    out.get(format.id)!.push(seedOf(format, rel));
  }
  for (const [id, seeds] of Object.entries(INLINE)) {
    const list = out.get(id);
    if (list === undefined) throw new Error(`test setup: inline seeds for ${id}, which is not in FORMATS`);
    list.push(...seeds);
  }
  return out;
}
