import semver from 'semver';
import type { AllowEntry, DenyEntry, ExceptionEntry, Policy, RegistryKey } from './types.js';
import type { PolicySourceInfo, RuleId, RuleLevel } from '../types.js';
import { CRATES_IO, DEFAULT_GOPROXY, DEFAULT_GOSUMDB, DEFAULT_MAX_FILE_BYTES, DEFAULT_OCI_REGISTRIES, PUBLIC_PYPI_INDEX } from './defaults.js';
import { defaultRuleLevels, RULES } from '../rules/catalogue.js';
import { emptyTable } from '../common/own.js';
import { hostPatternProblem } from './match.js';
import { isShellOrDownloader, isTracedProgram, programName } from '../ecosystems/launchers.js';
import { PUBLIC_NPM_REGISTRY } from '../ecosystems/npm-registry.js';
import { describe, LEVELS, Reader } from './reader.js';
import { readYaml } from './yaml.js';

function readAllow(r: Reader, value: unknown): AllowEntry[] {
  return r.list(value, 'allow').map((raw, i) => {
    const p = `allow.${i}`;
    const e = r.object(raw, p, ['name', 'ecosystem', 'versions', 'integrity', 'provenance', 'repository', 'publishers', 'reason']);
    // Keyed by versions the policy writes: a table without a prototype, so no version is `constructor` by inheritance.
    const integrity = emptyTable<string>();
    if (e.integrity !== undefined && e.integrity !== null) {
      const pins = r.object(e.integrity, `${p}.integrity`, Object.keys(e.integrity as object));
      const ecosystem = r.ecosystem(e.ecosystem, `${p}.ecosystem`);
      for (const [version, sri] of Object.entries(pins)) {
        const sp = `${p}.integrity.${version}`;
        if (ecosystem === 'npm' && !semver.valid(version)) r.fail(sp, `integrity pins are keyed by exact version, got ${JSON.stringify(version)}`);
        const s = r.string(sri, sp).trim();
        const ok = ecosystem === 'npm' ? /^(sha512|sha384|sha256|sha1)-[A-Za-z0-9+/=]+$/.test(s) : /^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}|h1:[A-Za-z0-9+/=]+)$/i.test(s);
        if (!ok) r.fail(sp, ecosystem === 'npm' ? `not a subresource-integrity string: ${JSON.stringify(s)}` : `expected "sha256:<64 hex>" (or go's "h1:..."), got ${JSON.stringify(s)}`);
        integrity[version] = ecosystem === 'npm' || s.startsWith('h1:') ? s : s.toLowerCase();
      }
    }
    return {
      name: r.namePattern(e.name, `${p}.name`, r.ecosystem(e.ecosystem, `${p}.ecosystem`)),
      ecosystem: r.ecosystem(e.ecosystem, `${p}.ecosystem`),
      versions: r.range(e.versions, `${p}.versions`, r.ecosystem(e.ecosystem, `${p}.ecosystem`)),
      integrity: Object.keys(integrity).length ? integrity : undefined,
      provenance: e.provenance === undefined ? undefined : r.bool(e.provenance, `${p}.provenance`, false),
      repository: r.optString(e.repository, `${p}.repository`),
      publishers: e.publishers === undefined ? undefined : r.strings(e.publishers, `${p}.publishers`),
      reason: r.optString(e.reason, `${p}.reason`),
      line: r.line(p),
    };
  });
}

function readDeny(r: Reader, value: unknown): DenyEntry[] {
  return r.list(value, 'deny').map((raw, i) => {
    const p = `deny.${i}`;
    const e = r.object(raw, p, ['name', 'ecosystem', 'versions', 'reason']);
    return {
      name: r.namePattern(e.name, `${p}.name`, r.ecosystem(e.ecosystem, `${p}.ecosystem`)),
      ecosystem: r.ecosystem(e.ecosystem, `${p}.ecosystem`),
      versions: r.range(e.versions, `${p}.versions`, r.ecosystem(e.ecosystem, `${p}.ecosystem`)) ?? '*',
      reason: r.optString(e.reason, `${p}.reason`),
      line: r.line(p),
    };
  });
}

function readRules(r: Reader, value: unknown): Record<RuleId, RuleLevel> {
  const levels = defaultRuleLevels();
  if (value === undefined || value === null) return levels;
  const obj = r.object(value, 'rules', Object.keys(RULES));
  for (const [id, level] of Object.entries(obj)) {
    if (!LEVELS.includes(level as RuleLevel)) r.fail(`rules.${id}`, `level must be one of ${LEVELS.join(', ')}, got ${describe(level)}`);
    levels[id as RuleId] = level as RuleLevel;
  }
  return levels;
}

