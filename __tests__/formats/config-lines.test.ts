// Registry configs split into lines as their own tools split them, reported on GitHub's lines; long
// lines cost linear time.
import { asParsed, type Format } from '../../src/formats/format.js';
import { npmrc } from '../../src/formats/registry-config/npmrc.js';
import { pipConf } from '../../src/formats/registry-config/pip-conf.js';
import { yarnrc } from '../../src/formats/registry-config/yarnrc.js';
import { parseErrorOf } from './helpers.js';

function settings(format: Format, path: string, text: string): [string, string, number][] {
  return (asParsed(format.parse(text, path)).settings ?? []).map((s) => [s.setting, s.value, s.line]);
}

describe(".npmrc: npm's ini splits with /[\\r\\n]+/", () => {
  it('reads a CR-only file line by line (it used to be one line, and the registry passed unseen)', () => {
    expect(settings(npmrc, '.npmrc', '; project settings\rregistry=http://evil.example/\r')).toEqual([['registry', 'http://evil.example/', 2]]);
  });

  it('reports each setting on its GitHub line when CR and LF runs separate them', () => {
    const text = 'a=1\r\n\r\n\rstrict-ssl=false\n\r@acme:registry=https://npm.acme.example/\n';
    expect(settings(npmrc, '.npmrc', text)).toEqual([
      ['strict-ssl', 'false', 4],
      ['@acme:registry', 'https://npm.acme.example/', 6],
    ]);
  });
});

describe("pip.conf: configparser reads with universal newlines and Python's whitespace", () => {
  it('reads a CR-only file (a registry redirect used to pass unseen)', () => {
    expect(settings(pipConf, 'pip.conf', '[global]\rindex-url = http://evil.example/simple\r')).toEqual([['index-url', 'http://evil.example/simple', 2]]);
  });

  it('continues a value on deeper-indented CR-separated lines, each URL on its own line', () => {
    const text = '[global]\rextra-index-url =\r    https://a.example/simple\r\n    https://b.example/simple\r';
    expect(settings(pipConf, 'pip.conf', text)).toEqual([
      ['extra-index-url', 'https://a.example/simple', 3],
      ['extra-index-url', 'https://b.example/simple', 4],
    ]);
  });

  it('does not end a line at a form feed or LS (Python file iteration does not), but strips them as whitespace', () => {
    expect(settings(pipConf, 'pip.conf', '[global]\ntimeout = 60\fproxy = x\n')).toEqual([]);
    expect(settings(pipConf, 'pip.conf', '[global]\n\x1cindex-url = https://a.example/simple\x1f\n')).toEqual([['index-url', 'https://a.example/simple', 2]]);
  });

  it('splits name and value at the first = or : in linear time (a 50,000-space line used to hang)', () => {
    const spaces = ' '.repeat(50_000);
    expect(parseErrorOf(() => pipConf.parse(`[global]\nx${spaces}y\n`, 'pip.conf'))).toMatchObject({ line: 2 });
    expect(settings(pipConf, 'pip.conf', `[global]\nindex-url${spaces}=${spaces}https://a.example/simple${spaces}\n`)).toEqual([['index-url', 'https://a.example/simple', 2]]);
  });
});

describe(".yarnrc: Yarn 1's tokenizer (LF, CRLF and lone CR; a comment runs to the next LF)", () => {
  it('reads a setting after a lone CR', () => {
    expect(settings(yarnrc, '.yarnrc', 'strict-ssl false\rregistry "http://evil.example/"\r')).toEqual([
      ['strict-ssl', 'false', 1],
      ['registry', 'http://evil.example/', 2],
    ]);
  });

  it('reads spaces after a lone CR as no indentation (Yarn 1 reads that line at the top level)', () => {
    const text = 'registry "https://registry.yarnpkg.com"\r  registry "http://evil.example/"\n';
    expect(settings(yarnrc, '.yarnrc', text)).toEqual([['registry', 'http://evil.example/', 2]]);
  });

  it('lets a comment swallow CR-separated lines up to the next LF, as Yarn 1 does', () => {
    const text = '# managed by ops\rregistry "http://ignored.example/"\nstrict-ssl false\n';
    expect(settings(yarnrc, '.yarnrc', text)).toEqual([['strict-ssl', 'false', 3]]);
  });

  it('keeps a # inside a quoted value', () => {
    expect(settings(yarnrc, '.yarnrc', 'registry "https://r.example/#x"\r')).toEqual([['registry', 'https://r.example/#x', 1]]);
  });

  it('reads a 10 MB quoted value without overflowing the stack', () => {
    const big = 'a'.repeat(10_000_000);
    const [[setting, value, line]] = settings(yarnrc, '.yarnrc', `registry "https://r.example/${big}"\n`);
    expect([setting, value.length, line]).toEqual(['registry', 'https://r.example/'.length + big.length, 1]);
    expect(parseErrorOf(() => yarnrc.parse(`x\nregistry "${big}\n`, '.yarnrc'))).toMatchObject({ line: 2 });
  });
});
