import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FAMOUS_DOWNLOADS, NPM_DOWNLOADS, knownNames, squatMessage, typosquat, typosquatOf } from '../src/checks/typosquat.js';
import { detectTyposquat, ESTABLISHED_SHARE, normalizeName, typosquatIndex, type KnownName } from '../src/checks/typosquat/detect.js';
import { NO_FACTS } from '../src/types.js';
import { KNOWN_MALICIOUS, WELL_KNOWN_MCP } from '../src/policy/corpus.js';
import { loadPolicy } from '../src/policy/index.js';
import { NPM_POPULARITY } from '../src/policy/popularity.js';
import { Popularity, type PopularitySnapshot } from '../src/policy/popularity.js';
import type { InventoryItem } from '../src/types.js';
import type { Policy } from '../src/policy/types.js';
import { generateSquats } from './fixtures/typosquat/generate.js';
import { defaultScenario, evaluate, KNOWN_SQUATS, readNameList, snapshotRegistry, topScenario } from './fixtures/typosquat/evaluate.js';

const FIXTURES = join(__dirname, 'fixtures', 'typosquat');
const corpus: KnownName[] = WELL_KNOWN_MCP.map((c) => ({ name: c.name, ecosystem: c.ecosystem, source: 'corpus' }));
const corpusIndex = typosquatIndex(corpus);

function squat(name: string, ecosystem: 'npm' | 'pypi' = 'npm', index = corpusIndex) {
  return detectTyposquat(name, ecosystem, index);
}

/** A popularity snapshot for unit tests: every name containing "mcp" with `floor` or more downloads is listed. */
function popularity(downloads: [string, number][], floor = 500): Popularity {
  const snapshot: PopularitySnapshot = {
    ecosystem: 'npm',
    source: 'test',
    description: 'test snapshot',
    taken: 'test time',
    fileDate: '2026-01-01',
    sha256: '0'.repeat(64),
    period: 'month',
    selection: 'mcp',
    floor,
    downloads: [...downloads].sort((a, b) => b[1] - a[1]),
  };
  return new Popularity(snapshot);
}

function known(names: string[], source: KnownName['source'] = 'popular'): KnownName[] {
  return names.map((name) => ({ name, ecosystem: 'npm', source }));
}

const DEFAULT_POLICY = loadPolicy({ kind: 'default', path: '.github/mcp-policy.yml' });