function readExceptions(r: Reader, value: unknown): ExceptionEntry[] {
  return r.list(value, 'exceptions').map((raw, i) => {
    const p = `exceptions.${i}`;
    const e = r.object(raw, p, ['name', 'ecosystem', 'rules', 'reason', 'expires']);
    const rules = r.strings(e.rules ?? '*', `${p}.rules`);
    rules.forEach((id, j) => {
      if (id !== '*' && !Object.hasOwn(RULES, id)) r.fail(`${p}.rules.${j}`, `unknown rule id ${JSON.stringify(id)}`);
    });
    return {
      name: r.namePattern(e.name, `${p}.name`, e.ecosystem === undefined ? undefined : r.ecosystem(e.ecosystem, `${p}.ecosystem`)),
      ecosystem: e.ecosystem === undefined ? undefined : r.ecosystem(e.ecosystem, `${p}.ecosystem`),
      rules: rules as ExceptionEntry['rules'],
      reason: r.string(e.reason, `${p}.reason`),
      expires: r.date(e.expires, `${p}.expires`),
      line: r.line(p),
    };
  });
}

function readKeys(r: Reader, value: unknown): Policy['registries']['npm']['keys'] {
  if (value === undefined || value === null || value === 'npm') return 'npm';
  if (value === 'registry') return 'registry';
  if (!Array.isArray(value)) r.fail('registries.npm.keys', `must be "npm", "registry" or a list of {keyid, key, expires}`);
  return value.map((raw, i): RegistryKey => {
    const p = `registries.npm.keys.${i}`;
    const k = r.object(raw, p, ['keyid', 'key', 'expires', 'keytype', 'scheme']);
    const key = r.string(k.key, `${p}.key`);
    if (!/^[A-Za-z0-9+/=\s]+$/.test(key)) r.fail(`${p}.key`, 'must be a base64 SubjectPublicKeyInfo');
    return { keyid: r.string(k.keyid, `${p}.keyid`), key: key.replace(/\s+/g, ''), expires: r.date(k.expires, `${p}.expires`) ?? null };
  });
}

function section(r: Reader, value: unknown, path: string, known: readonly string[]): Record<string, unknown> {
  return value === undefined || value === null ? {} : r.object(value, path, known);
}

function readRegistries(r: Reader, value: unknown): Policy['registries'] {
  const regs = section(r, value, 'registries', ['npm', 'pypi', 'go', 'cargo', 'oci']);
  const pypi = section(r, regs.pypi, 'registries.pypi', ['url', 'require-hashes']);
  const go = section(r, regs.go, 'registries.go', ['proxy', 'sumdb']);
  const cargo = section(r, regs.cargo, 'registries.cargo', ['urls']);
  const oci = section(r, regs.oci, 'registries.oci', ['registries', 'require-digest']);
  const npm = regs.npm === undefined || regs.npm === null ? {} : r.object(regs.npm, 'registries.npm', ['url', 'keys', 'scopes', 'token-env', 'ignore-scripts', 'verify-with']);
  const scopes = emptyTable<string>();
  if (npm.scopes !== undefined && npm.scopes !== null) {
    const obj = r.object(npm.scopes, 'registries.npm.scopes', Object.keys(npm.scopes as object));
    for (const [scope, url] of Object.entries(obj)) {
      if (!/^@[a-z0-9][\w.-]*$/i.test(scope)) r.fail(`registries.npm.scopes.${scope}`, 'a scope looks like "@acme"');
      scopes[scope] = r.url(url, `registries.npm.scopes.${scope}`);
    }
  }
  const npmUrl = npm.url === undefined ? PUBLIC_NPM_REGISTRY : r.url(npm.url, 'registries.npm.url');
  const verifyWith = npm['verify-with'] === undefined || npm['verify-with'] === null ? undefined : r.url(npm['verify-with'], 'registries.npm.verify-with');
  if (verifyWith !== undefined && verifyWith === npmUrl) {
    r.fail('registries.npm.verify-with', `is the registry packages are installed from (registries.npm.url): it adds nothing; set it to the public registry a mirror copies, like ${PUBLIC_NPM_REGISTRY}`);
  }
  return {
    npm: {
      url: npmUrl,
      ...(verifyWith === undefined ? {} : { verifyWith }),
      keys: readKeys(r, npm.keys),
      scopes,
      tokenEnv: r.optString(npm['token-env'], 'registries.npm.token-env') ?? 'NODE_AUTH_TOKEN',
      ignoreScripts: r.bool(npm['ignore-scripts'], 'registries.npm.ignore-scripts', false),
    },
    pypi: {
      url: pypi.url === undefined ? PUBLIC_PYPI_INDEX : r.url(pypi.url, 'registries.pypi.url'),
      requireHashes: r.bool(pypi['require-hashes'], 'registries.pypi.require-hashes', true),
    },
    go: {
      proxy: r.strList(go.proxy, 'registries.go.proxy', DEFAULT_GOPROXY),
      sumdb: r.optString(go.sumdb, 'registries.go.sumdb') ?? DEFAULT_GOSUMDB,
    },
    cargo: { urls: r.strList(cargo.urls, 'registries.cargo.urls', CRATES_IO) },
    oci: {
      registries: r.strList(oci.registries, 'registries.oci.registries', DEFAULT_OCI_REGISTRIES).map((h) => h.toLowerCase()),
      requireDigest: r.bool(oci['require-digest'], 'registries.oci.require-digest', true),
    },
  };
}

