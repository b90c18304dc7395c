import { join } from 'node:path';
import { detectTyposquat, normalizeName, type KnownName } from '../src/checks/typosquat-detect.js';
import { KNOWN_MALICIOUS, WELL_KNOWN_MCP } from '../src/policy/corpus.js';
import { corpusAsKnown, evaluate, generateSquats, readNameList } from './fixtures/typosquat/evaluate.js';

const FIXTURES = join(__dirname, 'fixtures', 'typosquat');
const corpus = corpusAsKnown(WELL_KNOWN_MCP);

function squat(name: string, ecosystem: 'npm' | 'pypi' = 'npm', known: readonly KnownName[] = corpus) {
  return detectTyposquat(name, ecosystem, known);
}

describe('real squat shapes against the built-in corpus', () => {
  test.each([
    ['playwright-mcp', 'npm', '@playwright/mcp', 'scope-confusion:unscoped-copy'],
    ['mcp-playwright', 'npm', '@playwright/mcp', 'scope-confusion:unscoped-copy+word-order'],
    ['@modelcontextprotoco1/server-filesystem', 'npm', '@modelcontextprotocol/server-filesystem', 'scope-confusion:look-alike-scope(homoglyph)'],
    ['@modelcontextprotocal/server-filesystem', 'npm', '@modelcontextprotocol/server-filesystem', 'scope-confusion:look-alike-scope(substituted-character)'],
    ['mcp-server-filesystem', 'npm', '@modelcontextprotocol/server-filesystem', 'scope-confusion:unscoped-copy'],
    ['mcp-server-fetchh', 'pypi', 'mcp-server-fetch', 'repeated-character'],
    ['mcp_server_fetchh', 'pypi', 'mcp-server-fetch', 'repeated-character'],
    ['upstash-context7-mcp', 'npm', '@upstash/context7-mcp', 'scope-confusion:unscoped-copy'],
    ['context7-mcp', 'npm', '@upstash/context7-mcp', 'scope-confusion:unscoped-copy'],
    ['@upstach/context7-mcp', 'npm', '@upstash/context7-mcp', 'scope-confusion:look-alike-scope(bitflip)'],
    ['@upstahs/context7-mcp', 'npm', '@upstash/context7-mcp', 'scope-confusion:look-alike-scope(swapped-characters)'],
    ['@upstssh/context7-mcp', 'npm', '@upstash/context7-mcp', 'scope-confusion:look-alike-scope(keyboard-typo)'],
    ['@context7/context7-mcp', 'npm', '@upstash/context7-mcp', 'scope-confusion:same-name-other-scope'],
    ['mcp-remotee', 'npm', 'mcp-remote', 'repeated-character'],
    ['chrome-devtool-mcp', 'npm', 'chrome-devtools-mcp', 'omitted-character'],
    ['chrome_devtools_mcp', 'npm', 'chrome-devtools-mcp', 'separator'],
    ['chromedevtools-mcp', 'npm', 'chrome-devtools-mcp', 'separator'],
    ['chrome_devtool_mcp', 'npm', 'chrome-devtools-mcp', 'omitted-character+separator'],
    ['mcpremote', 'npm', 'mcp-remote', 'separator'],
    ['mcp.remote', 'npm', 'mcp-remote', 'separator'],
    ['firecrwal-mcp', 'npm', 'firecrawl-mcp', 'swapped-characters'],
    ['firecrawl-mxp', 'npm', 'firecrawl-mcp', 'keyboard-typo'],
    ['mcp-rgmote', 'npm', 'mcp-remote', 'bitflip'],
    ['mcp-rernote', 'npm', 'mcp-remote', 'homoglyph'],
    ['fastrncp', 'pypi', 'fastmcp', 'homoglyph'],
    ['1angchain-mcp-adapters', 'pypi', 'langchain-mcp-adapters', 'homoglyph'],
    ['fetch-mcp-server', 'pypi', 'mcp-server-fetch', 'word-order'],
    ['mcp-remote-js', 'npm', 'mcp-remote', 'added-suffix(js)'],
    ['mcp-remote-official', 'npm', 'mcp-remote', 'added-suffix(official)'],
    ['node-mcp-remote', 'npm', 'mcp-remote', 'added-prefix(node)'],
    ['mcp-remote2', 'npm', 'mcp-remote', 'added-version'],
    ['@firecrawl/mcp', 'npm', 'firecrawl-mcp', 'scope-confusion:scoped-copy'],
    ['@chrome-devtools/mcp', 'npm', 'chrome-devtools-mcp', 'scope-confusion:scoped-copy'],
    ['awslabs.aws-documentation-mcp-serverr', 'pypi', 'awslabs.aws-documentation-mcp-server', 'repeated-character'],
  ] as const)('%s (%s) imitates %s by %s', (name, ecosystem, imitates, technique) => {
    expect(squat(name, ecosystem)).toEqual({ imitates, ecosystem, technique, source: 'corpus' });
  });
});

