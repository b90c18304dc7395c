import { shownUrl } from '../redact/urls.js';
import { expectedRegistries, isExpectedRegistry } from '../policy/match.js';
import type { Policy } from '../policy/types.js';
import type { RegistrySetting } from '../types.js';
import type { Check, Draft } from './check.js';

function draft(s: RegistrySetting, message: string): Draft {
  return { rule: 'registry-config', file: s.file, line: s.line, message, ecosystem: s.ecosystem, name: s.scope };
}

/** The registry the policy names for this setting's ecosystem (and scope), in words. */
function policyRegistry(s: RegistrySetting, policy: Policy): string {
  return expectedRegistries(s, policy).map(shownUrl).join(' or ') || '(none)';
}

function isHttp(value: string): boolean {
  return /^http:\/\//i.test(value.trim()) || value.split(',').some((v) => /^http:\/\//i.test(v.trim()));
}

/**
 * A package-manager setting must keep packages coming from the policy's registries with TLS and
 * checksums on: another registry (for all packages or a scope), an extra index beside the main one,
 * http, or disabled verification is reported on the setting's line.
 */
export const registryConfig: Check = {
  rule: 'registry-config',
  setting(s, { policy }) {
    const what = `${s.setting} = ${s.value}`;
    const where = s.scope ? `packages of ${s.scope}` : `${s.ecosystem} packages`;
    switch (s.effect) {
      case 'registry': {
        if (isExpectedRegistry(s, policy)) return isHttp(s.value) ? [draft(s, `${what} fetches ${where} over plain http`)] : [];
        return [draft(s, `${what} makes ${where} come from ${s.value}, not from the policy's registry ${policyRegistry(s, policy)}${isHttp(s.value) ? ', and over plain http' : ''}`)];
      }
      case 'extra-registry':
        return [
          draft(s, `${what} adds an index beside ${policyRegistry(s, policy)}: the installer takes a package from whichever index has the highest version, so anyone who claims an internal name on either one wins (dependency confusion)`),
        ];
      case 'tls-off':
        return [draft(s, `${what} turns off TLS certificate checks for ${s.ecosystem}: a machine in the middle can serve any package`)];
      case 'checksum-off':
        return [draft(s, `${what} turns off or weakens checksum verification for ${s.ecosystem}: changed bytes would install without an error`)];
      case 'insecure-host':
        return [draft(s, `${what} lets ${s.ecosystem} fetch from this host over http or without certificate checks`)];
      case 'lockfile-off':
        return [draft(s, `${what} turns the lockfile off: installs are no longer pinned to reviewed versions and hashes`)];
      case 'scripts-on':
        return policy.registries.npm.ignoreScripts ? [draft(s, `${what} turns install scripts on, where the policy wants them off (registries.npm.ignore-scripts)`)] : [];
      default:
        return [];
    }
  },
};