const BUNDLE_REQUIRE = ['none', 'signature', 'sha256', 'signature-or-sha256'] as const;

function readBundles(r: Reader, value: unknown): Policy['bundles'] {
  const b = section(r, value, 'bundles', ['require', 'signers', 'ca']);
  const req = b.require ?? 'signature-or-sha256';
  if (!BUNDLE_REQUIRE.includes(req as (typeof BUNDLE_REQUIRE)[number])) r.fail('bundles.require', `must be one of ${BUNDLE_REQUIRE.join(', ')}, got ${describe(req)}`);
  const signers = r.list(b.signers, 'bundles.signers').map((s, i) => {
    const path = `bundles.signers.${i}`;
    const entry = r.object(s, path, ['name', 'sha256']);
    const name = r.string(entry.name, `${path}.name`);
    const raw = r.string(entry.sha256, `${path}.sha256`);
    const sha256 = raw.replace(/:/g, '').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      r.fail(`${path}.sha256`, `must be the SHA-256 of the signer certificate (DER): 32 bytes of hex, colons allowed, got ${describe(raw)} (openssl x509 -in cert.pem -noout -fingerprint -sha256 prints it)`);
    }
    return { name, sha256, line: r.line(path) };
  });
  const ca = r.optString(b.ca, 'bundles.ca');
  if (ca !== undefined && (ca.trim() === '' || ca.startsWith('/') || ca.split(/[\\/]/).includes('..'))) {
    r.fail('bundles.ca', `must be a path inside the repository (a PEM file of CA certificates), got ${describe(ca)}`);
  }
  return {
    require: req as Policy['bundles']['require'],
    signers,
    ca: ca === undefined ? undefined : { path: ca.replace(/^\.\//, ''), line: r.line('bundles.ca'), certs: [] },
  };
}

function readRemotes(r: Reader, value: unknown): Policy['remotes'] {
  const rem = section(r, value, 'remotes', ['hosts']);
  if (rem.hosts === undefined || rem.hosts === null) return { hosts: undefined };
  const hosts = r.strings(rem.hosts, 'remotes.hosts').map((h, i) => {
    const problem = hostPatternProblem(h);
    if (problem !== undefined) r.fail(`remotes.hosts.${i}`, `${JSON.stringify(h.slice(0, 80))} is not a host glob that can match (${problem}): write a host, or a glob like *.acme.example`);
    return h.toLowerCase();
  });
  return { hosts };
}

/** mcp.include / mcp.exclude: names or globs, matched like allow names. */
function namePatterns(r: Reader, value: unknown, path: string): string[] {
  const list = typeof value === 'string' ? [value] : r.list(value, path);
  return list.map((v, i) => r.namePattern(v, typeof value === 'string' ? path : `${path}.${i}`, undefined));
}

/**
 * `launchers.allow`: programs on PATH that MCP configs may start, by name. A name is what the client
 * looks up (`github-mcp-server`), compared without case and without `.exe`. A path is refused (a path
 * is the repository's or the machine's file, already shown in the inventory), and so are programs
 * the gate traces itself or refuses whatever the policy says: a shell or downloader runs whatever its
 * arguments say, so allowing it by name would allow everything.
 */
function readLaunchers(r: Reader, value: unknown): Policy['launchers'] {
  const l = section(r, value, 'launchers', ['allow']);
  const allow = r.strings(l.allow, 'launchers.allow').map((raw, i) => {
    const path = `launchers.allow.${i}`;
    const name = raw.trim();
    if (/[\\/]/.test(name) || /\s/.test(name)) {
      r.fail(path, `must be a program name as the client looks it up on PATH (like github-mcp-server), without a directory or arguments, got ${describe(raw)}`);
    }
    if (isShellOrDownloader(name)) {
      r.fail(path, `${JSON.stringify(name)} is a shell or downloader: it runs whatever its arguments say, so it stays a \`launcher\` error and cannot be allowed by name`);
    }
    if (isTracedProgram(name)) {
      r.fail(path, `${JSON.stringify(name)} is a launcher the gate traces itself: allow the packages it starts under \`allow\` instead`);
    }
    return programName(name);
  });
  return { allow };
}

/**
 * `server-json.templates`: the server.json files that are release-time templates by design (globs
 * over repository paths, or `true` for every server.json). Their `template` findings are not
 * reported; a concrete package name in them is still judged.
 */
function readServerJson(r: Reader, value: unknown): Policy['serverJson'] {
  const sj = section(r, value, 'server-json', ['templates']);
  if (sj.templates === true) return { templates: ['**'] };
  if (sj.templates === false || sj.templates === undefined || sj.templates === null) return { templates: [] };
  const templates = r.strings(sj.templates, 'server-json.templates').map((g, i) => {
    const glob = g.trim().replace(/^\.\//, '');
    if (glob.startsWith('/') || glob.split('/').includes('..')) {
      r.fail(`server-json.templates.${i}`, `must be a path or glob inside the repository (like "server.json" or "tools/*/server.json"), got ${describe(g)}`);
    }
    return glob;
  });
  return { templates };
}

const TOP_LEVEL = ['version', 'mcp', 'builtin', 'registries', 'remotes', 'launchers', 'server-json', 'bundles', 'allow', 'deny', 'rules', 'exceptions', 'verify', 'limits'] as const;

function build(r: Reader, data: unknown, source: PolicySourceInfo, isDefault: boolean): Policy {
  const top = r.object(data ?? {}, '', TOP_LEVEL);
  if (top.version !== 1) r.fail('version', `must be 1, got ${describe(top.version)}`);
  const mcp = top.mcp === undefined || top.mcp === null ? {} : r.object(top.mcp, 'mcp', ['include', 'exclude']);
  const builtin = top.builtin === undefined || top.builtin === null ? {} : r.object(top.builtin, 'builtin', ['allow-well-known', 'deny-known-malicious']);
  const verify = top.verify === undefined || top.verify === null ? {} : r.object(top.verify, 'verify', ['registry', 'tarballs', 'min-days']);
  const limits = top.limits === undefined || top.limits === null ? {} : r.object(top.limits, 'limits', ['max-file-bytes']);
  return {
    version: 1,
    source,
    mcp: { include: namePatterns(r, mcp.include, 'mcp.include'), exclude: namePatterns(r, mcp.exclude, 'mcp.exclude') },
    builtin: {
      allowWellKnown: r.bool(builtin['allow-well-known'], 'builtin.allow-well-known', isDefault),
      denyKnownMalicious: r.bool(builtin['deny-known-malicious'], 'builtin.deny-known-malicious', true),
    },
    registries: readRegistries(r, top.registries),
    remotes: readRemotes(r, top.remotes),
    launchers: readLaunchers(r, top.launchers),
    serverJson: readServerJson(r, top['server-json']),
    bundles: readBundles(r, top.bundles),
    allow: readAllow(r, top.allow),
    deny: readDeny(r, top.deny),
    rules: readRules(r, top.rules),
    exceptions: readExceptions(r, top.exceptions),
    verify: {
      registry: r.bool(verify.registry, 'verify.registry', true),
      tarballs: r.bool(verify.tarballs, 'verify.tarballs', false),
      minDays: r.number(verify['min-days'], 'verify.min-days', 3),
    },
    limits: { maxFileBytes: r.number(limits['max-file-bytes'], 'limits.max-file-bytes', DEFAULT_MAX_FILE_BYTES, 1) },
    lines: Object.fromEntries(r.lines),
  };
}

/** Parse and validate a policy file. Throws PolicyError (file, line, key) when it is not valid. */
export function parsePolicy(text: string, source: PolicySourceInfo): Policy {
  const { data, lines } = readYaml(text.replace(/^\uFEFF/, ''), source.path);
  return build(new Reader(source.path, lines), data, source, false);
}

/** The built-in policy, used when the repository has none: the well-known MCP packages are allowed. */
export function defaultPolicy(path: string): Policy {
  return build(new Reader('(built-in default policy)', new Map()), { version: 1 }, { kind: 'default', path }, true);
}