describe('false-positive guards', () => {
  test('a known name is never flagged, after normalisation', () => {
    expect(squat('@playwright/mcp')).toBeNull();
    expect(squat('MCP-Remote')).toBeNull();
    expect(squat('MCP_Server.Fetch', 'pypi')).toBeNull();
    expect(squat('awslabs-aws-documentation-mcp-server', 'pypi')).toBeNull();
  });

  test('a sibling inside the same npm scope belongs to the scope owner', () => {
    expect(squat('@modelcontextprotocol/server-git')).toBeNull();
    expect(squat('@modelcontextprotocol/server-filesystems')).toBeNull();
    // Only Upstash can publish under @upstash, so a separator variant there is theirs too.
    expect(squat('@upstash/context-7-mcp')).toBeNull();
  });

  test('on PyPI, separators are the same name, not a squat', () => {
    expect(squat('mcp_server_git', 'pypi')).toBeNull();
    expect(squat('mcp.server.time', 'pypi')).toBeNull();
  });

  test('names only compare within one ecosystem', () => {
    expect(squat('mcp-remotee', 'pypi')).toBeNull();
    expect(squat('mcp-server-fetchh', 'npm')).toBeNull();
  });

  test('short names need closer matches', () => {
    // `mcp` (PyPI) is three letters: every one-letter change is some other real name.
    expect(squat('mcpx', 'pypi')).toBeNull();
    expect(squat('mcq', 'pypi')).toBeNull();
    const short: KnownName[] = [{ name: 'abcd', ecosystem: 'npm', source: 'allow' }];
    expect(squat('abce', 'npm', short)).toBeNull();
    expect(squat('ab-cd', 'npm', short)).toMatchObject({ technique: 'separator' });
  });

  test('a generic name under another scope is not a copy', () => {
    expect(squat('@acme/mcp')).toBeNull(); // @playwright/mcp, @stripe/mcp share the bare name `mcp`
    expect(squat('@acme/sdk')).toBeNull();
    expect(squat('@acme/mcp-server')).toBeNull();
  });

  test('DefinitelyTyped republishes names by design', () => {
    expect(squat('@types/mcp-remote')).toBeNull();
  });

  test('the popular packages a corpus name is built on are not squats of it', () => {
    for (const name of ['playwright', '@playwright/test', 'express', '@anthropic-ai/sdk', 'stripe', 'chrome-launcher']) {
      expect(squat(name)).toBeNull();
    }
    for (const name of ['requests', 'fastapi', 'gitpython', 'qdrant-client']) expect(squat(name, 'pypi')).toBeNull();
  });

  test('no corpus name looks like a squat of another corpus name', () => {
    for (const entry of corpus) {
      const others = corpus.filter((c) => c !== entry);
      expect([entry.name, detectTyposquat(entry.name, entry.ecosystem, others)]).toEqual([entry.name, null]);
    }
  });
});

describe('choosing among several matches', () => {
  const known: KnownName[] = [
    { name: 'widget-mcp-alpha', ecosystem: 'npm', source: 'corpus' },
    { name: 'widget-mcp-alphb', ecosystem: 'npm', source: 'allow' },
    { name: 'widget-mcp-alpha-js', ecosystem: 'npm', source: 'corpus' },
  ];

  test('the allow list wins a tie, whatever the order of the known names', () => {
    const expected = { imitates: 'widget-mcp-alphb', ecosystem: 'npm', technique: 'keyboard-typo', source: 'allow' };
    expect(detectTyposquat('widget-mcp-alphv', 'npm', known)).toEqual(expected);
    expect(detectTyposquat('widget-mcp-alphv', 'npm', [...known].reverse())).toEqual(expected);
  });

  test('a closer technique beats a looser one', () => {
    // `widget-mcp-alpha-jq` is one edit from `widget-mcp-alpha-js`, and an added word from `widget-mcp-alpha`.
    expect(detectTyposquat('widget-mcp-alpha-jq', 'npm', known)).toMatchObject({ imitates: 'widget-mcp-alpha-js' });
  });

  test('an allow-list entry is compared like a corpus name', () => {
    const allow: KnownName[] = [...corpus, { name: 'acme-mcp-gateway', ecosystem: 'npm', source: 'allow' }];
    expect(squat('acme-mcp-gatway', 'npm', allow)).toEqual({
      imitates: 'acme-mcp-gateway',
      ecosystem: 'npm',
      technique: 'omitted-character',
      source: 'allow',
    });
  });
});

