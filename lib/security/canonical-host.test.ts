import { describe, expect, it } from "vitest";

import { loopbackRedirect, loopbackRedirectPage } from "./canonical-host";

const page = new URL("http://127.0.0.1:3000/requests?status=open");

describe("loopbackRedirect", () => {
  it("sends 127.0.0.1 to the configured localhost", () => {
    expect(loopbackRedirect("GET", page, "127.0.0.1:3000", "http://localhost:3000")?.href).toBe("http://localhost:3000/requests?status=open");
  });

  it("sends [::1] to the configured localhost", () => {
    expect(loopbackRedirect("GET", page, "[::1]:3000", "http://localhost:3000")?.href).toBe("http://localhost:3000/requests?status=open");
  });

  it.each([
    ["configured host", "GET", "localhost:3000", "http://localhost:3000"],
    ["POST", "POST", "127.0.0.1:3000", "http://localhost:3000"],
    ["API path", "GET", "127.0.0.1:3000", "http://localhost:3000", "/api/health"],
    ["other port", "GET", "127.0.0.1:4000", "http://localhost:3000"],
    ["public host", "GET", "portal.example.com", "http://localhost:3000"],
    ["public configured URL", "GET", "127.0.0.1", "https://secrets.example.com"],
    ["no configured URL", "GET", "127.0.0.1:3000", undefined],
    ["no Host header", "GET", null, "http://localhost:3000"],
  ])("keeps %s", (_case, method, host, configured, path = "/requests") => {
    expect(loopbackRedirect(method, new URL(path, page), host, configured)).toBeNull();
  });
});

describe("loopbackRedirectPage", () => {
  it("refreshes to the escaped target", () => {
    const html = loopbackRedirectPage(new URL('http://localhost:3000/requests?a=1&b="x"'));
    expect(html).toContain('<meta http-equiv="refresh" content="0;url=http://localhost:3000/requests?a=1&amp;b=%22x%22">');
  });
});
