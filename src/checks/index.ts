import { bundlePolicy } from './bundle.js';
import type { Check } from './check.js';
import { registryCheck } from './registry.js';
import { denied } from './denied.js';
import { deprecatedCheck } from './deprecated.js';
import { existsCheck } from './exists.js';
import { installScripts } from './install-scripts.js';
import { integrity, registryIntegrityCheck } from './integrity.js';
import { launcherPath } from './launcher-path.js';
import { provenanceCheck } from './provenance.js';
import { range } from './range.js';
import { publisherCheck } from './publisher.js';
import { registryConfig } from './registry-config.js';
import { releaseAgeCheck } from './release-age.js';
import { remote } from './remote.js';
import { signatureCheck } from './signature.js';
import { source } from './source.js';
import { typosquat } from './typosquat.js';
import { unknown } from './unknown.js';
import { unpinned } from './unpinned.js';
import { version } from './version.js';

/** Every rule the gate runs on a changed dependency. A new rule is one module plus one line here. */
export const CHECKS: readonly Check[] = [
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
];
