// The registry of file formats: each ecosystem folder lists its formats, and this joins the lists. A
// new format is one module in its ecosystem's folder plus one line in that folder's list.
import { ACTIONS_FORMATS } from './actions/index.js';
import { CARGO_FORMATS } from './cargo/index.js';
import { CONTAINER_FORMATS } from './containers/index.js';
import type { Format } from './format.js';
import { GO_FORMATS } from './go/index.js';
import { MCP_FORMATS } from './mcp/index.js';
import { NPM_FORMATS } from './npm/index.js';
import { PYPI_FORMATS } from './pypi/index.js';
import { REGISTRY_CONFIG_FORMATS } from './registry-config/index.js';

/** Every format the gate reads, in the order they are asked whether they match a path. */
export const FORMATS: readonly Format[] = [
  ...NPM_FORMATS,
  ...PYPI_FORMATS,
  ...GO_FORMATS,
  ...CARGO_FORMATS,
  ...CONTAINER_FORMATS,
  ...ACTIONS_FORMATS,
  ...MCP_FORMATS,
  ...REGISTRY_CONFIG_FORMATS,
];

/** The format that reads the file at this repository-relative path, if any. */
export function formatFor(path: string): Format | undefined {
  return FORMATS.find((format) => format.matches(path));
}
