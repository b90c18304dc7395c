// Compose files (compose.yaml, docker-compose.yml, compose.override.yaml...): the image of each
// service. `${VAR:-default}` takes its default; a variable without one leaves the image unknown
// (specType 'invalid', spec as written). YAML merge keys (`<<: *base`) are followed.
import { isMap, isScalar, type Node } from 'yaml';
import type { Dependency, ParsedFile } from '../../types.js';
import { type Format, ParseError } from '../format.js';
import { imageFields, unresolvedImage } from '../../ecosystems/oci.js';
import { substituteVars } from './vars.js';
import { fileNamed, underVendor } from '../paths.js';
import { slashed } from '../../common/paths.js';
import { readYaml, typeOf, mapEntries, deref } from '../readers/yaml.js';


function parseCompose(text: string, file: string): ParsedFile {
  const y = readYaml(text, file);
  const root = y.doc.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) return { deps: [] };
  if (!isMap(root)) throw new ParseError(`a compose file must be a mapping, found ${typeOf(root)}`, file, y.lineOf(root));
  const services = mapEntries(y, root).get('services');
  if (services === undefined) return { deps: [] };
  const svcMap = deref(y, services.value);
  if (svcMap === null || svcMap === undefined || (isScalar(svcMap) && svcMap.value === null)) return { deps: [] };
  if (!isMap(svcMap)) throw new ParseError(`services must be a mapping, found ${typeOf(svcMap)}`, file, y.lineOf(svcMap));
  const deps: Dependency[] = [];
  for (const [name, { key, value }] of mapEntries(y, svcMap)) {
    const svc = deref(y, value);
    if (svc === null || svc === undefined || (isScalar(svc) && svc.value === null)) continue;
    if (!isMap(svc)) throw new ParseError(`services.${name} must be a mapping, found ${typeOf(svc)}`, file, y.lineOf(svc ?? key));
    const image = mapEntries(y, svc).get('image');
    if (image === undefined) continue; // built from source only
    const imageNode = deref(y, image.value);
    if (!isScalar(imageNode) || typeof imageNode.value !== 'string') {
      throw new ParseError(`services.${name}.image must be a string, found ${typeOf(imageNode)}`, file, y.lineOf(imageNode ?? image.key));
    }
    const raw = imageNode.value;
    // Compose interpolates from the environment and .env, which the gate cannot see: only defaults resolve.
    const resolved = substituteVars(raw, new Map(), true);
    const fields = resolved === undefined ? unresolvedImage(raw) : imageFields(resolved);
    deps.push({ ...fields, file, line: y.lineOf(image.key), kind: 'manifest', key: `services/${name}` });
  }
  return { deps };
}

/** compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml, and their `.override`/`.<env>` variants. */
export function isComposeName(base: string): boolean {
  return /^(docker-)?compose(\.[A-Za-z0-9_-]+)*\.ya?ml$/.test(base);
}

export const compose = {
  id: 'compose',
  // A workflow that happens to be called compose.yml belongs to the workflow format.
  matches: (path) => fileNamed(isComposeName, underVendor)(path) && !/^\.github\/workflows\/[^/]+$/.test(slashed(path)),
  parse: (text, path) => parseCompose(text, path),
} satisfies Format;
