// What may be shown of a URL or an error text: scheme, host and path; never a user:password, a query
// (`?token=`, `?access_token=`), a fragment, or a credential the caller holds.
import { safeText, safeUrl, shownUrl } from '../../src/redact/urls.js';

describe('safeUrl', () => {
  it('keeps scheme, host, port and path only', () => {
    expect(safeUrl('https://user:pa55word@npm.example.internal:8443/npm/pkg?token=abc&access_token=def#frag')).toBe('https://npm.example.internal:8443/npm/pkg');
    expect(safeUrl('not a url')).toBe('(not a URL)');
  });
});

describe('shownUrl (a configured URL shown as evidence)', () => {
  it('cuts a URL that carries credentials, a query or a fragment', () => {
    expect(shownUrl('https://user:pa55word@npm.example.internal/')).toBe('https://npm.example.internal/');
    expect(shownUrl('https://npm.example.internal/?token=abc')).toBe('https://npm.example.internal/');
    expect(shownUrl('https://tok3n@npm.example.internal/npm/')).toBe('https://npm.example.internal/npm/');
  });

  it('leaves everything else as configured', () => {
    expect(shownUrl('https://proxy.golang.org')).toBe('https://proxy.golang.org');
    expect(shownUrl('direct')).toBe('direct');
    expect(shownUrl('https://registry.npmjs.org/@scope%2fpkg')).toBe('https://registry.npmjs.org/@scope%2fpkg');
  });
});

describe('safeText (an error text for a message)', () => {
  it('cuts every URL in the text', () => {
    const text = 'request to http://bob:hunter2-pass@127.0.0.1:4873/pkg?token=q-s3cr3t failed, reason: connect ECONNREFUSED 127.0.0.1:4873; retried https://h.example/x?access_token=a-s3cr3t#f';
    const safe = safeText(text);
    expect(safe).toBe('request to http://127.0.0.1:4873/pkg failed, reason: connect ECONNREFUSED 127.0.0.1:4873; retried https://h.example/x');
  });

  it('masks the credentials it is given wherever they still appear, such as an echo in a body', () => {
    const token = 'npm_EchoedT0kenValue0123456789abcdefAB';
    expect(safeText(`Unexpected token 'n', "${token}" is not valid JSON`, [token])).toBe(`Unexpected token 'n', "****" is not valid JSON`);
    expect(safeText('Bearer abc', ['abc', ''])).toBe('Bearer abc');
  });
});
