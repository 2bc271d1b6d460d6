import { stringify } from "yaml";

export interface ConsumeInput {
  kubernetesName: string;
  namespace: string;
  keys: string[];
}

export interface ConsumeSnippets {
  envFrom: string;
  env: string;
  diagnose: string[];
}

function toEnvName(key: string): string {
  return key.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
}

/** Builds the pod snippets and kubectl commands shown on a request's page. */
export function buildConsumeSnippets(input: ConsumeInput): ConsumeSnippets {
  const envFrom = stringify({ envFrom: [{ secretRef: { name: input.kubernetesName } }] });
  const env = stringify({
    env: input.keys.map((key) => ({
      name: toEnvName(key),
      valueFrom: { secretKeyRef: { name: input.kubernetesName, key } },
    })),
  });
  const diagnose = [
    `kubectl -n ${input.namespace} get externalsecret ${input.kubernetesName}`,
    `kubectl -n ${input.namespace} describe externalsecret ${input.kubernetesName}`,
    `kubectl -n ${input.namespace} get secretstore`,
    `kubectl -n ${input.namespace} get secret ${input.kubernetesName} -o jsonpath='{.data}' | jq 'keys'`,
    `kubectl -n ${input.namespace} get events --field-selector involvedObject.name=${input.kubernetesName}`,
  ];
  return { envFrom, env, diagnose };
}
