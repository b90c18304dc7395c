// The built-in corpus of well-known, legitimate MCP packages: the names a typosquat would imitate.
// Every name here was checked to exist on its registry (npm / PyPI) and to be published by the
// project or vendor it belongs to. A name we could not confirm stays out: a wrong entry here would
// teach the gate to trust a squat.

export type CorpusEcosystem = 'npm' | 'pypi';

/** The ecosystems the gate reads that official MCP packages are published in. */
export type OfficialEcosystem = 'npm' | 'pypi' | 'go' | 'cargo' | 'oci';

export interface CorpusEntry {
  name: string;
  ecosystem: CorpusEcosystem;
  note?: string;
  /** Where the name was confirmed (see the sources note above OFFICIAL_MCP). */
  source?: string;
}

export interface KnownMalicious {
  name: string;
  ecosystem: CorpusEcosystem;
  /** Semver range of the versions to deny ('*' when every version is the attacker's). */
  versions: string;
  reason: string;
}

const MCP_REFERENCE = 'MCP reference server (modelcontextprotocol/servers)';
const MCP_ARCHIVED = 'MCP reference server, archived (modelcontextprotocol/servers-archived)';
/** modelcontextprotocol/servers at the commits the reference and archived servers were read from. */
const SERVERS = 'modelcontextprotocol/servers@76d64c82';
const ARCHIVED_SERVERS = 'modelcontextprotocol/servers@d53d6cc7^';
const AWS_LABS = 'AWS Labs MCP server (awslabs/mcp); PyPI name, PEP 503 form awslabs-*';

