// Every check the gate runs, one module per rule id, named after it (rules/catalogue.ts lists the rules;
// a test holds the two against each other). A new rule is one catalogue entry, one module here and one
// line in CHECKS. The order is the order findings are drafted in: for one file, line and rule, it is
// the order they are reported in.
import { bundlePolicy } from './bundle.js';
import type { Check } from './check.js';
import { configShape } from './config-shape.js';
import { denied } from './denied.js';
import { deprecatedCheck } from './deprecated.js';
import { exceptionExpired } from './exception-expired.js';
import { existsCheck } from './exists.js';
import { installScripts } from './install-scripts.js';
import { integrity, registryIntegrityCheck } from './integrity.js';
import { launcher } from './launcher.js';
import { launcherPath } from './launcher-path.js';
import { parseError } from './parse-error.js';
import { policyChanged } from './policy-changed.js';
import { provenanceCheck } from './provenance.js';
import { publisherCheck } from './publisher.js';
import { range } from './range.js';
import { registryCheck } from './registry.js';
import { registryConfig } from './registry-config.js';
import { releaseAgeCheck } from './release-age.js';
import { remote } from './remote.js';
import { secret } from './secret.js';
import { serverJsonCheck } from './server-json.js';
import { signatureCheck } from './signature.js';
import { source } from './source.js';
import { template } from './template.js';
import { typosquat } from './typosquat.js';
import { unknown } from './unknown.js';
import { unpinned } from './unpinned.js';
import { version } from './version.js';

export const CHECKS: readonly Check[] = [
  // changed files themselves: the policy, and files that could not be read
  policyChanged,
  parseError,
  // from the files alone
  denied,
  typosquat,
  unknown,
  version,
  unpinned,
  range,
  source,
  integrity,
  installScripts,
  bundlePolicy,
  // what a file shows by itself (its format observes it; the rule reports each new one)
  secret,
  launcher,
  serverJsonCheck,
  template,
  configShape,
  // MCP server entries and registry settings (client configs, bundles, server.json; .npmrc, pip.conf...)
  remote,
  launcherPath,
  registryConfig,
  // from the registry's facts (the Facts stage)
  registryCheck,
  existsCheck,
  registryIntegrityCheck,
  signatureCheck,
  provenanceCheck,
  publisherCheck,
  releaseAgeCheck,
  deprecatedCheck,
  // decided with the verdict, which applies the policy's exceptions
  exceptionExpired,
];
