// The part of make-fetch-happen (npm's HTTP client, no types of its own) that client.ts uses.
declare module 'make-fetch-happen' {
  function fetch(url: string, opts?: fetch.FetchOptions): Promise<fetch.FetchResponse>;
  namespace fetch {
    interface FetchHeaders {
      get(name: string): string | null;
    }
    interface FetchBody extends AsyncIterable<Buffer | string> {
      resume(): unknown;
    }
    interface FetchResponse {
      status: number;
      url: string;
      headers: FetchHeaders;
      body: FetchBody;
    }
    interface FetchOptions {
      method?: string;
      headers?: Record<string, string>;
      /** 'manual' answers a 3xx as it is, for the caller to follow. */
      redirect?: 'follow' | 'manual' | 'error';
      proxy?: string;
      noProxy?: string;
      maxSockets?: number;
      /** Per request, in ms. */
      timeout?: number;
      retry?: { retries: number };
      signal?: AbortSignal;
      strictSSL?: boolean;
    }
  }
  export = fetch;
}
