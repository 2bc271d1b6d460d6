// Kubernetes name formats, as defined by IsDNS1123Label and IsDNS1123Subdomain in
// k8s.io/apimachinery/pkg/util/validation.

export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks that `value` is a DNS-1123 label: at most 63 lowercase letters, digits and inner hyphens (namespace names). */
export function isDns1123Label(value: string): boolean {
  return value.length <= DNS1123_LABEL_MAX_LENGTH && DNS1123_LABEL.test(value);
}

/** Checks that `value` is a DNS-1123 subdomain: dot-separated labels, at most 253 characters (Secret and custom resource names). */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= DNS1123_SUBDOMAIN_MAX_LENGTH && DNS1123_SUBDOMAIN.test(value);
}