export const WELL_KNOWN_MCP: readonly CorpusEntry[] = [
  // npm: the protocol's own scope
  { name: '@modelcontextprotocol/sdk', ecosystem: 'npm', note: 'MCP TypeScript SDK', source: 'npm view: repository github.com/modelcontextprotocol/typescript-sdk' },
  { name: '@modelcontextprotocol/inspector', ecosystem: 'npm', note: 'MCP Inspector', source: 'npm view: repository github.com/modelcontextprotocol/inspector; modelcontextprotocol/inspector@86d5f58e:package.json' },
  { name: '@modelcontextprotocol/create-server', ecosystem: 'npm', note: 'MCP server scaffolding CLI', source: 'npm view ("CLI tool to create new MCP servers")' },
  { name: '@modelcontextprotocol/ext-apps', ecosystem: 'npm', note: 'MCP Apps SDK', source: 'npm view: repository github.com/modelcontextprotocol/ext-apps' },
  { name: '@modelcontextprotocol/server-filesystem', ecosystem: 'npm', note: MCP_REFERENCE, source: `${SERVERS}:src/filesystem/package.json` },
  { name: '@modelcontextprotocol/server-memory', ecosystem: 'npm', note: MCP_REFERENCE, source: `${SERVERS}:src/memory/package.json` },
  { name: '@modelcontextprotocol/server-everything', ecosystem: 'npm', note: MCP_REFERENCE, source: `${SERVERS}:src/everything/package.json` },
  { name: '@modelcontextprotocol/server-sequential-thinking', ecosystem: 'npm', note: MCP_REFERENCE, source: `${SERVERS}:src/sequentialthinking/package.json` },
  { name: '@modelcontextprotocol/server-github', ecosystem: 'npm', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/github/package.json` },
  { name: '@modelcontextprotocol/server-gitlab', ecosystem: 'npm', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/gitlab/package.json` },
  { name: '@modelcontextprotocol/server-postgres', ecosystem: 'npm', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/postgres/package.json` },
  { name: '@modelcontextprotocol/server-slack', ecosystem: 'npm', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/slack/package.json` },
  { name: '@modelcontextprotocol/server-brave-search', ecosystem: 'npm', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/brave-search/package.json` },
  { name: '@modelcontextprotocol/server-puppeteer', ecosystem: 'npm', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/puppeteer/package.json` },
  { name: '@modelcontextprotocol/server-google-maps', ecosystem: 'npm', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/google-maps/package.json` },
  { name: '@modelcontextprotocol/server-gdrive', ecosystem: 'npm', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/gdrive/package.json` },
  { name: '@modelcontextprotocol/server-redis', ecosystem: 'npm', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/redis/package.json` },
  { name: '@modelcontextprotocol/server-aws-kb-retrieval', ecosystem: 'npm', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/aws-kb-retrieval-server/package.json` },
  { name: '@modelcontextprotocol/server-everart', ecosystem: 'npm', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/everart/package.json` },
  // npm: vendors' official servers and widely used tools
  { name: '@playwright/mcp', ecosystem: 'npm', note: 'Microsoft Playwright MCP server' },
  { name: '@upstash/context7-mcp', ecosystem: 'npm', note: 'Upstash Context7' },
  { name: 'mcp-remote', ecosystem: 'npm', note: 'stdio-to-remote MCP proxy (geelen/mcp-remote)' },
  { name: 'chrome-devtools-mcp', ecosystem: 'npm', note: 'Google Chrome DevTools MCP server' },
  { name: '@notionhq/notion-mcp-server', ecosystem: 'npm', note: 'Notion official' },
  { name: '@browserbasehq/mcp-server-browserbase', ecosystem: 'npm', note: 'Browserbase official' },
  { name: '@supabase/mcp-server-supabase', ecosystem: 'npm', note: 'Supabase official' },
  { name: 'firecrawl-mcp', ecosystem: 'npm', note: 'Firecrawl official' },
  { name: '@sentry/mcp-server', ecosystem: 'npm', note: 'Sentry official' },
  { name: '@stripe/mcp', ecosystem: 'npm', note: 'Stripe official' },
  { name: '@azure/mcp', ecosystem: 'npm', note: 'Microsoft Azure MCP server' },
  { name: '@azure-devops/mcp', ecosystem: 'npm', note: 'Microsoft Azure DevOps MCP server' },
  { name: 'mongodb-mcp-server', ecosystem: 'npm', note: 'MongoDB official' },
  { name: 'tavily-mcp', ecosystem: 'npm', note: 'Tavily official' },
  { name: 'figma-developer-mcp', ecosystem: 'npm', note: 'Framelink Figma MCP server' },
  { name: '@circleci/mcp-server-circleci', ecosystem: 'npm', note: 'CircleCI official' },
  { name: '@hubspot/mcp-server', ecosystem: 'npm', note: 'HubSpot official' },
  { name: '@shopify/dev-mcp', ecosystem: 'npm', note: 'Shopify official' },
  { name: '@anthropic-ai/mcpb', ecosystem: 'npm', note: 'Anthropic MCP Bundles tooling' },
  { name: '@apify/actors-mcp-server', ecosystem: 'npm', note: 'Apify official' },
  { name: '@perplexity-ai/mcp-server', ecosystem: 'npm', note: 'Perplexity official' },
  { name: 'exa-mcp-server', ecosystem: 'npm', note: 'Exa official' },
  { name: '@brave/brave-search-mcp-server', ecosystem: 'npm', note: 'Brave official' },
  { name: '@langchain/mcp-adapters', ecosystem: 'npm', note: 'LangChain.js MCP adapters' },
  // PyPI: the SDK, frameworks and reference servers
  { name: 'mcp', ecosystem: 'pypi', note: 'MCP Python SDK', source: 'modelcontextprotocol/python-sdk@57394b05:pyproject.toml, uploaded by .github/workflows/publish-pypi.yml' },
  { name: 'fastmcp', ecosystem: 'pypi', note: 'FastMCP (jlowin)' },
  { name: 'mcp-server-fetch', ecosystem: 'pypi', note: MCP_REFERENCE, source: `${SERVERS}:src/fetch/pyproject.toml` },
  { name: 'mcp-server-git', ecosystem: 'pypi', note: MCP_REFERENCE, source: `${SERVERS}:src/git/pyproject.toml` },
  { name: 'mcp-server-time', ecosystem: 'pypi', note: MCP_REFERENCE, source: `${SERVERS}:src/time/pyproject.toml` },
  { name: 'mcp-server-sqlite', ecosystem: 'pypi', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/sqlite/pyproject.toml` },
  { name: 'mcp-server-sentry', ecosystem: 'pypi', note: MCP_ARCHIVED, source: `${ARCHIVED_SERVERS}:src/sentry/pyproject.toml` },
  // PyPI: vendors' official servers and widely used tools
  { name: 'mcp-server-qdrant', ecosystem: 'pypi', note: 'Qdrant official' },
  { name: 'mcp-server-motherduck', ecosystem: 'pypi', note: 'MotherDuck official' },
  { name: 'mcp-atlassian', ecosystem: 'pypi', note: 'Atlassian MCP server (sooperset)' },
  { name: 'mcp-clickhouse', ecosystem: 'pypi', note: 'ClickHouse official' },
  { name: 'chroma-mcp', ecosystem: 'pypi', note: 'Chroma official' },
  { name: 'markitdown-mcp', ecosystem: 'pypi', note: 'Microsoft MarkItDown' },
  { name: 'dbt-mcp', ecosystem: 'pypi', note: 'dbt Labs official' },
  { name: 'pagerduty-mcp', ecosystem: 'pypi', note: 'PagerDuty official' },
  { name: 'langchain-mcp-adapters', ecosystem: 'pypi', note: 'LangChain MCP adapters' },
  { name: 'fastapi-mcp', ecosystem: 'pypi', note: 'FastAPI-MCP (tadata-org)' },
  { name: 'awslabs.aws-documentation-mcp-server', ecosystem: 'pypi', note: AWS_LABS },
  { name: 'awslabs.aws-api-mcp-server', ecosystem: 'pypi', note: AWS_LABS },
  { name: 'awslabs.cloudwatch-mcp-server', ecosystem: 'pypi', note: AWS_LABS },
  { name: 'awslabs.eks-mcp-server', ecosystem: 'pypi', note: AWS_LABS },
  { name: 'awslabs.aws-pricing-mcp-server', ecosystem: 'pypi', note: AWS_LABS },
  { name: 'awslabs.bedrock-kb-retrieval-mcp-server', ecosystem: 'pypi', note: AWS_LABS },
];