describe('real squat shapes against the built-in corpus (names alone)', () => {
  test.each([
    ['playwright-mcp', 'npm', '@playwright/mcp', 'scope-confusion:unscoped-copy'],
    ['mcp-playwright', 'npm', '@playwright/mcp', 'scope-confusion:unscoped-copy+word-order'],
    ['@modelcontextprotoco1/server-filesystem', 'npm', '@modelcontextprotocol/server-filesystem', 'scope-confusion:look-alike-scope(homoglyph)'],
    ['@modelcontextprotocal/server-filesystem', 'npm', '@modelcontextprotocol/server-filesystem', 'scope-confusion:look-alike-scope(substituted-character)'],
    ['@mcp/server-filesystem', 'npm', '@modelcontextprotocol/server-filesystem', 'scope-confusion:look-alike-scope(abbreviation)'],
    ['mcp-server-filesystem', 'npm', '@modelcontextprotocol/server-filesystem', 'scope-confusion:unscoped-copy'],
    ['@playwrigth/mcp', 'npm', '@playwright/mcp', 'scope-confusion:look-alike-scope(swapped-characters)'],
    ['@playwright-js/mcp', 'npm', '@playwright/mcp', 'scope-confusion:look-alike-scope(added-scope-suffix(js))'],
    ['@node-playwright/mcp', 'npm', '@playwright/mcp', 'scope-confusion:look-alike-scope(added-scope-prefix(node))'],
    ['@playwrighthq/mcp', 'npm', '@playwright/mcp', 'scope-confusion:look-alike-scope(added-scope-suffix(hq))'],
    ['@playwright-official/mcp', 'npm', '@playwright/mcp', 'scope-confusion:look-alike-scope(added-scope-suffix(official))'],
    ['@upstash-io/context7-mcp', 'npm', '@upstash/context7-mcp', 'scope-confusion:look-alike-scope(added-scope-suffix(io))'],
    ['@supabase-server/mcp-server-supabase', 'npm', '@supabase/mcp-server-supabase', 'scope-confusion:look-alike-scope(added-scope-suffix(server))'],
    ['@stripe-dev/mcp', 'npm', '@stripe/mcp', 'scope-confusion:look-alike-scope(added-scope-suffix(dev))'],
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
    ['mcp-remote-next', 'npm', 'mcp-remote', 'added-suffix(next)'],
    ['node-mcp-remote', 'npm', 'mcp-remote', 'added-prefix(node)'],
    ['mcp-remote2', 'npm', 'mcp-remote', 'added-version'],
    ['@firecrawl/mcp', 'npm', 'firecrawl-mcp', 'scope-confusion:scoped-copy'],
    ['@firecrawl/firecrawl-mcp', 'npm', 'firecrawl-mcp', 'scope-confusion:scoped-copy'],
    ['@chrome-devtools/mcp', 'npm', 'chrome-devtools-mcp', 'scope-confusion:scoped-copy'],
    ['awslabs.aws-documentation-mcp-serverr', 'pypi', 'awslabs.aws-documentation-mcp-server', 'repeated-character'],
  ] as const)('%s (%s) imitates %s by %s', (name, ecosystem, imitates, technique) => {
    expect(squat(name, ecosystem)).toEqual({ imitates, ecosystem, technique, source: 'corpus' });
  });

  test('a look-alike scope with another name in it imitates the whole scope, naming its best-known package', () => {
    expect(squat('@playwright-js/mcp-server')).toEqual({
      imitates: '@playwright/mcp',
      ecosystem: 'npm',
      technique: 'scope-confusion:look-alike-scope(added-scope-suffix(js))',
      source: 'corpus',
      imitatesScope: 'playwright',
    });
    expect(squat('@modelcontextprotoco1/anything')).toMatchObject({ imitatesScope: 'modelcontextprotocol', technique: 'scope-confusion:look-alike-scope(homoglyph)' });
  });
});

