// The built-in corpus of well-known, legitimate MCP packages: the names a typosquat would imitate.
// Every name here was checked to exist on its registry (npm / PyPI) and to be published by the
// project or vendor it belongs to. A name we could not confirm stays out: a wrong entry here would
// teach the gate to trust a squat.

export type CorpusEcosystem = 'npm' | 'pypi';

export interface CorpusEntry {
  name: string;
  ecosystem: CorpusEcosystem;
  note?: string;
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
const AWS_LABS = 'AWS Labs MCP server (awslabs/mcp); PyPI name, PEP 503 form awslabs-*';

export const WELL_KNOWN_MCP: readonly CorpusEntry[] = [
  // npm: the protocol's own scope
  { name: '@modelcontextprotocol/sdk', ecosystem: 'npm', note: 'MCP TypeScript SDK' },
  { name: '@modelcontextprotocol/inspector', ecosystem: 'npm', note: 'MCP Inspector' },
  { name: '@modelcontextprotocol/create-server', ecosystem: 'npm', note: 'MCP server scaffolding CLI' },
  { name: '@modelcontextprotocol/ext-apps', ecosystem: 'npm', note: 'MCP Apps SDK' },
  { name: '@modelcontextprotocol/server-filesystem', ecosystem: 'npm', note: MCP_REFERENCE },
  { name: '@modelcontextprotocol/server-memory', ecosystem: 'npm', note: MCP_REFERENCE },
  { name: '@modelcontextprotocol/server-everything', ecosystem: 'npm', note: MCP_REFERENCE },
  { name: '@modelcontextprotocol/server-sequential-thinking', ecosystem: 'npm', note: MCP_REFERENCE },
  { name: '@modelcontextprotocol/server-github', ecosystem: 'npm', note: MCP_ARCHIVED },
  { name: '@modelcontextprotocol/server-gitlab', ecosystem: 'npm', note: MCP_ARCHIVED },
  { name: '@modelcontextprotocol/server-postgres', ecosystem: 'npm', note: MCP_ARCHIVED },
  { name: '@modelcontextprotocol/server-slack', ecosystem: 'npm', note: MCP_ARCHIVED },
  { name: '@modelcontextprotocol/server-brave-search', ecosystem: 'npm', note: MCP_ARCHIVED },
  { name: '@modelcontextprotocol/server-puppeteer', ecosystem: 'npm', note: MCP_ARCHIVED },
  { name: '@modelcontextprotocol/server-google-maps', ecosystem: 'npm', note: MCP_ARCHIVED },
  { name: '@modelcontextprotocol/server-gdrive', ecosystem: 'npm', note: MCP_ARCHIVED },
  { name: '@modelcontextprotocol/server-redis', ecosystem: 'npm', note: MCP_ARCHIVED },
  { name: '@modelcontextprotocol/server-aws-kb-retrieval', ecosystem: 'npm', note: MCP_ARCHIVED },
  { name: '@modelcontextprotocol/server-everart', ecosystem: 'npm', note: MCP_ARCHIVED },
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
  { name: 'mcp', ecosystem: 'pypi', note: 'MCP Python SDK' },
  { name: 'fastmcp', ecosystem: 'pypi', note: 'FastMCP (jlowin)' },
  { name: 'mcp-server-fetch', ecosystem: 'pypi', note: MCP_REFERENCE },
  { name: 'mcp-server-git', ecosystem: 'pypi', note: MCP_REFERENCE },
  { name: 'mcp-server-time', ecosystem: 'pypi', note: MCP_REFERENCE },
  { name: 'mcp-server-sqlite', ecosystem: 'pypi', note: MCP_ARCHIVED },
  { name: 'mcp-server-sentry', ecosystem: 'pypi', note: MCP_ARCHIVED },
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