// Where the official entries below were confirmed. `npm view` is the npm registry's answer (name,
// repository); a path is a file of the official repository as mirrored for this work
// (owner/repo@commit:path); the package lists are the registry snapshots in the workplace's package
// lists. A name is here only when a registry answer or the project's own publishing files show that
// the project publishes it.
const TS_SDK = 'modelcontextprotocol/typescript-sdk@cc4b41617';
const NPM_VIEW_TS_SDK = 'npm view: repository github.com/modelcontextprotocol/typescript-sdk';

export interface OfficialEntry {
  name: string;
  ecosystem: OfficialEcosystem;
  note: string;
  /** Where the name was confirmed (registry answer, official manifest or publishing workflow). */
  source: string;
}

/**
 * The official MCP SDKs of every ecosystem the gate reads, and the MCP project's own helper packages
 * (inspector, conformance, codemod, MCP Apps). The built-in default policy allows them, like
 * WELL_KNOWN_MCP. They are kept apart from WELL_KNOWN_MCP, which is also the typosquat corpus:
 * several of these are a scope plus a popular unrelated name (@modelcontextprotocol/express, /hono,
 * /fastify), and the real `express` or `@types/express` must never read as their squat.
 *
 * Other official SDKs are published where the gate does not read: Java and Kotlin (Maven:
 * io.modelcontextprotocol.sdk:mcp, io.modelcontextprotocol:kotlin-sdk), C# (NuGet:
 * ModelContextProtocol, .Core, .AspNetCore), Swift (SwiftPM), Ruby (RubyGems: mcp), PHP (Composer).
 * They are not listed: an allow entry for an ecosystem the gate never reads would allow nothing.
 */
