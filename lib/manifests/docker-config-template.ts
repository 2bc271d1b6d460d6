// The Go template (ESO template engine v2, with Sprig functions) that turns the `registry`,
// `username` and `password` properties of a registry secret into a `.dockerconfigjson`.
// `dict` and `toJson` build the JSON, so a password with quotes or backslashes stays valid
// JSON; string concatenation would break on them.

/** Returns the template for the `.dockerconfigjson` key of a kubernetes.io/dockerconfigjson Secret. */
export function dockerConfigJsonTemplate(): string {
  const auth = '(printf "%s:%s" .username .password | b64enc)';
  const entry = `(dict "username" .username "password" .password "auth" ${auth})`;
  return `{{ dict "auths" (dict .registry ${entry}) | toJson }}`;
}
