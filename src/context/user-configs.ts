// Where each MCP client keeps the current user's own config, on Linux, macOS and Windows, found from
// the environment (HOME or USERPROFILE, APPDATA, XDG_CONFIG_HOME, CODEX_HOME) so a fixture home can
// stand in for a real one. Every OS's location is looked at whatever OS this is: a home synced or
// copied from another machine, or a test fixture, is read the same way. Nothing is started.
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface UserConfig {
  /** Which client keeps its config there. */
  client: string;
  /** Absolute path on this machine. */
  file: string;
  /** How reports name it: `~/...` under the home directory, else the absolute path with `/`. */
  display: string;
}

export interface UserDirs {
  home: string;
  /** Windows roaming application data (`%APPDATA%`). */
  appData: string;
  /** XDG base directory for config on Linux (`$XDG_CONFIG_HOME`, default `~/.config`). */
  xdgConfig: string;
  codexHome: string;
}

export function userDirs(env: NodeJS.ProcessEnv): UserDirs {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return {
    home,
    appData: env.APPDATA || path.join(home, 'AppData', 'Roaming'),
    xdgConfig: env.XDG_CONFIG_HOME || path.join(home, '.config'),
    codexHome: env.CODEX_HOME || path.join(home, '.codex'),
  };
}

/** Every place a client keeps a user-level MCP config, existing or not. */
export function userConfigCandidates(d: UserDirs): { client: string; file: string }[] {
  const macSupport = path.join(d.home, 'Library', 'Application Support');
  const vscodeFlavours = ['Code', 'Code - Insiders', 'VSCodium'];
  return [
    // Claude Code: top-level and per-project `mcpServers` in one file.
    { client: 'Claude Code', file: path.join(d.home, '.claude.json') },
    // Claude Desktop
    { client: 'Claude Desktop', file: path.join(macSupport, 'Claude', 'claude_desktop_config.json') },
    { client: 'Claude Desktop', file: path.join(d.appData, 'Claude', 'claude_desktop_config.json') },
    { client: 'Claude Desktop', file: path.join(d.xdgConfig, 'Claude', 'claude_desktop_config.json') },
    // Cursor: the same place on every OS (`%USERPROFILE%\.cursor` on Windows).
    { client: 'Cursor', file: path.join(d.home, '.cursor', 'mcp.json') },
    // VS Code's user-profile mcp.json
    ...vscodeFlavours.flatMap((v) => [
      { client: 'VS Code', file: path.join(macSupport, v, 'User', 'mcp.json') },
      { client: 'VS Code', file: path.join(d.appData, v, 'User', 'mcp.json') },
      { client: 'VS Code', file: path.join(d.xdgConfig, v, 'User', 'mcp.json') },
    ]),
    { client: 'Gemini CLI', file: path.join(d.home, '.gemini', 'settings.json') },
    { client: 'Codex', file: path.join(d.codexHome, 'config.toml') },
    { client: 'Windsurf', file: path.join(d.home, '.codeium', 'windsurf', 'mcp_config.json') },
    // Zed: ~/.config/zed on Linux and macOS, %APPDATA%\Zed on Windows.
    { client: 'Zed', file: path.join(d.xdgConfig, 'zed', 'settings.json') },
    { client: 'Zed', file: path.join(d.home, '.config', 'zed', 'settings.json') },
    { client: 'Zed', file: path.join(d.appData, 'Zed', 'settings.json') },
    { client: 'Continue', file: path.join(d.home, '.continue', 'config.yaml') },
    { client: 'Continue', file: path.join(d.home, '.continue', 'config.yml') },
    ...continueServerFiles(path.join(d.home, '.continue', 'mcpServers')),
  ];
}

function continueServerFiles(dir: string): { client: string; file: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.filter((n) => /\.(ya?ml|json)$/i.test(n)).map((n) => ({ client: 'Continue', file: path.join(dir, n) }));
}

/** How a report names a file: `~/` and `/` under the home directory, the absolute path elsewhere. */
export function displayPath(file: string, home: string): string {
  const rel = path.relative(home, file);
  const under = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  return (under ? `~/${rel}` : file).split(path.sep).join('/');
}

/** The user configs that exist, each once (XDG and ~/.config are often the same directory). */
export function findUserConfigs(env: NodeJS.ProcessEnv): { configs: UserConfig[]; dirs: UserDirs } {
  const dirs = userDirs(env);
  const seen = new Set<string>();
  const configs: UserConfig[] = [];
  for (const c of userConfigCandidates(dirs)) {
    const file = path.resolve(c.file);
    if (seen.has(file)) continue;
    seen.add(file);
    try {
      if (!statSync(file).isFile()) continue;
    } catch {
      continue;
    }
    configs.push({ client: c.client, file, display: displayPath(file, dirs.home) });
  }
  return { configs, dirs };
}