describe('false-positive guards', () => {
  test('a known name is never flagged, after normalisation', () => {
    expect(squat('@playwright/mcp')).toBeNull();
    expect(squat('MCP-Remote')).toBeNull();
    expect(squat('MCP_Server.Fetch', 'pypi')).toBeNull();
    expect(squat('awslabs-aws-documentation-mcp-server', 'pypi')).toBeNull();
  });

  test('a package inside a known npm scope belongs to the scope owner', () => {
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

  test('short names need closer matches when nothing says how popular they are', () => {
    // `mcp` (PyPI) is three letters: every one-letter change is some other real name.
    expect(squat('mcpx', 'pypi')).toBeNull();
    expect(squat('mcq', 'pypi')).toBeNull();
    const short = typosquatIndex([{ name: 'abcd', ecosystem: 'npm', source: 'allow' }]);
    expect(squat('abce', 'npm', short)).toBeNull();
    expect(squat('ab-cd', 'npm', short)).toMatchObject({ technique: 'separator' });
  });

  test('a generic name under another scope is not a copy', () => {
    expect(squat('@acme/mcp')).toBeNull(); // @playwright/mcp, @stripe/mcp share the bare name `mcp`
    expect(squat('@acme/sdk')).toBeNull();
    expect(squat('@acme/mcp-server')).toBeNull();
  });

  test('the same name under someone\'s own scope is their visible copy (a fork), not an imitation', () => {
    expect(squat('@jdoe/context7-mcp')).toBeNull();
    expect(squat('@jdoe/firecrawl-mcp')).toBeNull();
    // ...but a scope that claims the brand, or only sounds official, imitates it.
    expect(squat('@mcp-tools/context7-mcp')).toMatchObject({ imitates: '@upstash/context7-mcp', technique: 'scope-confusion:same-name-other-scope' });
    expect(squat('@firecrawl-official/firecrawl-mcp')).toMatchObject({ imitates: 'firecrawl-mcp', technique: 'scope-confusion:scoped-copy' });
  });

  test('a scope glued to an unknown word is not a look-alike: `@chatmcp` is not `@tmcp` plus something', () => {
    const index = typosquatIndex(known(['@tmcp/transport-http'], 'allow'), popularity([['@tmcp/transport-http', 780_000]]));
    expect(detectTyposquat('@chatmcp/sdk', 'npm', index)).toBeNull();
    expect(detectTyposquat('@tmcpjs/transport-http', 'npm', index)).toMatchObject({ technique: 'scope-confusion:look-alike-scope(added-scope-suffix(js))' });
  });

  test('DefinitelyTyped republishes names by design', () => {
    expect(squat('@types/mcp-remote')).toBeNull();
  });

  test('the popular packages a corpus name is built on are not squats of it', () => {
    for (const name of ['playwright', '@playwright/test', 'express', '@anthropic-ai/sdk', 'stripe', 'chrome-launcher']) {
      expect([name, squat(name)]).toEqual([name, null]);
    }
    for (const name of ['requests', 'fastapi', 'gitpython', 'qdrant-client']) expect([name, squat(name, 'pypi')]).toEqual([name, null]);
  });

  test('no corpus name looks like a squat of another corpus name, given the shipped popularity', () => {
    // `@azure-devops/mcp` is `@azure` plus a word: the snapshot shows it is Microsoft's established scope.
    for (const entry of corpus) {
      const others = typosquatIndex(corpus.filter((c) => c !== entry), NPM_DOWNLOADS);
      expect([entry.name, detectTyposquat(entry.name, entry.ecosystem, others)]).toEqual([entry.name, null]);
    }
  });
});

describe('popularity as evidence', () => {
  const pop = popularity([
    ['@playwright/mcp', 6_300_000],
    ['playwright-mcp', 20_000],
    ['@acme/mcp', 250_000],
    ['@acme-devops/mcp', 280_000],
    ['@acme-js/acme-mcp-server', 5_000],
    ['acme-mcp-server', 160_000],
    ['@jdoe-js/other-mcp', 900],
    ['tmcp', 760_000],
    ['xmcp', 35_000],
  ]);
  const index = typosquatIndex(known(['@playwright/mcp', '@acme/mcp', 'acme-mcp-server', 'tmcp']), pop);

  test('the ratio decides, not the count: 20,000 downloads next to 6.3 million is still a squat', () => {
    expect(detectTyposquat('playwright-mcp', 'npm', index)).toMatchObject({
      imitates: '@playwright/mcp',
      technique: 'scope-confusion:unscoped-copy',
      popularity: { target: 6_300_000, candidate: 20_000, covered: true, floor: 500, taken: 'test time' },
    });
  });

  test('a look-alike with at least the established share of its target is not a squat, below it it is', () => {
    const target = 1_000_000;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 * target }), (downloads) => {
        const p = popularity([['@acme/mcp', target], ['acme-mcp', downloads]]);
        const judged = detectTyposquat('acme-mcp', 'npm', typosquatIndex(known(['@acme/mcp']), p));
        return (judged === null) === downloads >= ESTABLISHED_SHARE * target;
      }),
    );
  });

  test('a vendor\'s established scope that carries its brand is the vendor', () => {
    // @acme-devops is @acme plus a word, but has more downloads than @acme/mcp itself.
    expect(detectTyposquat('@acme-devops/new-mcp-tool', 'npm', index)).toBeNull();
    // @acme-js/... carries the brand of acme-mcp-server and has 3% of its downloads: the vendor's own.
    expect(detectTyposquat('@acme-js/acme-mcp-server', 'npm', index)).toBeNull();
    // A look-alike scope the snapshot does not know is an impersonator.
    expect(detectTyposquat('@acme-server/mcp', 'npm', index)).toMatchObject({ imitates: '@acme/mcp', technique: 'scope-confusion:look-alike-scope(added-scope-suffix(server))' });
  });

  test('a tiny scope does not vouch for its packages', () => {
    expect(detectTyposquat('@jdoe-js/acme-mcp-server', 'npm', index)).toBeNull(); // not the brand, someone's fork
    const tiny = popularity([['acme-mcp-server', 160_000], ['@acmemcp/tools-mcp', 600]]);
    expect(detectTyposquat('@acmemcp/acme-mcp-server', 'npm', typosquatIndex(known(['acme-mcp-server']), tiny))).toMatchObject({
      technique: 'scope-confusion:scoped-copy',
      popularity: { candidate: undefined, candidateScope: 600 },
    });
  });

  test('a one-letter change of a famous four-letter name is judged, and an established neighbour is spared', () => {
    expect(detectTyposquat('tmpc', 'npm', index)).toMatchObject({ imitates: 'tmcp', technique: 'swapped-characters' });
    expect(detectTyposquat('tmcpp', 'npm', index)).toMatchObject({ imitates: 'tmcp', technique: 'repeated-character' });
    expect(detectTyposquat('rmcp', 'npm', index)).toMatchObject({ imitates: 'tmcp', technique: 'keyboard-typo' });
    expect(detectTyposquat('xmcp', 'npm', index)).toBeNull(); // 35,000 a month: 4.6% of tmcp
    // Without popularity the same name is too short to judge.
    expect(detectTyposquat('tmpc', 'npm', typosquatIndex(known(['tmcp'])))).toBeNull();
  });

  test('a scope with a word added and an unrelated, non-MCP name inside is the vendor\'s other scope, not judged', () => {
    expect(detectTyposquat('@acme-rest/core-client', 'npm', index)).toBeNull();
    expect(detectTyposquat('@acme-rest/core-mcp', 'npm', index)).toMatchObject({ imitates: '@acme/mcp', imitatesScope: 'acme' });
  });

  test('for a target known only by popularity, its bare name alone counts only where the snapshot can see it', () => {
    const p = popularity([['@tmcp/session-manager', 775_000], ['@tmcp/context-mcp', 500_000]]);
    const i = typosquatIndex(known(['@tmcp/session-manager', '@tmcp/context-mcp']), p);
    expect(detectTyposquat('session-manager', 'npm', i)).toBeNull();
    expect(detectTyposquat('context-mcp', 'npm', i)).toMatchObject({ imitates: '@tmcp/context-mcp', technique: 'scope-confusion:unscoped-copy' });
    // A curated or allowed target keeps its bare name as a form: someone chose it.
    expect(detectTyposquat('session-manager', 'npm', typosquatIndex(known(['@tmcp/session-manager'], 'allow'), p))).toMatchObject({ technique: 'scope-confusion:unscoped-copy' });
  });

  test('a target the snapshot does not list (a private allow entry) is trusted without numbers', () => {
    const i = typosquatIndex(known(['acme-internal-mcp'], 'allow'), pop);
    expect(detectTyposquat('acme-internal-mcpp', 'npm', i)).toMatchObject({ imitates: 'acme-internal-mcp', popularity: { target: undefined } });
  });
});

