import picomatch from 'picomatch';
import { safeUrl } from '../redact/urls.js';
import { HOST_GLOB } from '../policy/match.js';
import type { McpServer } from '../types.js';
import type { Check, Draft } from './check.js';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function draft(s: McpServer, message: string): Draft {
  return { rule: 'remote', file: s.file, line: s.line, message, name: s.name };
}

/** A remote server's URL must be https (plain http only to this machine), and on the policy's hosts when it lists some. */
export const remote: Check = {
  rule: 'remote',
  server(s, { policy }) {
    if (!s.url) return [];
    let url: URL;
    try {
      url = new URL(s.url);
    } catch {
      return [draft(s, `MCP server "${s.name}" has a url that is not a URL`)];
    }
    const host = url.hostname.toLowerCase();
    const out: Draft[] = [];
    if (url.protocol === 'http:' && !LOOPBACK.test(host)) {
      out.push(draft(s, `MCP server "${s.name}" connects to ${safeUrl(s.url)} over plain http: anyone on the path can read and change what the agent sends and receives`));
    } else if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      out.push(draft(s, `MCP server "${s.name}" connects to ${safeUrl(s.url)}: only https remotes are accepted`));
    }
    const hosts = policy.remotes.hosts;
    if (hosts && !LOOPBACK.test(host) && !hosts.some((h) => picomatch.isMatch(host, h, HOST_GLOB))) {
      out.push(draft(s, `MCP server "${s.name}" connects to ${host}, which is not on the policy's remotes.hosts (${hosts.join(', ') || 'none'})`));
    }
    return out;
  },
};
