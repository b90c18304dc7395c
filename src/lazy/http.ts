// npm's HTTP client (make-fetch-happen, with cacache, minipass and the proxy agents) and
// npm-registry-fetch's credential lookup: built into dist/lazy-http.js, loaded on the first registry
// request (registry/client.ts).
import fetch from 'make-fetch-happen';
import npmFetch from 'npm-registry-fetch';

export { fetch, npmFetch };
