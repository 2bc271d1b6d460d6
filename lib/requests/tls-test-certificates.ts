import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Test helper: a self-signed certificate and its key, made by the openssl command line,
// because Node's crypto module can parse certificates but not issue them.

export interface TestKeyPair {
  certificate: string;
  privateKey: string;
}

/** Issues a self-signed certificate for `commonName`, valid for `days` from now. */
export function issueTestCertificate(commonName: string, options: { days?: number; algorithm?: "ec" | "rsa" } = {}): TestKeyPair {
  const dir = mkdtempSync(path.join(tmpdir(), "portal-tls-"));
  try {
    const keyOptions = options.algorithm === "rsa" ? ["-newkey", "rsa:2048"] : ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"];
    execFileSync(
      "openssl",
      ["req", "-x509", ...keyOptions, "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", String(options.days ?? 30), "-subj", `/CN=${commonName}/O=Secrets Portal tests`],
      { cwd: dir, stdio: "pipe" },
    );
    return { certificate: readFileSync(path.join(dir, "cert.pem"), "utf8"), privateKey: readFileSync(path.join(dir, "key.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