export const OFFICIAL_MCP: readonly OfficialEntry[] = [
  // TypeScript SDK v1 and the split v2 packages
  { name: '@modelcontextprotocol/client', ecosystem: 'npm', note: 'MCP TypeScript SDK v2: client', source: `${NPM_VIEW_TS_SDK}; ${TS_SDK}:packages/client/package.json` },
  { name: '@modelcontextprotocol/server', ecosystem: 'npm', note: 'MCP TypeScript SDK v2: server', source: `${NPM_VIEW_TS_SDK}; ${TS_SDK}:packages/server/package.json` },
  { name: '@modelcontextprotocol/core', ecosystem: 'npm', note: 'MCP TypeScript SDK v2: core', source: `${NPM_VIEW_TS_SDK}; ${TS_SDK}:packages/core/package.json` },
  { name: '@modelcontextprotocol/node', ecosystem: 'npm', note: 'MCP TypeScript SDK v2: Node.js HTTP transport', source: `${NPM_VIEW_TS_SDK}; ${TS_SDK}:packages/middleware/node/package.json` },
  { name: '@modelcontextprotocol/express', ecosystem: 'npm', note: 'MCP TypeScript SDK v2: Express middleware', source: `${NPM_VIEW_TS_SDK}; ${TS_SDK}:packages/middleware/express/package.json` },
  { name: '@modelcontextprotocol/hono', ecosystem: 'npm', note: 'MCP TypeScript SDK v2: Hono middleware', source: `${NPM_VIEW_TS_SDK}; ${TS_SDK}:packages/middleware/hono/package.json` },
  { name: '@modelcontextprotocol/fastify', ecosystem: 'npm', note: 'MCP TypeScript SDK v2: Fastify middleware', source: `${NPM_VIEW_TS_SDK}; ${TS_SDK}:packages/middleware/fastify/package.json` },
  { name: '@modelcontextprotocol/server-legacy', ecosystem: 'npm', note: 'MCP TypeScript SDK v2: v1-compatible server API', source: `${NPM_VIEW_TS_SDK}; ${TS_SDK}:packages/server-legacy/package.json` },
  { name: '@modelcontextprotocol/codemod', ecosystem: 'npm', note: 'MCP TypeScript SDK v1-to-v2 codemod', source: `${NPM_VIEW_TS_SDK}; ${TS_SDK}:packages/codemod/package.json` },
  // The MCP project's helper packages
  {
    name: '@modelcontextprotocol/conformance',
    ecosystem: 'npm',
    note: 'MCP conformance test harness',
    source: 'npm view: repository github.com/modelcontextprotocol/conformance; used by modelcontextprotocol/typescript-sdk@a81ef34ac:test/conformance/package.json',
  },
  {
    name: '@modelcontextprotocol/inspector-cli',
    ecosystem: 'npm',
    note: 'MCP Inspector v1 CLI',
    source: 'npm view: repository github.com/modelcontextprotocol/inspector; modelcontextprotocol/inspector@bdce1446:cli/package.json',
  },
  {
    name: '@modelcontextprotocol/inspector-client',
    ecosystem: 'npm',
    note: 'MCP Inspector v1 web client',
    source: 'npm view: repository github.com/modelcontextprotocol/inspector; modelcontextprotocol/inspector@bdce1446:client/package.json',
  },
  {
    name: '@modelcontextprotocol/inspector-server',
    ecosystem: 'npm',
    note: 'MCP Inspector v1 proxy server',
    source: 'npm view: repository github.com/modelcontextprotocol/inspector; modelcontextprotocol/inspector@bdce1446:server/package.json',
  },
  // Python SDK: `mcp` is in WELL_KNOWN_MCP; the wire types are published beside it
  {
    name: 'mcp-types',
    ecosystem: 'pypi',
    note: 'MCP Python SDK wire types',
    source: 'modelcontextprotocol/python-sdk@57394b05:src/mcp-types/pyproject.toml, built and uploaded by .github/workflows/publish-pypi.yml (uv build --package mcp-types); on PyPI per the workplace package list',
  },
  // Go SDK
  {
    name: 'github.com/modelcontextprotocol/go-sdk',
    ecosystem: 'go',
    note: 'MCP Go SDK',
    source: 'modelcontextprotocol/go-sdk@3d6450fc:go.mod (module line); served by the Go module proxy per the workplace package list',
  },
  // Rust SDK
  {
    name: 'rmcp',
    ecosystem: 'cargo',
    note: 'MCP Rust SDK',
    source: 'modelcontextprotocol/rust-sdk@4a738b9d:crates/rmcp/Cargo.toml, published by .github/workflows/ci.yml (cargo publish -p rmcp); README links crates.io/crates/rmcp',
  },
  {
    name: 'rmcp-macros',
    ecosystem: 'cargo',
    note: 'MCP Rust SDK procedural macros',
    source: 'modelcontextprotocol/rust-sdk@4a738b9d:crates/rmcp-macros/Cargo.toml, published by .github/workflows/ci.yml (cargo publish -p rmcp-macros)',
  },
  // The maintained replacement of the archived @modelcontextprotocol/server-github
  {
    name: 'ghcr.io/github/github-mcp-server',
    ecosystem: 'oci',
    note: "GitHub's official MCP server image",
    source: 'github/github-mcp-server server.json and README (docker run ghcr.io/github/github-mcp-server); named by the deprecation notice of modelcontextprotocol/servers@d53d6cc7^:src/github/README.md',
  },
];

