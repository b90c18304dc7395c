// The rule catalogue (src/rules/catalogue.ts) is the one list of rules. Everything else that names the
// rules is held against it here: checks/ has one module per rule id, named after it, and CHECKS runs
// exactly those rules; the README's rule table documents every rule at its default level; the policy
// schema offers exactly the catalogue's rules; SARIF reads each rule's severity from it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Check } from '../../src/checks/check.js';
import { CHECKS } from '../../src/checks/index.js';
import { RULES, RULE_IDS } from '../../src/rules/catalogue.js';

const ROOT = path.join(__dirname, '..', '..');
const CHECKS_DIR = path.join(ROOT, 'src', 'checks');
/** The modules of checks/ that are not a rule: the contract and the list. */
const NOT_RULES = ['check.ts', 'index.ts'];

const ruleModules = readdirSync(CHECKS_DIR, { withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts') && !NOT_RULES.includes(e.name))
  .map((e) => e.name.replace(/\.ts$/, ''));

describe('the catalogue and checks/ name the same rules', () => {
  test('every module of checks/ is named after a rule of the catalogue, and every rule has one', () => {
    expect([...ruleModules].sort()).toEqual([...RULE_IDS].sort());
  });

  test.each(RULE_IDS.map((id) => [id]))('checks/%s.ts exports the check of that rule', (id) => {
    const mod = require(path.join(CHECKS_DIR, `${id}.ts`)) as Record<string, unknown>;
    const checks = Object.values(mod).filter((v): v is Check => typeof v === 'object' && v !== null && 'rule' in v);
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) expect(c.rule).toBe(id);
  });

  test('CHECKS runs exactly the catalogue\'s rules', () => {
    expect([...new Set(CHECKS.map((c) => c.rule))].sort()).toEqual([...RULE_IDS].sort());
  });
});

describe('what derives from the catalogue', () => {
  test('the README rule table documents every rule at its default level', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| <a id="rule-([a-z-]+)"><\/a>`([a-z-]+)` \| (error|warning|notice|off) \|/gm)];
    expect(rows.map((m) => m[1])).toEqual(rows.map((m) => m[2]));
    expect(Object.fromEntries(rows.map((m) => [m[1], m[3]]))).toEqual(Object.fromEntries(RULE_IDS.map((id) => [id, RULES[id].level])));
  });

  test('the policy schema offers exactly the catalogue\'s rules, each at any level', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'policy', 'mcp-policy.schema.json'), 'utf8'));
    const rules = schema.properties.rules.properties as Record<string, { enum: string[] }>;
    expect(Object.keys(rules).sort()).toEqual([...RULE_IDS].sort());
    for (const id of RULE_IDS) expect(rules[id].enum).toEqual(['error', 'warning', 'notice', 'off']);
  });

  test('every rule has a SARIF security severity between 0 and 10, and a SARIF name of its own', () => {
    for (const id of RULE_IDS) {
      expect(RULES[id].severity).toBeGreaterThanOrEqual(0);
      expect(RULES[id].severity).toBeLessThanOrEqual(10);
    }
    const names = RULE_IDS.map((id) => RULES[id].name);
    expect(new Set(names).size).toBe(names.length);
  });
});
