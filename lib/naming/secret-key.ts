// Kubernetes Secret data keys, as checked by IsConfigMapKey in k8s.io/apimachinery.
export const SECRET_KEY_PATTERN = /^[-._a-zA-Z0-9]+$/;
export const SECRET_KEY_MAX_LENGTH = 253;

/** Checks that `key` can be a key in a Kubernetes Secret's data, such as `password` or `tls.crt`. */
export function isSecretDataKey(key: string): boolean {
  return key.length <= SECRET_KEY_MAX_LENGTH && SECRET_KEY_PATTERN.test(key) && key !== "." && key !== "..";
}