describe('choosing among several matches', () => {
  const names: KnownName[] = [
    { name: 'widget-mcp-alpha', ecosystem: 'npm', source: 'corpus' },
    { name: 'widget-mcp-alphb', ecosystem: 'npm', source: 'allow' },
    { name: 'widget-mcp-alpha-js', ecosystem: 'npm', source: 'corpus' },
  ];

  test('the allow list wins a tie, whatever the order of the known names', () => {
    const expected = { imitates: 'widget-mcp-alphb', ecosystem: 'npm', technique: 'keyboard-typo', source: 'allow' };
    expect(detectTyposquat('widget-mcp-alphv', 'npm', typosquatIndex(names))).toEqual(expected);
    expect(detectTyposquat('widget-mcp-alphv', 'npm', typosquatIndex([...names].reverse()))).toEqual(expected);
  });

  test('a closer technique beats a looser one', () => {
    // `widget-mcp-alpha-jq` is one edit from `widget-mcp-alpha-js`, and an added word from `widget-mcp-alpha`.
    expect(detectTyposquat('widget-mcp-alpha-jq', 'npm', typosquatIndex(names))).toMatchObject({ imitates: 'widget-mcp-alpha-js' });
  });

  test('an allow-list entry is compared like a corpus name', () => {
    const allow = typosquatIndex([...corpus, { name: 'acme-mcp-gateway', ecosystem: 'npm', source: 'allow' }]);
    expect(squat('acme-mcp-gatway', 'npm', allow)).toEqual({
      imitates: 'acme-mcp-gateway',
      ecosystem: 'npm',
      technique: 'omitted-character',
      source: 'allow',
    });
  });
});

