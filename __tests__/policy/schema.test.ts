// policy/mcp-policy.schema.json against the loader it describes. The keys are not listed twice by
// hand: for every mapping the schema closes (additionalProperties: false), the loader is asked which
// keys it knows there, by giving it an unknown one and reading the "known keys here" it answers with.
// A key the loader learns (a new rule, a new bundle setting) that the schema lacks fails here, and so
// does a key the schema offers that the loader would refuse.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import * as YAML from 'yaml';
import { parsePolicy } from '../../src/policy/load';
import { RULES } from '../../src/rules/catalogue';
import { PolicyError } from '../../src/policy/yaml';

const ROOT = path.join(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(path.join(ROOT, 'policy', 'mcp-policy.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
const PROBE = 'zz-not-a-key';

type Node = Record<string, any>;
/** Every closed mapping of the schema, with the path the loader names it by ('' for the top, 'allow.0', 'registries.npm.keys.0'). */
function closedMappings(node: Node, at: (string | number)[] = [], out: { at: (string | number)[]; keys: string[] }[] = []) {
  if (node.additionalProperties === false && node.properties) out.push({ at, keys: Object.keys(node.properties) });
  for (const [key, child] of Object.entries<Node>(node.properties ?? {})) closedMappings(child, [...at, key], out);
  if (node.items) closedMappings(node.items, [...at, 0], out);
  for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) closedMappings(branch, at, out);
  return out;
}

/** A policy that is valid up to `at`, where it holds a mapping with one unknown key. */
function probeDocument(at: (string | number)[]): unknown {
  let value: unknown = { [PROBE]: true };
  for (let i = at.length - 1; i >= 0; i--) value = typeof at[i] === 'number' ? [value] : { [at[i] as string]: value };
  return at.length === 0 ? { version: 1, [PROBE]: true } : { version: 1, ...(value as object) };
}

function loaderKeys(at: (string | number)[]): string[] {
  const text = YAML.stringify(probeDocument(at));
  try {
    parsePolicy(text, { kind: 'file', path: 'probe.yml' });
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    const err = e as PolicyError;
    expect(err.key).toBe([...at, PROBE].join('.'));
    const known = /known keys here: ([^)]*)\)/.exec(err.detail);
    if (!known) throw new Error(`the loader's message for an unknown key at ${at.join('.')} no longer lists the known keys: ${err.detail}`);
    return known[1].split(', ');
  }
  throw new Error(`the loader accepted an unknown key at ${at.join('.') || 'the top level'}`);
}

describe('the schema and the loader know the same keys', () => {
  const mappings = closedMappings(schema);

  test('the schema closes every mapping the loader checks', () => {
    expect(mappings.map((m) => m.at.join('.'))).toEqual(
      expect.arrayContaining(['', 'mcp', 'builtin', 'registries', 'registries.npm', 'registries.npm.keys.0', 'registries.pypi', 'registries.go', 'registries.cargo', 'registries.oci', 'remotes', 'bundles', 'bundles.signers.0', 'allow.0', 'deny.0', 'rules', 'exceptions.0', 'verify', 'limits']),
    );
  });

  test.each(closedMappings(schema).map((m) => [m.at.join('.') || '(top level)', m]))('%s', (_name, m) => {
    expect([...loaderKeys(m.at)].sort()).toEqual([...m.keys].sort());
  });

  test('rule ids and their levels', () => {
    expect(Object.keys(schema.properties.rules.properties).sort()).toEqual(Object.keys(RULES).sort());
    for (const level of ['error', 'warning', 'notice', 'off']) {
      expect(validate({ version: 1, rules: { unknown: level } })).toBe(true);
      expect(() => parsePolicy(`version: 1\nrules:\n  unknown: ${level}\n`, { kind: 'file', path: 'p.yml' })).not.toThrow();
    }
    expect(validate({ version: 1, rules: { unknown: 'fatal' } })).toBe(false);
    expect(() => parsePolicy('version: 1\nrules:\n  unknown: fatal\n', { kind: 'file', path: 'p.yml' })).toThrow(PolicyError);
  });

  test('ecosystems and bundle requirements: the same values accepted and refused', () => {
    for (const eco of schema.properties.allow.items.properties.ecosystem.enum.filter((e: unknown) => e !== null)) {
      expect(() => parsePolicy(`version: 1\nallow:\n  - name: x\n    ecosystem: ${eco}\n`, { kind: 'file', path: 'p.yml' })).not.toThrow();
    }
    expect(() => parsePolicy('version: 1\nallow:\n  - name: x\n    ecosystem: maven\n', { kind: 'file', path: 'p.yml' })).toThrow(PolicyError);
    expect(validate({ version: 1, allow: [{ name: 'x', ecosystem: 'maven' }] })).toBe(false);
    for (const req of schema.properties.bundles.properties.require.enum.filter((e: unknown) => e !== null)) {
      expect(() => parsePolicy(`version: 1\nbundles:\n  require: ${req}\n`, { kind: 'file', path: 'p.yml' })).not.toThrow();
    }
  });
});

describe('policies the schema validates', () => {
  const yamlData = (text: string) => YAML.parse(text);

  test('the example policy, which names the schema on its first line', () => {
    const text = readFileSync(path.join(ROOT, 'policy', 'mcp-policy.example.yml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./mcp-policy.schema.json');
    expect(validate(yamlData(text)) ? [] : validate.errors).toEqual([]);
  });

  test.each([
    ['an unknown top-level key', 'version: 1\nalow: []\n'],
    ['an unknown key in an allow entry', 'version: 1\nallow:\n  - name: x\n    version: "1.0.0"\n'],
    ['an allow entry without a name', 'version: 1\nallow:\n  - versions: "1.0.0"\n'],
    ['an exception without a reason', 'version: 1\nexceptions:\n  - name: x\n'],
    ['version 2', 'version: 2\n'],
    ['a signer fingerprint that is not 32 bytes', 'version: 1\nbundles:\n  signers:\n    - name: A\n      sha256: "AB:CD"\n'],
  ])('rejects %s, as the loader does', (_what, text) => {
    expect(validate(yamlData(text))).toBe(false);
    expect(() => parsePolicy(text, { kind: 'file', path: 'p.yml' })).toThrow(PolicyError);
  });

  test('what a hand-written policy leaves empty (null sections) is accepted by both', () => {
    const text = 'version: 1\nmcp:\nallow:\ndeny:\nrules:\nbundles:\n  require: sha256\n';
    expect(validate(yamlData(text)) ? [] : validate.errors).toEqual([]);
    expect(() => parsePolicy(text, { kind: 'file', path: 'p.yml' })).not.toThrow();
  });
});
