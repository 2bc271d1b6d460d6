import "server-only";

import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";

import { validationError } from "@/lib/errors";

// Checks a TLS certificate and private key pasted by a custodian before they go to Secrets
// Manager. Error messages name the field and never quote the input, because the key is a
// secret and parser messages could echo parts of it.

/** Public facts about a certificate, safe to store and show. */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Splits a PEM bundle into its certificates, leaf first, in the order Kubernetes expects in `tls.crt`. */
function parseCertificates(field: string, pem: string): X509Certificate[] {
  const blocks = pem.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw validationError(
      field,
      "The certificate is not in PEM format; paste it with its -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines.",
    );
  }

  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      const position = index === 0 ? "The first certificate" : `Certificate ${index + 1} of the chain`;
      throw validationError(field, `${position} could not be parsed; paste the PEM file exactly as the certificate authority issued it.`);
    }
  });
}

function parsePrivateKey(field: string, pem: string): KeyObject {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw validationError(field, "The private key is encrypted with a passphrase; decrypt it first (for example `openssl pkey -in key.pem`).");
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw validationError(field, "The private key is not in PEM format; paste it with its -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY----- lines.");
  }
  try {
    return createPrivateKey({ key: pem, format: "pem" });
  } catch {
    throw validationError(field, "The private key could not be parsed; paste the whole PEM block of an RSA, EC or Ed25519 key.");
  }
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split("\n").filter(Boolean).join(", ");
}

/**
 * Checks that the certificate and key parse, that the key belongs to the first (leaf)
 * certificate and that the certificate has not expired. Returns the certificate's public
 * facts; throws a VALIDATION PortalError naming `certificateField` or `keyField`.
 */
export function checkTlsKeyPair(
  certificatePem: string,
  privateKeyPem: string,
  fields: { certificate: string; key: string },
  now: Date = new Date(),
): CertificateFacts {
  const [leaf] = parseCertificates(fields.certificate, certificatePem);
  const privateKey = parsePrivateKey(fields.key, privateKeyPem);
  if (!leaf) throw validationError(fields.certificate, "The certificate is missing; paste the PEM certificate.");

  // Comparing the DER encodings of both public keys covers RSA, EC and Ed25519 alike.
  const certificateKey = leaf.publicKey.export({ type: "spki", format: "der" });
  const derivedKey = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  if (!certificateKey.equals(derivedKey)) {
    throw validationError(
      fields.key,
      `The private key does not match the certificate for ${oneLine(leaf.subject) || "this subject"}; paste the key that was used to request this certificate.`,
    );
  }

  const notAfter = new Date(leaf.validTo);
  const notBefore = new Date(leaf.validFrom);
  if (notAfter.getTime() <= now.getTime()) {
    throw validationError(
      fields.certificate,
      `The certificate expired on ${notAfter.toISOString()}; renew it with the certificate authority and paste the new one.`,
    );
  }

  return { subject: oneLine(leaf.subject), issuer: oneLine(leaf.issuer), notBefore, notAfter };
}