describe('the index finds what a comparison with every known name would find', () => {
  // Any one slip on any known name is found through the index, whatever the name: the index only
  // narrows the comparison, it must never hide a match.
  const word = fc.stringMatching(/^[a-z][a-z0-9]{3,9}$/);
  const name = fc.tuple(word, word, fc.constantFrom('-', '_', '.')).map(([a, b, sep]) => `${a}${sep}${b}`);
  const slip = fc.tuple(fc.nat(), fc.constantFrom('omit', 'repeat', 'swap', 'substitute')).map(([at, kind]) => ({ at, kind }));

  test('one slip on a known name is flagged as imitating it', () => {
    fc.assert(
      fc.property(name, fc.array(name, { maxLength: 30 }), slip, (target, others, { at, kind }) => {
        const letters = [...target].map((ch, i) => [ch, i] as const).filter(([ch]) => /[a-z0-9]/.test(ch));
        const i = letters[at % letters.length][1];
        const ch = target[i];
        const variant =
          kind === 'omit' ? target.slice(0, i) + target.slice(i + 1)
          : kind === 'repeat' ? target.slice(0, i) + ch + target.slice(i)
          : kind === 'swap' ? target.slice(0, i) + (target[i + 1] ?? '') + ch + target.slice(i + 2)
          : target.slice(0, i) + (ch === 'q' ? 'z' : 'q') + target.slice(i + 1);
        fc.pre(variant !== target && !others.includes(variant) && !others.includes(target));
        const index = typosquatIndex(known([...others, target], 'allow'));
        const match = detectTyposquat(variant, 'npm', index);
        // Another known name may be closer to the variant; the target itself must still be found when alone.
        const alone = detectTyposquat(variant, 'npm', typosquatIndex(known([target], 'allow')));
        return alone?.imitates === target && match !== null;
      }),
      { numRuns: 300 },
    );
  });
});

describe('the typosquat check', () => {
  function item(name: string, version = '1.0.0'): InventoryItem {
    const dep = { ecosystem: 'npm' as const, name, version, file: 'package.json', line: 7, kind: 'manifest' as const };
    return { change: { type: 'added', after: dep }, dep, mcp: [] } as unknown as InventoryItem;
  }
  const run = (name: string, policy: Policy = DEFAULT_POLICY, facts = NO_FACTS) => typosquat.run!(item(name), { policy, facts, now: new Date('2026-12-02T00:00:00Z') });

  test('the message names the package, the change, both popularities and what to do', () => {
    const [finding] = run('@playwright-js/mcp');
    expect(finding).toMatchObject({ rule: 'typosquat', file: 'package.json', line: 7, name: '@playwright-js/mcp' });
    expect(finding.message).toContain('typosquat of @playwright/mcp, a well-known MCP package');
    expect(finding.message).toContain('"js" added after it');
    expect(finding.message).toContain(`@playwright/mcp ${NPM_DOWNLOADS.downloads('@playwright/mcp')!.toLocaleString('en-US')}`);
    expect(finding.message).toContain(`@playwright-js/mcp fewer than ${NPM_DOWNLOADS.snapshot.floor}`);
    expect(finding.message).toContain('If you meant @playwright/mcp, depend on that instead');
    expect(finding.message).toContain('allow it by its exact name');
  });

  test('the seed case keeps failing: playwright-mcp, with its own downloads quoted', () => {
    const [finding] = run('playwright-mcp');
    expect(finding.message).toContain(`playwright-mcp ${NPM_DOWNLOADS.downloads('playwright-mcp')!.toLocaleString('en-US')}`);
    expect(finding.message).toMatch(/0\.3\d?% of it, short of the 1%/);
  });

  test('a look-alike of a known-malicious package is flagged, without advice to use the original', () => {
    expect(KNOWN_MALICIOUS.map((m) => m.name)).toContain('postmark-mcp');
    for (const name of ['postmark-mcpp', 'postmark_mcp', 'postmarkmcp', '@postmark/mcp', 'postmark-mcp-server']) {
      const [finding] = run(name);
      expect([name, finding?.message]).toEqual([name, expect.stringContaining('typosquat of postmark-mcp, a denied (known-malicious) package')]);
      expect(finding.message).not.toContain('depend on that instead');
    }
  });

  test('an allowed name is never a squat, even one that looks like another', () => {
    const policy = loadPolicy({ kind: 'file', path: 'p.yml', text: 'version: 1\nallow:\n  - name: playwright-mcp\n' });
    expect(run('playwright-mcp', policy)).toEqual([]);
    expect(typosquatOf('playwright-mcp', 'npm', policy)).toBeNull();
  });

  test('online, the registry\'s publisher and date are part of the evidence', () => {
    const facts = { npm: new Map([['playwright-mcp', { name: 'playwright-mcp', exists: true, versions: { '1.0.0': { version: '1.0.0', exists: true, publishedAt: '2026-11-30T10:00:00.000Z', publisher: 'someone', listsProvenance: false } } }]]), log: [] };
    const [finding] = run('playwright-mcp', DEFAULT_POLICY, facts);
    expect(finding.message).toContain('Registry: playwright-mcp@1.0.0 was published on 2026-11-30 by someone.');
  });

  test('squatMessage says when the judged name is outside the snapshot\'s coverage', () => {
    const match = typosquatOf('tmpc', 'npm', DEFAULT_POLICY)!;
    expect(squatMessage('tmpc', match)).toContain('tmpc unknown (the snapshot lists only MCP-named packages)');
  });
});