describe('odd input does not throw', () => {
  test.each(['', ' ', '@', '@scope', '@/x', '@scope/', 'a/b', 'ünïcødé-mcp', '-'.repeat(300), 'x'.repeat(500)])('%j', (name) => {
    expect(() => squat(name)).not.toThrow();
    expect(() => squat(name, 'pypi')).not.toThrow();
  });

  test('other ecosystems compare by plain name', () => {
    const known: KnownName[] = [{ name: 'github.com/acme/mcp-gateway', ecosystem: 'go', source: 'allow' }];
    expect(detectTyposquat('github.com/acme/mcp-gatewayy', 'go', known)).toMatchObject({ technique: 'repeated-character' });
    expect(detectTyposquat('github.com/acme/mcp-gatewayy', 'npm', known)).toBeNull();
  });
});

describe('normalizeName', () => {
  test('PyPI names follow PEP 503', () => {
    expect(normalizeName('Foo.Bar__baz', 'pypi')).toBe('foo-bar-baz');
    expect(normalizeName('awslabs.aws-api-mcp-server', 'pypi')).toBe('awslabs-aws-api-mcp-server');
  });
  test('npm names are lowercased and keep their separators', () => {
    expect(normalizeName(' @Scope/Some_Name.js ', 'npm')).toBe('@scope/some_name.js');
  });
});

describe('the built-in corpus', () => {
  test('holds at least 40 real names across npm and PyPI, without duplicates', () => {
    expect(WELL_KNOWN_MCP.length).toBeGreaterThanOrEqual(40);
    expect(new Set(WELL_KNOWN_MCP.map((e) => e.ecosystem))).toEqual(new Set(['npm', 'pypi']));
    const keys = WELL_KNOWN_MCP.map((e) => `${e.ecosystem}:${normalizeName(e.name, e.ecosystem)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('every name is a valid name for its registry', () => {
    const npm = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
    const pypi = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/i; // PEP 508 name
    for (const e of WELL_KNOWN_MCP) expect([e.name, (e.ecosystem === 'npm' ? npm : pypi).test(e.name)]).toEqual([e.name, true]);
  });

  test('the malicious postmark-mcp is denied and trusted nowhere', () => {
    expect(KNOWN_MALICIOUS).toContainEqual(expect.objectContaining({ name: 'postmark-mcp', ecosystem: 'npm', versions: '*' }));
    const names = WELL_KNOWN_MCP.map((e) => e.name);
    expect(names).not.toContain('postmark-mcp');
  });
});

describe('measurement', () => {
  const legit = readNameList(join(FIXTURES, 'legit.txt'));
  const result = evaluate(WELL_KNOWN_MCP, legit);

  test('the legit list has at least 150 real names, none of them in the corpus', () => {
    expect(legit.length).toBeGreaterThanOrEqual(150);
    const inCorpus = new Set(WELL_KNOWN_MCP.map((e) => `${e.ecosystem}:${normalizeName(e.name, e.ecosystem)}`));
    expect(legit.filter((l) => inCorpus.has(`${l.ecosystem}:${normalizeName(l.name, l.ecosystem)}`))).toEqual([]);
  });

  test('the generator makes a few hundred squats, covering every technique, deterministically', () => {
    const squats = generateSquats(WELL_KNOWN_MCP, legit);
    expect(squats.length).toBeGreaterThanOrEqual(300);
    expect(generateSquats(WELL_KNOWN_MCP, legit)).toEqual(squats);
    const techniques = new Set(squats.map((s) => s.technique));
    for (const t of ['omitted', 'repeated', 'swapped', 'keyboard', 'homoglyph', 'separator', 'word-order', 'affix', 'scope-confusion', 'scope-homoglyph']) {
      expect([t, techniques.has(t)]).toEqual([t, true]);
    }
  });

  test('precision >= 0.97 on real legitimate names', () => {
    expect(result.precision).toBeGreaterThanOrEqual(0.97);
  });

  test('recall >= 0.9 on generated squats, naming the right package', () => {
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
    expect(result.attribution).toBeGreaterThanOrEqual(0.95);
  });

  test('a malformed list line is reported with its file and line', () => {
    const bad = join(FIXTURES, 'malformed-list.txt');
    expect(() => readNameList(bad)).toThrow(`${bad}:3: expected "<npm|pypi> <name>"`);
  });
});
