// Go and Docker end lines at LF only (a CR is a space to the go.mod lexer and stays in a Dockerfile
// line); findings are still reported on the GitHub line where the text stands.
import { asParsed } from '../../src/formats/format.js';
import { dockerfile, MAX_LINE_BYTES } from '../../src/formats/containers/dockerfile.js';
import { goEnv } from '../../src/formats/registry-config/go-env.js';
import { goMod, goSum } from '../../src/formats/go/go-mod.js';
import { parseErrorOf } from './helpers.js';

describe('go.mod and go.sum (golang.org/x/mod lexer, cmd/go go.sum reader): LF only', () => {
  it('reads a require after a lone CR as part of the go.mod line, reported where its first token stands', () => {
    const deps = goMod.parse('module example.com/m\n\rrequire a.example/b v1.0.0\n', 'go.mod');
    expect(deps.map((d) => [d.name, d.line])).toEqual([['a.example/b', 3]]);
  });

  it('does not end a statement at a lone CR (the go command reads one line, and refuses it)', () => {
    expect(parseErrorOf(() => goMod.parse('module example.com/m\rrequire a.example/b v1.0.0\n', 'go.mod')).line).toBe(1);
  });

  it('reports a go.sum line on the GitHub line of its first field', () => {
    expect(goSum.parse('\ra.example/b v1.0.0 h1:abc=\n', 'go.sum').map((d) => [d.name, d.line])).toEqual([['a.example/b', 2]]);
  });

  it('keeps a CR inside a go.env value, as cmd/go does (the rest of a CR-only file is that value)', () => {
    const { settings } = asParsed(goEnv.parse('GONOSUMDB=corp.example\rGOPROXY=https://evil.example\n', 'go.env'));
    expect(settings!.map((s) => [s.setting, s.value, s.line])).toEqual([['GONOSUMDB', 'corp.example\rGOPROXY=https://evil.example', 1]]);
  });

  // Found by the property tests: each part of a list value was trimmed with a regex that backtracks
  // quadratically on a run of spaces inside it (18,000 tabs took 0.4 s, 300,000 over a minute).
  it('reads a go.env value with a long run of tabs inside it in linear time, the tabs kept', () => {
    const value = `github.com/acme/${'\t'.repeat(300_000)}*,corp.example`;
    const { settings } = asParsed(goEnv.parse(`GOPRIVATE=${value}\n`, 'go.env'));
    expect(settings!.map((s) => [s.setting, s.value, s.line])).toEqual([['GOPRIVATE', value, 1]]);
  });

  it('matches each require to its replace in linear time', () => {
    let text = 'module m\n';
    for (let i = 0; i < 5_000; i++) text += `require x.example/m${i} v1.0.0\nreplace x.example/m${i} => y.example/m${i} v1.0.1\n`;
    const deps = goMod.parse(text, 'go.mod');
    expect(deps.filter((d) => d.key.startsWith('require/')).every((d) => d.resolved === `y.example/${d.name.slice(10)}@v1.0.1`)).toBe(true);
    expect(deps.find((d) => d.key === 'replace/x.example/m4999')?.version).toBe('v1.0.0');
  });
});

describe("Dockerfile (BuildKit's scanner: LF only, trailing CRs trimmed)", () => {
  const images = (text: string) => asParsed(dockerfile.parse(text, 'Dockerfile')).deps.map((d) => [d.name, d.line]);

  it('reads a CR-only Dockerfile as one line, as docker build does (and refuses it the same way)', () => {
    expect(parseErrorOf(() => dockerfile.parse('FROM node:20\rFROM evil/image\r', 'Dockerfile')).message).toContain('FROM requires either one or three arguments');
  });

  it('trims every CR at the end of a line and numbers lines as GitHub does', () => {
    expect(images('FROM a\r\r\nFROM b\n')).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
  });

  it('refuses a line docker build refuses (longer than 65535 bytes), naming the limit', () => {
    const err = parseErrorOf(() => dockerfile.parse(`FROM a\nRUN ${'x'.repeat(MAX_LINE_BYTES)}\n`, 'Dockerfile'));
    expect(err).toMatchObject({ line: 2 });
    expect(err.message).toContain(String(MAX_LINE_BYTES));
  });

  it('reads 50,000 continuation lines and a directive padded with 50,000 spaces', () => {
    expect(images(`FROM a\nRUN x \\\n${'  y \\\n'.repeat(50_000)}  z\nFROM b\n`)).toEqual([
      ['a', 1],
      ['b', 50_004],
    ]);
    expect(images(`# syntax=${' '.repeat(50_000)}docker/dockerfile:1\nFROM a\n`)[0]).toEqual(['docker/dockerfile', 1]);
  });
});
