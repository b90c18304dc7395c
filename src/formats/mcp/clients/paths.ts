// Where each client keeps its config: the paths the client formats match.
import { slashed } from '../../../common/paths.js';
import { underNodeModules } from '../../paths.js';

/** The path's segments. */
function segments(path: string): string[] {
  return slashed(path).split('/');
}

/** Whether the path ends with these segments (`['.vscode', 'mcp.json']`), outside node_modules. */
export function endsWith(path: string, ...tail: string[]): boolean {
  const segs = segments(path);
  if (underNodeModules(segs.join('/')) || segs.length < tail.length || isContinueFile(path)) return false;
  return tail.every((t, k) => segs[segs.length - tail.length + k] === t);
}

/** VS Code's user-profile mcp.json: `<Code|Code - Insiders|VSCodium>/User/mcp.json` (and `User/profiles/<id>/mcp.json`). */
export function isVscodeUserMcp(path: string): boolean {
  const segs = segments(path);
  if (segs[segs.length - 1] !== 'mcp.json' || underNodeModules(segs.join('/'))) return false;
  const user = segs[segs.length - 2] === 'User' ? segs.length - 2 : segs[segs.length - 4] === 'User' && segs[segs.length - 3] === 'profiles' ? segs.length - 4 : -1;
  return user > 0 && VSCODE_FLAVOURS.has(segs[user - 1]);
}

const VSCODE_FLAVOURS = new Set(['Code', 'Code - Insiders', 'VSCodium']);

export function isContinueFile(path: string): boolean {
  const segs = segments(path);
  if (underNodeModules(segs.join('/'))) return false;
  const n = segs.length;
  if (n >= 3 && segs[n - 3] === '.continue' && segs[n - 2] === 'mcpServers' && /\.(ya?ml|json)$/i.test(segs[n - 1])) return true;
  return n >= 2 && segs[n - 2] === '.continue' && /^config\.ya?ml$/i.test(segs[n - 1]);
}
