import { describe, expect, it } from "vitest";

import { PortalError } from "@/lib/errors";

import { checkTlsKeyPair } from "./tls";
import { issueTestCertificate } from "./tls-test-certificates";

const FIELDS = { certificate: "certificate", key: "key" };
const ecPair = issueTestCertificate("api.example.com");
const rsaPair = issueTestCertificate("rsa.example.com", { algorithm: "rsa" });
const otherPair = issueTestCertificate("other.example.com");

function failure(run: () => unknown): PortalError {
  try {
    run();
  } catch (error) {
    if (error instanceof PortalError) return error;
    throw error;
  }
  throw new Error("expected a PortalError");
}

describe("checkTlsKeyPair", () => {
  it("matching EC pair returns the facts", () => {
    const facts = checkTlsKeyPair(ecPair.certificate, ecPair.privateKey, FIELDS);
    expect(facts.subject).toContain("CN=api.example.com");
    expect(facts.issuer).toContain("CN=api.example.com");
    expect(facts.notAfter.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
  });

  it("matching RSA pair passes", () => {
    expect(checkTlsKeyPair(rsaPair.certificate, rsaPair.privateKey, FIELDS).subject).toContain("CN=rsa.example.com");
  });

  it("chain with the leaf first passes", () => {
    const chain = `${ecPair.certificate}${otherPair.certificate}`;
    expect(checkTlsKeyPair(chain, ecPair.privateKey, FIELDS).subject).toContain("CN=api.example.com");
  });

  it("mismatched key names the key field", () => {
    const error = failure(() => checkTlsKeyPair(ecPair.certificate, otherPair.privateKey, FIELDS));
    expect(error.code).toBe("VALIDATION");
    expect(error.fieldErrors.key?.[0]).toMatch(/does not match the certificate/);
  });

  it("mismatch message leaves the key out", () => {
    const error = failure(() => checkTlsKeyPair(ecPair.certificate, otherPair.privateKey, FIELDS));
    const keyBody = otherPair.privateKey.split("\n")[1] ?? "";
    expect(error.message).not.toContain(keyBody);
  });

  it("expired certificate is refused", () => {
    const later = new Date(Date.now() + 31 * 24 * 3600 * 1000);
    const error = failure(() => checkTlsKeyPair(ecPair.certificate, ecPair.privateKey, FIELDS, later));
    expect(error.fieldErrors.certificate?.[0]).toMatch(/expired on/);
  });

  it("text that is not PEM names the certificate field", () => {
    const error = failure(() => checkTlsKeyPair("hello", ecPair.privateKey, FIELDS));
    expect(error.fieldErrors.certificate?.[0]).toMatch(/not in PEM format/);
  });

  it("damaged certificate names the certificate field", () => {
    const damaged = ecPair.certificate.replace(/\n[A-Za-z0-9+/]{20}/, "\nAAAAAAAAAAAAAAAAAAAA");
    const error = failure(() => checkTlsKeyPair(damaged, ecPair.privateKey, FIELDS));
    expect(error.fieldErrors.certificate?.[0]).toMatch(/could not be parsed/);
  });

  it("damaged key names the key field", () => {
    const damaged = ecPair.privateKey.replace(/\n[A-Za-z0-9+/]{8}/, "\n!!!!!!!!");
    const error = failure(() => checkTlsKeyPair(ecPair.certificate, damaged, FIELDS));
    expect(error.fieldErrors.key?.[0]).toMatch(/could not be parsed/);
  });

  it("encrypted key is refused", () => {
    const encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
    const error = failure(() => checkTlsKeyPair(ecPair.certificate, encrypted, FIELDS));
    expect(error.fieldErrors.key?.[0]).toMatch(/encrypted with a passphrase/);
  });
});
