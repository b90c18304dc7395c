// GitHub Actions workflows (.github/workflows/*.yml): every action a step `uses`, every reusable
// workflow a job `uses`, every `docker://` step and job container/service image. `env:` at workflow,
// job and step level that moves package sources (GOPROXY, PIP_INDEX_URL, npm_config_registry...)
// becomes a registry setting; a literal credential in `env:` or `with:` becomes a `secret` issue.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Dependency, FileIssue, ParsedFile, RegistrySetting } from '../../types.js';
import { ParseError, type Format } from '../format.js';
import { readEnvVariable, secretFromEnv } from '../registry-config/env-settings.js';
import { imageFields, unresolvedImage } from '../../ecosystems/oci.js';
import { readUses, refSpecType } from '../../ecosystems/actions.js';
import { findSecret, secretIssue } from '../../redact/secrets.js';
import { deref, mapEntries, readYaml, typeOf } from '../readers/yaml.js';
const ADVICE = 'Use a secret (`${{ secrets.NAME }}`) instead, and revoke this one.';

function scalarText(node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return '';
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : undefined;
}

function parseWorkflow(text: string, file: string): ParsedFile {
  const y = readYaml(text, file);
  const root = y.doc.contents as Node | null;
  if (!isMap(root)) throw new ParseError(`a workflow must be a mapping with jobs, found ${typeOf(root)}`, file, root === null ? 1 : y.lineOf(root));
  const top = mapEntries(y, root);
  const jobsEntry = top.get('jobs');
  if (jobsEntry === undefined) throw new ParseError('a workflow needs a jobs mapping', file, 1);
  const jobs = deref(y, jobsEntry.value);
  if (!isMap(jobs)) throw new ParseError(`jobs must be a mapping, found ${typeOf(jobs)}`, file, y.lineOf(jobs ?? jobsEntry.key));

  const deps: Dependency[] = [];
  const settings: RegistrySetting[] = [];
  const issues: FileIssue[] = [];

  const readEnv = (node: Node | null | undefined, keyPrefix: string, where: string): void => {
    const env = deref(y, node);
    if (!isMap(env)) return; // an expression (`env: ${{ fromJSON(...) }}`) or nothing
    for (const [name, { key, value }] of mapEntries(y, env as YAMLMap)) {
      const text = scalarText(deref(y, value));
      if (text === undefined) continue;
      const read = readEnvVariable(name, text, { file, line: y.lineOf(key), key: `${keyPrefix}/${name}`, where: `env ${name} ${where}`, advice: ADVICE });
      settings.push(...read.settings);
      issues.push(...read.issues);
    }
  };
  const readWith = (node: Node | null | undefined, keyPrefix: string, where: string): void => {
    const inputs = deref(y, node);
    if (!isMap(inputs)) return;
    for (const [name, { key, value }] of mapEntries(y, inputs as YAMLMap)) {
      const text = scalarText(deref(y, value));
      if (text === undefined) continue;
      issues.push(...secretFromEnv(name, text, { file, line: y.lineOf(key), key: `${keyPrefix}/${name}`, where: `input ${name} ${where}`, advice: ADVICE }));
    }
  };
  /** `secrets:` passed to a reusable workflow: every value is a credential, so any literal one is committed (`inherit` is no mapping). */
  const readSecrets = (node: Node | null | undefined, keyPrefix: string, where: string): void => {
    const passed = deref(y, node);
    if (!isMap(passed)) return;
    for (const [name, { key, value }] of mapEntries(y, passed as YAMLMap)) {
      const text = scalarText(deref(y, value));
      if (text === undefined) continue;
      const hit = findSecret('secret', text);
      if (hit !== undefined) issues.push(secretIssue(y.lineOf(key), `${keyPrefix}/${name}`, `secret ${name} ${where}`, hit, ADVICE));
    }
  };
  const expectString = (node: Node | null | undefined, label: string, fallback: Node): string => {
    const v = deref(y, node);
    if (!isScalar(v) || typeof v.value !== 'string') throw new ParseError(`${label} must be a string, found ${typeOf(v)}`, file, y.lineOf(v ?? fallback));
    return v.value;
  };
  const pushImage = (image: string, line: number, key: string): void => {
    deps.push({ ...imageFields(image), file, line, kind: 'manifest', key });
  };
  /** A container or service image: one with an expression (`${{ matrix.img }}`) is unknown until run time. */
  const pushContainer = (image: string, line: number, key: string): void => {
    if (image === '') return;
    if (image.includes('${{')) deps.push({ ...unresolvedImage(image), file, line, kind: 'manifest', key });
    else pushImage(image, line, key);
  };
  const pushUses = (raw: string, line: number, key: string): void => {
    const target = readUses(raw);
    if (target.kind === 'invalid') throw new ParseError(`uses ${JSON.stringify(raw)}: ${target.reason}`, file, line);
    if (target.kind === 'local') return;
    if (target.kind === 'docker') return pushImage(target.image, line, key);
    deps.push({
      ecosystem: 'github-actions',
      name: target.name,
      version: target.ref,
      spec: target.ref,
      specType: refSpecType(target.ref),
      file,
      line,
      kind: 'manifest',
      key,
    });
  };
  /** `image` of a job container or service: a string, or a mapping with `image`. */
  const containerImage = (node: Node | null | undefined, label: string, fallback: Node, key: string, where: string): void => {
    const c = deref(y, node);
    if (isScalar(c) && typeof c.value === 'string') {
      pushContainer(c.value, y.lineOf(fallback), key);
      return;
    }
    if (!isMap(c)) return;
    const fields = mapEntries(y, c);
    const image = fields.get('image');
    if (image !== undefined) {
      const ref = expectString(image.value, `${label}.image`, image.key);
      pushContainer(ref, y.lineOf(image.key), key);
    }
    readEnv(fields.get('env')?.value, `${key}/env`, where);
    const creds = deref(y, fields.get('credentials')?.value);
    if (isMap(creds)) readWith(creds, `${key}/credentials`, where);
  };

  readEnv(top.get('env')?.value, 'env', 'of the workflow');
  for (const [jobId, { key: jobKey, value }] of mapEntries(y, jobs)) {
    const job = deref(y, value);
    if (!isMap(job)) throw new ParseError(`jobs.${jobId} must be a mapping, found ${typeOf(job)}`, file, y.lineOf(job ?? jobKey));
    const jf = mapEntries(y, job);
    const where = `of job "${jobId}"`;
    readEnv(jf.get('env')?.value, `jobs/${jobId}/env`, where);
    const uses = jf.get('uses');
    if (uses !== undefined) pushUses(expectString(uses.value, `jobs.${jobId}.uses`, uses.key), y.lineOf(uses.key), `jobs/${jobId}/uses`);
    readWith(jf.get('with')?.value, `jobs/${jobId}/with`, where);
    readSecrets(jf.get('secrets')?.value, `jobs/${jobId}/secrets`, where);
    const container = jf.get('container');
    if (container !== undefined) containerImage(container.value, `jobs.${jobId}.container`, container.key, `jobs/${jobId}/container`, `of the container of job "${jobId}"`);
    const services = deref(y, jf.get('services')?.value);
    if (isMap(services)) {
      for (const [svc, s] of mapEntries(y, services)) {
        containerImage(s.value, `jobs.${jobId}.services.${svc}`, s.key, `jobs/${jobId}/services/${svc}`, `of service "${svc}" of job "${jobId}"`);
      }
    }
    const stepsEntry = jf.get('steps');
    if (stepsEntry === undefined) continue;
    const steps = deref(y, stepsEntry.value);
    if (!isSeq(steps)) throw new ParseError(`jobs.${jobId}.steps must be a list, found ${typeOf(steps)}`, file, y.lineOf(steps ?? stepsEntry.key));
    const counts = new Map<string, number>();
    steps.items.forEach((item, i) => {
      const step = deref(y, item as Node);
      if (!isMap(step)) throw new ParseError(`jobs.${jobId}.steps[${i}] must be a mapping, found ${typeOf(step)}`, file, y.lineOf(step ?? stepsEntry.key));
      const sf = mapEntries(y, step);
      const id = scalarText(deref(y, sf.get('id')?.value));
      const usesEntry = sf.get('uses');
      const usesRaw = usesEntry === undefined ? undefined : expectString(usesEntry.value, `jobs.${jobId}.steps[${i}].uses`, usesEntry.key);
      // The step's identity: its id, else what it uses (without the ref, so a version bump is a change),
      // else "run". A name is left out: renaming a step is an edit that changes no dependency.
      const target = usesRaw === undefined ? undefined : readUses(usesRaw);
      const label =
        id !== undefined && id !== ''
          ? id
          : target?.kind === 'action'
            ? target.name
            : target?.kind === 'docker'
              ? `docker://${imageFields(target.image).name}`
              : target?.kind === 'local'
                ? target.path
                : 'run';
      const n = (counts.get(label) ?? 0) + 1;
      counts.set(label, n);
      const stepKey = `jobs/${jobId}/steps/${label}#${n}`;
      const stepWhere = `of step ${i + 1} of job "${jobId}"`;
      if (usesRaw !== undefined && usesEntry !== undefined) pushUses(usesRaw, y.lineOf(usesEntry.key), stepKey);
      readEnv(sf.get('env')?.value, `${stepKey}/env`, stepWhere);
      readWith(sf.get('with')?.value, `${stepKey}/with`, stepWhere);
    });
  }
  return { deps, settings, issues };
}

/** Workflows GitHub runs: YAML files directly in the repository's .github/workflows folder. */
export function isWorkflowPath(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

export const workflow = {
  id: 'workflow',
  matches: (path) => isWorkflowPath(path),
  parse: (text, path) => parseWorkflow(text, path),
  // Registry variables in `env:` (GOPROXY, PIP_INDEX_URL...) are part of the effective registry configuration.
  inventory: 'registries',
} satisfies Format;
