
export const PUBLIC_PYPI_INDEX = 'https://pypi.org/simple/';
export const DEFAULT_GOPROXY = ['https://proxy.golang.org', 'https://proxy.golang.org,direct'];
export const DEFAULT_GOSUMDB = 'sum.golang.org';
export const CRATES_IO = ['registry+https://github.com/rust-lang/crates.io-index', 'sparse+https://index.crates.io/'];
/** Registries MCP images are published to by their makers (Docker Hub's mcp/ namespace, GitHub, Microsoft, AWS, Quay). */
export const DEFAULT_OCI_REGISTRIES = ['docker.io', 'ghcr.io', 'mcr.microsoft.com', 'public.ecr.aws', 'quay.io'];
export const DEFAULT_POLICY_PATH = '.github/mcp-policy.yml';
/** Files larger than this are not parsed; they become a `parse-error` finding. */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;
