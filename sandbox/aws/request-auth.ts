import type { IncomingHttpHeaders } from "node:http";

import { frontEndError, type AwsError } from "./aws-error";

// Checks the SigV4 Authorization header the way the AWS front end does before it looks at
// the signature. Any access key is accepted and signatures are not verified, because the
// sandbox has no secret keys to verify them with.
// NOTE: the checks and messages are DynamoDB's, as the dynalite emulator records them.
// Secrets Manager is assumed to share that AWS JSON front end.

export interface Caller {
  accessKeyId: string;
}

export function checkAuthorization(headers: IncomingHttpHeaders, url: URL, region: string): Caller | AwsError {
  const header = headers.authorization;

  if (header && url.searchParams.has("X-Amz-Algorithm")) {
    return frontEndError("InvalidSignatureException", "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  if (!header || !header.trim().startsWith("AWS4-")) {
    return frontEndError("MissingAuthenticationTokenException", "Request is missing Authentication Token");
  }

  const parameters = new Map<string, string>();
  for (const part of header.trim().split(/[,\s]+/).slice(1)) {
    const separator = part.indexOf("=");
    if (separator > 0) parameters.set(part.slice(0, separator), part.slice(separator + 1));
  }

  let problems = "";
  for (const name of ["Credential", "Signature", "SignedHeaders"]) {
    if (!parameters.get(name)) problems += `Authorization header requires '${name}' parameter. `;
  }
  if (!headers["x-amz-date"] && !headers.date) {
    problems += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (problems) return frontEndError("IncompleteSignatureException", problems.trim());

  const algorithm = header.trim().split(/\s+/)[0];
  if (algorithm !== "AWS4-HMAC-SHA256") {
    return frontEndError("IncompleteSignatureException", `Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now).`);
  }

  const credential = parameters.get("Credential") ?? "";
  const scope = credential.split("/");
  if (scope.length !== 5) {
    return frontEndError("IncompleteSignatureException", `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`);
  }

  const [accessKeyId = "", , scopeRegion, service, terminator] = scope;
  let scopeProblems = "";
  if (scopeRegion !== region) scopeProblems += `Credential should be scoped to a valid region, not '${scopeRegion}'. `;
  if (service !== "secretsmanager") scopeProblems += "Credential should be scoped to correct service: 'secretsmanager'. ";
  if (terminator !== "aws4_request") scopeProblems += `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
  if (scopeProblems) return frontEndError("InvalidSignatureException", scopeProblems.trim());

  return { accessKeyId };
}
