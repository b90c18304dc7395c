import type { Check } from './check.js';
import { denied } from './denied.js';
import { installScripts } from './install-scripts.js';
import { integrity } from './integrity.js';
import { source } from './source.js';
import { typosquat } from './typosquat.js';
import { unknown } from './unknown.js';
import { unpinned } from './unpinned.js';
import { version } from './version.js';

/** Every rule the gate runs on a changed dependency. A new rule is one module plus one line here. */
export const CHECKS: readonly Check[] = [denied, typosquat, unknown, version, unpinned, source, integrity, installScripts];
