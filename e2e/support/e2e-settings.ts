// Settings shared by the Playwright configuration, the global setup and the specs.

/** Port of the portal; the launcher puts the GitHub simulator on +1 and Secrets Manager on +2. */
export const PORTAL_PORT = 3100;
export const GITHUB_PORT = PORTAL_PORT + 1;
export const AWS_PORT = PORTAL_PORT + 2;

/** The portal's own address in the sandbox (NEXTAUTH_URL), so session cookies belong to it. */
export const PORTAL_URL = `http://localhost:${PORTAL_PORT}`;
export const GITHUB_URL = `http://127.0.0.1:${GITHUB_PORT}`;
export const AWS_URL = `http://127.0.0.1:${AWS_PORT}`;