export interface DeprecatedEntry {
  name: string;
  ecosystem: OfficialEcosystem;
  /** Why it should not be added or launched any more. */
  reason: string;
  /** The maintained replacement, in words a maintainer can act on, when the project names one. */
  replacement?: string;
  source: string;
}

const ARCHIVED = 'archived by the MCP project on 2025-05-28 (moved to modelcontextprotocol/servers-archived): it gets no fixes, security fixes included';
const ARCHIVE_COMMIT = 'modelcontextprotocol/servers@d53d6cc7 ("Archive unmaintained servers") and README.md "Archived" at @76d64c82';

/**
 * Servers the MCP project archived. Adding or launching one is a `deprecated` warning, offline, with
 * the replacement where the project names one (the registry's own deprecation message, when it has
 * one, is checked online as well). They stay in WELL_KNOWN_MCP: a squat of an archived name is still
 * a squat.
 */
export const DEPRECATED_MCP: readonly DeprecatedEntry[] = [
  {
    name: '@modelcontextprotocol/server-github',
    ecosystem: 'npm',
    reason: ARCHIVED,
    replacement: "GitHub's own server, github/github-mcp-server (image ghcr.io/github/github-mcp-server, or the remote https://api.githubcopilot.com/mcp/)",
    source: `${ARCHIVE_COMMIT}; deprecation notice in modelcontextprotocol/servers@d53d6cc7^:src/github/README.md`,
  },
  {
    name: '@modelcontextprotocol/server-brave-search',
    ecosystem: 'npm',
    reason: ARCHIVED,
    replacement: "Brave's official server, @brave/brave-search-mcp-server",
    source: `${ARCHIVE_COMMIT} ("Has been replaced by the official server")`,
  },
  {
    name: '@modelcontextprotocol/server-slack',
    ecosystem: 'npm',
    reason: ARCHIVED,
    replacement: 'the server Zencoder maintains, github.com/zencoderai/slack-mcp-server',
    source: `${ARCHIVE_COMMIT} ("Now maintained by Zencoder")`,
  },
  ...[
    'server-gitlab',
    'server-postgres',
    'server-puppeteer',
    'server-google-maps',
    'server-gdrive',
    'server-redis',
    'server-aws-kb-retrieval',
    'server-everart',
  ].map((s): DeprecatedEntry => ({ name: `@modelcontextprotocol/${s}`, ecosystem: 'npm', reason: ARCHIVED, source: ARCHIVE_COMMIT })),
  { name: 'mcp-server-sqlite', ecosystem: 'pypi', reason: ARCHIVED, source: ARCHIVE_COMMIT },
  { name: 'mcp-server-sentry', ecosystem: 'pypi', reason: ARCHIVED, source: ARCHIVE_COMMIT },
];

/**
 * Packages known to be malicious, for the default deny list. Only documented incidents belong here.
 * `postmark-mcp` is NOT a squat of an official npm package: Postmark never published its MCP server
 * to npm (the legitimate project is the ActiveCampaign/postmark-mcp GitHub repository). An unrelated
 * publisher republished that source under this name.
 */
export const KNOWN_MALICIOUS: readonly KnownMalicious[] = [
  {
    name: 'postmark-mcp',
    ecosystem: 'npm',
    versions: '*',
    reason:
      'Impersonated Postmark\'s MCP server (reported by Koi Security, Sept 2025); from 1.0.16 it BCC\'d every ' +
      'email it sent to an attacker-controlled address. Every version came from the impersonator.',
  },
];