describe('odd input does not throw', () => {
  test.each(['', ' ', '@', '@scope', '@/x', '@scope/', 'a/b', 'ünïcødé-mcp', '-'.repeat(300), 'x'.repeat(500), '@a-b-c-d-e-f/x-y-z'])('%j', (name) => {
    expect(() => squat(name)).not.toThrow();
    expect(() => squat(name, 'pypi')).not.toThrow();
    expect(() => typosquatOf(name, 'npm', DEFAULT_POLICY)).not.toThrow();
  });

  test('other ecosystems compare by plain name', () => {
    const index = typosquatIndex([{ name: 'github.com/acme/mcp-gateway', ecosystem: 'go', source: 'allow' }]);
    expect(detectTyposquat('github.com/acme/mcp-gatewayy', 'go', index)).toMatchObject({ technique: 'repeated-character' });
    expect(detectTyposquat('github.com/acme/mcp-gatewayy', 'npm', index)).toBeNull();
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

describe('the built-in corpora', () => {
  test('the curated corpus holds at least 40 real names across npm and PyPI, without duplicates', () => {
    expect(WELL_KNOWN_MCP.length).toBeGreaterThanOrEqual(40);
    expect(new Set(WELL_KNOWN_MCP.map((e) => e.ecosystem))).toEqual(new Set(['npm', 'pypi']));
    const keys = WELL_KNOWN_MCP.map((e) => `${e.ecosystem}:${normalizeName(e.name, e.ecosystem)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('every curated name is a valid name for its registry', () => {
    const npm = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
    const pypi = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/i; // PEP 508 name
    for (const e of WELL_KNOWN_MCP) expect([e.name, (e.ecosystem === 'npm' ? npm : pypi).test(e.name)]).toEqual([e.name, true]);
  });

  test('the malicious postmark-mcp is denied and trusted nowhere', () => {
    expect(KNOWN_MALICIOUS).toContainEqual(expect.objectContaining({ name: 'postmark-mcp', ecosystem: 'npm', versions: '*' }));
    expect(WELL_KNOWN_MCP.map((e) => e.name)).not.toContain('postmark-mcp');
    expect(knownNames(DEFAULT_POLICY)).toContainEqual({ name: 'postmark-mcp', ecosystem: 'npm', source: 'deny' });
  });

  test('the popularity snapshot says where and when it was taken, and is what its header claims', () => {
    const s = NPM_POPULARITY;
    expect(s).toMatchObject({ ecosystem: 'npm', period: 'month', source: expect.stringMatching(/npm-mcp-downloads\.tsv$/), taken: expect.any(String) });
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(s.downloads.length).toBeGreaterThan(500);
    const counts = s.downloads.map(([, n]) => n);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(s.floor).toBe(counts.at(-1));
    const selection = new RegExp(s.selection, 'i');
    expect(s.downloads.filter(([name]) => !selection.test(name))).toEqual([]);
    expect(new Set(s.downloads.map(([name]) => name)).size).toBe(s.downloads.length);
  });

  test('famous names are those whose look-alikes the snapshot can judge: floor / established share', () => {
    expect(FAMOUS_DOWNLOADS).toBe(Math.ceil(NPM_POPULARITY.floor / ESTABLISHED_SHARE));
    const famous = knownNames(DEFAULT_POLICY).filter((k) => k.source === 'popular').map((k) => k.name);
    expect(famous).toContain('@orval/mcp'); // not curated, but famous: its squats are caught too
    expect(famous.every((n) => NPM_DOWNLOADS.downloads(n)! >= FAMOUS_DOWNLOADS)).toBe(true);
    expect(typosquatOf('@orva1/mcp', 'npm', DEFAULT_POLICY)).toMatchObject({ imitates: '@orval/mcp', source: 'popular' });
  });
});

describe('measurement on real npm names (the issue\'s shape)', () => {
  const wellKnownNpm = WELL_KNOWN_MCP.filter((e) => e.ecosystem === 'npm').map((e) => e.name);
  const registry = snapshotRegistry(NPM_POPULARITY, wellKnownNpm);
  const top = topScenario(NPM_POPULARITY, 25);
  const topPolicy = loadPolicy({ kind: 'file', path: 'eval.yml', text: `version: 1\nallow:\n${top.targets.map((n) => `  - name: "${n}"\n`).join('')}` });
  const results = [
    evaluate(top, (name) => typosquatOf(name, 'npm', topPolicy), registry),
    evaluate(defaultScenario(NPM_POPULARITY, wellKnownNpm), (name) => typosquatOf(name, 'npm', DEFAULT_POLICY), registry),
  ];

  test.each(results.map((r) => [r.label, r] as const))('%s: at least 95%% of generated squats caught, at most 1%% of real packages flagged', (_label, r) => {
    expect(r.squats).toBeGreaterThan(1000);
    expect(r.real).toBeGreaterThan(900);
    expect(r.recall).toBeGreaterThanOrEqual(0.95);
    expect(r.falsePositiveRate).toBeLessThanOrEqual(0.01);
    expect(r.attribution).toBeGreaterThanOrEqual(0.95);
    expect(r.knownSquats.every((k) => k.flagged)).toBe(true);
  });

  test('the top-25 policy allows exactly the 25 most-downloaded names, and they are not counted as real', () => {
    expect(top.targets).toEqual(NPM_POPULARITY.downloads.slice(0, 25).map(([n]) => n));
    expect(top.real.some((n) => top.targets.includes(n))).toBe(false);
    expect(top.real).not.toContain('playwright-mcp');
    expect(KNOWN_SQUATS.map((k) => k.name)).toEqual(['playwright-mcp']);
  });

  test('the generated squats cover scope look-alikes and short-name edits, exist nowhere in the snapshot, and are deterministic', () => {
    const squats = generateSquats(top.targets, registry);
    expect(generateSquats(top.targets, registry)).toEqual(squats);
    const families = new Set(squats.map((s) => s.family));
    for (const f of ['omitted', 'repeated', 'swapped', 'keyboard', 'homoglyph', 'bitflip', 'delimiter', 'word-order', 'combosquat', 'version', 'scope-dropped', 'scope-affix', 'scope-omitted', 'scope-homoglyph', 'look-alike-scope+other-name', 'other-scope', 'scope-added']) {
      expect([f, families.has(f)]).toEqual([f, true]);
    }
    expect(squats.filter((s) => registry.exists(s.name))).toEqual([]);
    // Short-name edits: one-letter changes of the four-letter `tmcp`.
    expect(squats.filter((s) => s.target === 'tmcp' && s.name.length <= 5).length).toBeGreaterThanOrEqual(10);
    expect(squats.filter((s) => s.target === '@playwright/mcp' && s.family === 'scope-affix').length).toBeGreaterThan(0);
  });

  test('the generator shares no code with the detector', () => {
    const source = readFileSync(join(FIXTURES, 'generate.ts'), 'utf8');
    expect(source.match(/^import .*$/gm)).toEqual(["import { createHash } from 'node:crypto';", "import validate from 'validate-npm-package-name';"]);
  });

  test('real legitimate names outside the snapshot (PyPI, non-MCP npm) are not flagged', () => {
    const legit = readNameList(join(FIXTURES, 'legit.txt'));
    expect(legit.length).toBeGreaterThanOrEqual(150);
    expect(legit.filter((l) => typosquatOf(l.name, l.ecosystem, DEFAULT_POLICY))).toEqual([]);
  });

  test('a malformed list line is reported with its file and line', () => {
    const bad = join(FIXTURES, 'malformed-list.txt');
    expect(() => readNameList(bad)).toThrow(`${bad}:3: expected "<npm|pypi> <name>"`);
  });
});
