// Rule `deprecated`: a package the MCP project archived (the built-in corpus knows it, offline), or a
// version the registry marks deprecated (online), is reported once, with the maintained replacement
// when there is one and the registry's own message when it has one.
import { DEPRECATED_MCP, type DeprecatedEntry } from '../policy/corpus.js';
import type { Dependency } from '../types.js';
import { type Check, draftFor, existingVersion } from './check.js';
import { canonicalName } from '../ecosystems/common.js';

function corpusEntry(d: Dependency): DeprecatedEntry | undefined {
  const name = canonicalName(d.name, d.ecosystem);
  return DEPRECATED_MCP.find((e) => e.ecosystem === d.ecosystem && canonicalName(e.name, e.ecosystem) === name);
}

function what(d: Dependency): string {
  if (d.kind === 'config') return `This config launches ${d.name}`;
  if (d.kind === 'bundle') return `This bundle runs ${d.name}`;
  return `${d.name} is added or updated here`;
}

export const deprecatedCheck: Check = {
  rule: 'deprecated',
  run(item, ctx) {
    const archived = corpusEntry(item.dep);
    const view = existingVersion(item, ctx);
    const registry = view?.v.deprecated;
    if (!archived && !registry) return [];
    if (!archived) return [draftFor(item, 'deprecated', `${view!.id} is deprecated on the registry: ${registry}`)];
    const next = archived.replacement
      ? `Move to ${archived.replacement}.`
      : 'The MCP project names no maintained replacement: drop it, or take over its code as your own package and allow that by name.';
    const also = registry ? ` The registry marks ${view!.id} deprecated too: ${registry}` : '';
    return [draftFor(item, 'deprecated', `${what(item.dep)}, which was ${archived.reason}. ${next}${also}`)];
  },
};
