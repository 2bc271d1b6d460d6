"use client";

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent, type ReactElement } from "react";

import { INITIAL_FORM_STATE } from "@/lib/actions/form-state";
import { createRequestAction } from "@/lib/actions/requests/create-request";
import { isRequestFormField, REQUEST_FORM_FIELDS, type RequestFormField } from "@/lib/actions/requests/parse-request-form";
import { previewRequestAction } from "@/lib/actions/requests/preview-request";
import { canGenerate, generatedKeysOf, SECRET_TYPE_SPECS, type SecretType } from "@/lib/manifests/secret-types";
import { describeRefreshCost, describeShorterInterval, estimateRefreshCost, type ApiPricing } from "@/lib/requests/cost";
import type { RequestPreview } from "@/lib/requests/preview/preview-types";
import {
  DESCRIPTION_MAX_LENGTH,
  DESCRIPTION_MIN_LENGTH,
  JUSTIFICATION_MAX_LENGTH,
  SECRET_TYPES,
  type ValueSource,
} from "@/lib/requests/request-schema";
import type { ValuePolicy } from "@/lib/requests/value-policy";

import { controlBorder, describedBy, FieldHint, FieldMessages, fieldIds, inputClass, MessageText } from "./form-field";
import { KeyListField, rowInputId, type KeyRow } from "./key-list-field";
import { PolicyFindings } from "./policy-findings";
import { previewProviderName } from "./provider-name-preview";
import { RequestPreviewPanel } from "./request-preview-panel";
import { validateRequestForm } from "./validate-request-form";
import { ValuePolicyFields } from "./value-policy-fields";

export interface EnvironmentOption {
  name: string;
  description?: string;
  production: boolean;
  refreshIntervals: string[];
  defaultRefreshInterval: string;
  /** Bounds of the refresh interval in this environment, as Go durations. */
  refreshMin: string;
  refreshMax: string;
}

export interface ApplicationOption {
  name: string;
  description?: string;
  /** Kubernetes namespace per environment name. */
  namespaces: Record<string, string>;
}

interface RequestFormProps {
  environments: readonly EnvironmentOption[];
  /** Only the applications the signed-in person may request secrets for. */
  applications: readonly ApplicationOption[];
  providerNameTemplate: string;
  pricing: ApiPricing;
  defaultPolicy: ValuePolicy;
  /** Shortest generated value the configuration allows. */
  minLength: number;
}

type FieldErrors = Record<string, string[]>;

const FORM_ID = "new-request";
const PREVIEW_DELAY_MS = 400;
const ids = Object.fromEntries(REQUEST_FORM_FIELDS.map((field) => [field, fieldIds(FORM_ID, field)])) as Record<
  RequestFormField,
  ReturnType<typeof fieldIds>
>;

/**
 * Renders the new-request form. It validates with the shared schema on blur and on submit, then
 * sends the same FormData to the server action, which validates again and opens the pull
 * request. Messages from either side appear next to their field.
 */
export function RequestForm({
  environments,
  applications,
  providerNameTemplate,
  pricing,
  defaultPolicy,
  minLength,
}: RequestFormProps): ReactElement {
  const [state, formAction, pending] = useActionState(createRequestAction, INITIAL_FORM_STATE);
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const [environment, setEnvironment] = useState(environments[0]?.name ?? "");
  const [application, setApplication] = useState(applications.length === 1 ? (applications[0]?.name ?? "") : "");
  const [secretName, setSecretName] = useState("");
  const [description, setDescription] = useState("");
  const [justification, setJustification] = useState("");
  const [refreshInterval, setRefreshInterval] = useState(environments[0]?.defaultRefreshInterval ?? "");
  const [keyRows, setKeyRows] = useState<KeyRow[]>([{ id: 0, value: "" }]);
  const [secretType, setSecretType] = useState<SecretType>("Opaque");
  const [valueSource, setValueSource] = useState<ValueSource>("generated");
  const [username, setUsername] = useState("");
  const [useDataFrom, setUseDataFrom] = useState(false);
  const [labelsText, setLabelsText] = useState("");
  const [annotationsText, setAnnotationsText] = useState("");
  const [keyPolicies, setKeyPolicies] = useState<Record<string, ValuePolicy>>({});
  const [preview, setPreview] = useState<RequestPreview | null>(null);
  const [previewLoading, setPreviewLoading] = useState(false);
  const previewSequence = useRef(0);

  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [clientFormErrors, setClientFormErrors] = useState<string[]>([]);
  const [invalidKeyRows, setInvalidKeyRows] = useState<number[]>([]);
  const [revalidateQueue, setRevalidateQueue] = useState<RequestFormField[]>([]);
  const [focusPending, setFocusPending] = useState(false);

  // Server messages stay next to their field until that field changes or the form is sent again.
  const [shownState, setShownState] = useState(state);
  const [serverErrors, setServerErrors] = useState<FieldErrors>(state.fieldErrors);
  const [serverFormError, setServerFormError] = useState<string | null>(state.formError);
  if (state !== shownState) {
    setShownState(state);
    setServerErrors(state.fieldErrors);
    setServerFormError(state.formError);
    setFocusPending(true);
  }

  const selectedEnvironment = environments.find((candidate) => candidate.name === environment);
  const selectedApplication = applications.find((candidate) => candidate.name === application);
  const namespace = selectedApplication?.namespaces[environment];
  const providerName = previewProviderName(providerNameTemplate, { environment, application, name: secretName });
  const typeSpec = SECRET_TYPE_SPECS[secretType];
  const keys = typeSpec.fixedKeys ?? keyRows.map((row) => row.value.trim()).filter((key) => key !== "");
  const generatedKeys = valueSource === "generated" ? generatedKeysOf(secretType, keys) : [];
  const refreshCost = estimateRefreshCost(refreshInterval, pricing);
  const shorterInterval = describeShorterInterval(refreshInterval, selectedEnvironment?.refreshIntervals ?? [], pricing);

  function messagesFor(field: RequestFormField): string[] {
    return clientErrors[field] ?? serverErrors[field] ?? [];
  }

  const alertMessages = [
    ...clientFormErrors,
    ...unplacedMessages(clientErrors),
    ...(serverFormError ? [serverFormError] : []),
    ...unplacedMessages(serverErrors),
  ];

  // Validation reads the rendered form, so it runs after React has committed the change
  // (a removed key row is gone from the DOM only then).
  useEffect(() => {
    if (revalidateQueue.length === 0 || !formRef.current) return;
    const result = validateRequestForm(new FormData(formRef.current));
    setClientErrors((previous) => {
      const next = { ...previous };
      for (const field of revalidateQueue) {
        const messages = result.fieldErrors[field];
        if (messages) next[field] = messages;
        else delete next[field];
      }
      return next;
    });
    if (revalidateQueue.includes("keys")) setInvalidKeyRows(result.invalidKeyRows);
    setRevalidateQueue([]);
  }, [revalidateQueue]);

  // After a failed submit, focus goes to the first field with a message, or to the alert.
  useEffect(() => {
    if (!focusPending) return;
    setFocusPending(false);

    const field = REQUEST_FORM_FIELDS.find((candidate) => (clientErrors[candidate] ?? serverErrors[candidate] ?? []).length > 0);
    if (field === "keys") {
      const row = keyRows[invalidKeyRows[0] ?? 0];
      if (row) document.getElementById(rowInputId(ids.keys, row.id))?.focus();
    } else if (field) {
      document.getElementById(ids[field].control)?.focus();
    } else if (alertRef.current) {
      alertRef.current.focus();
    }
  }, [focusPending, clientErrors, serverErrors, keyRows, invalidKeyRows]);

  // The live preview renders on the server with the code that builds the commit; it waits
  // until typing pauses, and a slower earlier response never replaces a newer one.
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const sequence = ++previewSequence.current;
    const timer = setTimeout(() => {
      setPreviewLoading(true);
      previewRequestAction(new FormData(form))
        .then((result) => {
          if (sequence === previewSequence.current) setPreview(result);
        })
        .catch(() => {
          if (sequence === previewSequence.current) {
            setPreview({ ok: false, message: "The preview is unavailable right now; the form still works.", providerName: null });
          }
        })
        .finally(() => {
          if (sequence === previewSequence.current) setPreviewLoading(false);
        });
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [
    environment,
    application,
    secretName,
    description,
    justification,
    refreshInterval,
    keyRows,
    secretType,
    valueSource,
    username,
    useDataFrom,
    labelsText,
    annotationsText,
    keyPolicies,
  ]);

  function changeSecretType(next: SecretType): void {
    setSecretType(next);
    fieldChanged("secretType");
    fieldChanged("keys");
    // Types the portal cannot generate always need a custodian.
    if (!canGenerate(next)) setValueSource("custodian");
    if (next !== "kubernetes.io/basic-auth") setUsername("");
  }

  function revalidate(field: RequestFormField): void {
    setRevalidateQueue((queue) => (queue.includes(field) ? queue : [...queue, field]));
  }

  /** Clears the server's message for `field` and re-checks it if it already shows a message. */
  function fieldChanged(field: RequestFormField): void {
    if (serverErrors[field]) {
      setServerErrors((previous) => {
        const next = { ...previous };
        delete next[field];
        return next;
      });
    }
    if (clientErrors[field]) revalidate(field);
  }

  function changeEnvironment(name: string): void {
    setEnvironment(name);
    fieldChanged("environment");

    // Each environment allows its own refresh intervals; keep the choice only if it is allowed there.
    const next = environments.find((candidate) => candidate.name === name);
    if (next && !next.refreshIntervals.includes(refreshInterval)) {
      setRefreshInterval(next.defaultRefreshInterval);
      fieldChanged("refreshInterval");
    }
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>): void {
    // The action is dispatched by hand so that React does not reset the form afterwards,
    // which would drop the selected options when the server reports a problem.
    event.preventDefault();
    if (pending) return;

    const formData = new FormData(event.currentTarget);
    const result = validateRequestForm(formData);
    setClientErrors(result.fieldErrors);
    setClientFormErrors(result.formErrors);
    setInvalidKeyRows(result.invalidKeyRows);
    setServerErrors({});
    setServerFormError(null);

    if (!result.ok) {
      setFocusPending(true);
      return;
    }
    startTransition(() => formAction(formData));
  }

  return (
    <form
      ref={formRef}
      action={formAction}
      onSubmit={handleSubmit}
      noValidate
      aria-describedby={`${FORM_ID}-intro`}
      className="grid gap-8 lg:grid-cols-3"
    >
      <div className="space-y-6 lg:col-span-2">
        <p id={`${FORM_ID}-intro`} className="text-sm text-neutral-600">
          All fields are required unless marked optional.
        </p>

        <div>
          <label htmlFor={ids.environment.control} className="block text-sm font-medium">
            Environment
          </label>
          <select
            id={ids.environment.control}
            name="environment"
            required
            value={environment}
            onChange={(event) => changeEnvironment(event.target.value)}
            onBlur={() => revalidate("environment")}
            aria-invalid={messagesFor("environment").length > 0 || undefined}
            aria-describedby={describedBy(messagesFor("environment").length > 0 && ids.environment.error)}
            className={`${inputClass} ${controlBorder(messagesFor("environment").length > 0)}`}
          >
            {environments.map((option) => (
              <option key={option.name} value={option.name}>
                {environmentLabel(option)}
              </option>
            ))}
          </select>
          <FieldMessages id={ids.environment.error} messages={messagesFor("environment")} />
        </div>

        <div>
          <label htmlFor={ids.application.control} className="block text-sm font-medium">
            Application
          </label>
          <select
            id={ids.application.control}
            name="application"
            required
            value={application}
            onChange={(event) => {
              setApplication(event.target.value);
              fieldChanged("application");
            }}
            onBlur={() => revalidate("application")}
            aria-invalid={messagesFor("application").length > 0 || undefined}
            aria-describedby={describedBy(ids.application.hint, messagesFor("application").length > 0 && ids.application.error)}
            className={`${inputClass} ${controlBorder(messagesFor("application").length > 0)}`}
          >
            {applications.length > 1 ? <option value="">Choose an application</option> : null}
            {applications.map((option) => (
              <option key={option.name} value={option.name}>
                {option.description ? `${option.name} — ${option.description}` : option.name}
              </option>
            ))}
          </select>
          <FieldHint id={ids.application.hint}>Only applications whose owning team you belong to are listed.</FieldHint>
          <FieldMessages id={ids.application.error} messages={messagesFor("application")} />
        </div>

        <div>
          <label htmlFor={ids.secretName.control} className="block text-sm font-medium">
            Secret name
          </label>
          <input
            id={ids.secretName.control}
            name="secretName"
            type="text"
            required
            autoComplete="off"
            spellCheck={false}
            placeholder="database-password"
            value={secretName}
            onChange={(event) => {
              setSecretName(event.target.value);
              fieldChanged("secretName");
            }}
            onBlur={() => revalidate("secretName")}
            aria-invalid={messagesFor("secretName").length > 0 || undefined}
            aria-describedby={describedBy(
              ids.secretName.hint,
              `${FORM_ID}-provider-name`,
              messagesFor("secretName").length > 0 && ids.secretName.error,
            )}
            className={`${inputClass} font-mono ${controlBorder(messagesFor("secretName").length > 0)}`}
          />
          <FieldHint id={ids.secretName.hint}>
            Lowercase letters and digits, with single hyphens between words, for example <code>database-password</code>.
            It also names the Kubernetes Secret.
          </FieldHint>
          <FieldMessages id={ids.secretName.error} messages={messagesFor("secretName")} />
        </div>

        <div>
          <label htmlFor={ids.description.control} className="block text-sm font-medium">
            Description
          </label>
          <textarea
            id={ids.description.control}
            name="description"
            required
            rows={3}
            value={description}
            onChange={(event) => {
              setDescription(event.target.value);
              fieldChanged("description");
            }}
            onBlur={() => revalidate("description")}
            aria-invalid={messagesFor("description").length > 0 || undefined}
            aria-describedby={describedBy(ids.description.hint, messagesFor("description").length > 0 && ids.description.error)}
            className={`${inputClass} ${controlBorder(messagesFor("description").length > 0)}`}
          />
          <FieldHint id={ids.description.hint}>
            What the secret is for and what uses it; {DESCRIPTION_MIN_LENGTH} to {DESCRIPTION_MAX_LENGTH} characters. Reviewers
            read it in the pull request.
          </FieldHint>
          <FieldMessages id={ids.description.error} messages={messagesFor("description")} />
        </div>

        <div>
          <label htmlFor={ids.justification.control} className="block text-sm font-medium">
            Justification <span className="font-normal text-neutral-500">(optional)</span>
          </label>
          <textarea
            id={ids.justification.control}
            name="justification"
            rows={2}
            value={justification}
            onChange={(event) => {
              setJustification(event.target.value);
              fieldChanged("justification");
            }}
            onBlur={() => revalidate("justification")}
            aria-invalid={messagesFor("justification").length > 0 || undefined}
            aria-describedby={describedBy(ids.justification.hint, messagesFor("justification").length > 0 && ids.justification.error)}
            className={`${inputClass} ${controlBorder(messagesFor("justification").length > 0)}`}
          />
          <FieldHint id={ids.justification.hint}>
            Why the application needs it now, for the reviewers and the audit trail; at most {JUSTIFICATION_MAX_LENGTH} characters.
          </FieldHint>
          <FieldMessages id={ids.justification.error} messages={messagesFor("justification")} />
        </div>

        <div>
          <label htmlFor={ids.secretType.control} className="block text-sm font-medium">
            Secret type
          </label>
          <select
            id={ids.secretType.control}
            name="secretType"
            value={secretType}
            onChange={(event) => changeSecretType(event.target.value as SecretType)}
            aria-invalid={messagesFor("secretType").length > 0 || undefined}
            aria-describedby={describedBy(ids.secretType.hint, messagesFor("secretType").length > 0 && ids.secretType.error)}
            className={`${inputClass} ${controlBorder(messagesFor("secretType").length > 0)}`}
          >
            {SECRET_TYPES.map((type) => (
              <option key={type} value={type}>
                {`${SECRET_TYPE_SPECS[type].title} (${type})${canGenerate(type) ? "" : " — custodian"}`}
              </option>
            ))}
          </select>
          <FieldHint id={ids.secretType.hint}>
            The type of the Kubernetes Secret. Types marked custodian cannot be generated: a custodian types the value in after
            the merge.
          </FieldHint>
          <FieldMessages id={ids.secretType.error} messages={messagesFor("secretType")} />
        </div>

        {typeSpec.fixedKeys ? (
          <div>
            <p className="text-sm font-medium" id={ids.keys.control}>
              Keys
            </p>
            <ul aria-describedby={ids.keys.hint} className="mt-1 flex flex-wrap gap-2">
              {typeSpec.fixedKeys.map((key) => (
                <li key={key} className="rounded bg-neutral-100 px-2 py-1 font-mono text-sm">
                  {key}
                  <input type="hidden" name="keys" value={key} />
                </li>
              ))}
            </ul>
            <FieldHint id={ids.keys.hint}>
              A {secretType} secret always has these keys in Secrets Manager
              {typeSpec.templateDataKeys.length > 0
                ? `; a template turns them into ${typeSpec.templateDataKeys.join(", ")} in the Kubernetes Secret.`
                : "."}
            </FieldHint>
            <FieldMessages id={ids.keys.error} messages={messagesFor("keys")} />
          </div>
        ) : (
          <KeyListField
            ids={ids.keys}
            rows={keyRows}
            messages={messagesFor("keys")}
            invalidRows={invalidKeyRows}
            onRowsChange={(rows) => {
              setKeyRows(rows);
              fieldChanged("keys");
            }}
            onRowBlur={() => revalidate("keys")}
          />
        )}

        {typeSpec.plainKeys.includes("username") ? (
          <div>
            <label htmlFor={ids.username.control} className="block text-sm font-medium">
              Username {valueSource === "custodian" ? <span className="font-normal text-neutral-500">(optional)</span> : null}
            </label>
            <input
              id={ids.username.control}
              name="username"
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={username}
              onChange={(event) => {
                setUsername(event.target.value);
                fieldChanged("username");
              }}
              onBlur={() => revalidate("username")}
              aria-invalid={messagesFor("username").length > 0 || undefined}
              aria-describedby={describedBy(ids.username.hint, messagesFor("username").length > 0 && ids.username.error)}
              className={`${inputClass} font-mono ${controlBorder(messagesFor("username").length > 0)}`}
            />
            <FieldHint id={ids.username.hint}>
              The account name is not secret: it is stored with the request and written next to the generated password.
            </FieldHint>
            <FieldMessages id={ids.username.error} messages={messagesFor("username")} />
          </div>
        ) : null}

        <label className="flex items-start gap-2 text-sm">
          <input
            id={ids.useDataFrom.control}
            type="checkbox"
            name="useDataFrom"
            checked={useDataFrom}
            onChange={(event) => setUseDataFrom(event.target.checked)}
            className="mt-1"
          />
          <span>
            Read every key of the secret (<code>dataFrom.extract</code>) instead of listing each key. Keys added to the secret
            later then reach the Kubernetes Secret without a pull request.
          </span>
        </label>

        <div className="grid gap-6 sm:grid-cols-2">
          <div>
            <label htmlFor={ids.refreshInterval.control} className="block text-sm font-medium">
              Refresh interval
            </label>
            <select
              id={ids.refreshInterval.control}
              name="refreshInterval"
              required
              value={refreshInterval}
              onChange={(event) => {
                setRefreshInterval(event.target.value);
                fieldChanged("refreshInterval");
              }}
              onBlur={() => revalidate("refreshInterval")}
              aria-invalid={messagesFor("refreshInterval").length > 0 || undefined}
              aria-describedby={describedBy(
                ids.refreshInterval.hint,
                messagesFor("refreshInterval").length > 0 && ids.refreshInterval.error,
              )}
              className={`${inputClass} ${controlBorder(messagesFor("refreshInterval").length > 0)}`}
            >
              {(selectedEnvironment?.refreshIntervals ?? []).map((interval) => (
                <option key={interval} value={interval}>
                  {interval === selectedEnvironment?.defaultRefreshInterval ? `${interval} (default)` : interval}
                </option>
              ))}
            </select>
            <FieldHint id={ids.refreshInterval.hint}>
              How often External Secrets Operator reads the value from AWS Secrets Manager; {environment} allows{" "}
              {selectedEnvironment?.refreshMin} to {selectedEnvironment?.refreshMax}.
            </FieldHint>
            <p data-testid="refresh-cost" aria-live="polite" className="mt-1 text-sm text-neutral-800">
              {refreshCost ? `Estimate: ${describeRefreshCost(refreshCost)} per cluster.` : null}
            </p>
            {shorterInterval ? <p className="mt-1 text-xs text-neutral-600">{shorterInterval}</p> : null}
            <FieldMessages id={ids.refreshInterval.error} messages={messagesFor("refreshInterval")} />
          </div>
        </div>

        <fieldset aria-describedby={describedBy(ids.valueSource.hint, messagesFor("valueSource").length > 0 && ids.valueSource.error)}>
          <legend className="text-sm font-medium">Value source</legend>
          <div className="mt-2 space-y-2">
            <label className={`flex items-center gap-2 text-sm ${canGenerate(secretType) ? "" : "text-neutral-500"}`}>
              <input
                id={ids.valueSource.control}
                type="radio"
                name="valueSource"
                value="generated"
                checked={valueSource === "generated"}
                disabled={!canGenerate(secretType)}
                onChange={() => {
                  setValueSource("generated");
                  fieldChanged("valueSource");
                }}
              />
              Generated by policy{canGenerate(secretType) ? "" : " (not possible for this type)"}
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="valueSource"
                value="custodian"
                checked={valueSource === "custodian"}
                onChange={() => {
                  setValueSource("custodian");
                  fieldChanged("valueSource");
                }}
              />
              Supplied later by a custodian
            </label>
          </div>
          <FieldHint id={ids.valueSource.hint}>
            {valueSource === "generated"
              ? "The portal generates a random value when the pull request is merged and stores it only in AWS Secrets Manager."
              : `After the merge the request waits until a custodian types the value into a write-only form. ${typeSpec.custodianReason ?? ""}`}
          </FieldHint>
          <FieldMessages id={ids.valueSource.error} messages={messagesFor("valueSource")} />
        </fieldset>

        {valueSource === "generated" ? (
          <ValuePolicyFields
            ids={ids.keyPolicies}
            keys={generatedKeys}
            policies={keyPolicies}
            defaultPolicy={defaultPolicy}
            minLength={minLength}
            messages={messagesFor("keyPolicies")}
            onChange={(key, policy) => {
              setKeyPolicies((previous) => ({ ...previous, [key]: policy }));
              fieldChanged("keyPolicies");
            }}
          />
        ) : null}

        <div className="grid gap-6 sm:grid-cols-2">
          {(
            [
              ["labels", labelsText, setLabelsText, "team=payments"],
              ["annotations", annotationsText, setAnnotationsText, "example.com/owner=payments-team"],
            ] as const
          ).map(([field, value, setValue, placeholder]) => (
            <div key={field}>
              <label htmlFor={ids[field].control} className="block text-sm font-medium">
                {field === "labels" ? "Labels" : "Annotations"} <span className="font-normal text-neutral-500">(optional)</span>
              </label>
              <textarea
                id={ids[field].control}
                name={field}
                rows={2}
                spellCheck={false}
                placeholder={placeholder}
                value={value}
                onChange={(event) => {
                  setValue(event.target.value);
                  fieldChanged(field);
                }}
                onBlur={() => revalidate(field)}
                aria-invalid={messagesFor(field).length > 0 || undefined}
                aria-describedby={describedBy(ids[field].hint, messagesFor(field).length > 0 && ids[field].error)}
                className={`${inputClass} font-mono ${controlBorder(messagesFor(field).length > 0)}`}
              />
              <FieldHint id={ids[field].hint}>
                One <code>name=value</code> per line, set on the generated Kubernetes Secret.
              </FieldHint>
              <FieldMessages id={ids[field].error} messages={messagesFor(field)} />
            </div>
          ))}
        </div>

        <PolicyFindings id={`${FORM_ID}-policy`} fields={{ environment, application, secretName, justification, refreshInterval }} />

        {alertMessages.length > 0 ? (
          <div
            ref={alertRef}
            role="alert"
            tabIndex={-1}
            className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900"
          >
            {alertMessages.map((message) => (
              <p key={message}>
                <MessageText text={message} />
              </p>
            ))}
          </div>
        ) : null}

        <div className="flex flex-wrap items-center gap-4">
          <button
            type="submit"
            disabled={pending}
            aria-disabled={pending}
            className="inline-flex items-center gap-2 rounded-md bg-neutral-900 px-5 py-2.5 text-sm font-medium text-white hover:bg-neutral-700 disabled:cursor-wait disabled:opacity-70"
          >
            {pending ? (
              <span aria-hidden="true" className="size-4 animate-spin rounded-full border-2 border-white border-t-transparent" />
            ) : null}
            {pending ? "Opening pull request…" : "Request secret"}
          </button>
          <p role="status" className="text-sm text-neutral-600">
            {pending ? "Sending your request; the portal is opening the pull request in the GitOps repository." : ""}
          </p>
        </div>
      </div>

      <aside aria-labelledby={`${FORM_ID}-preview-heading`} className="lg:col-span-1">
        <div className="rounded-lg border border-neutral-200 bg-white p-5 lg:sticky lg:top-6">
          <h2 id={`${FORM_ID}-preview-heading`} className="text-sm font-semibold uppercase tracking-wide text-neutral-600">
            What will be created
          </h2>
          <dl className="mt-3 space-y-3 text-sm">
            <div>
              <dt className="text-neutral-500">AWS Secrets Manager name</dt>
              <dd id={`${FORM_ID}-provider-name`} className="break-all font-mono">
                {providerName ?? "unavailable: the provider name template in the configuration is invalid"}
              </dd>
            </div>
            <div>
              <dt className="text-neutral-500">Kubernetes Secret</dt>
              <dd className="break-all font-mono">
                {namespace ?? "{namespace}"}/{secretName.trim() || "{name}"}
              </dd>
            </div>
            {selectedEnvironment?.production ? (
              <div>
                <dt className="text-neutral-500">Environment</dt>
                <dd>Production</dd>
              </div>
            ) : null}
          </dl>
          <p className="mt-4 text-sm text-neutral-600">
            Submitting opens a pull request in the GitOps repository. The platform team reviews and merges it; then the value
            is {valueSource === "generated" ? "generated" : "supplied by a custodian"}.
          </p>
          <RequestPreviewPanel preview={preview} loading={previewLoading} />
        </div>
      </aside>
    </form>
  );
}

function environmentLabel(option: EnvironmentOption): string {
  const description = option.description ? ` — ${option.description}` : "";
  return `${option.name}${description}${option.production ? " (production)" : ""}`;
}

/** Messages for names the form has no field for, shown in the form-level alert instead of being lost. */
function unplacedMessages(errors: FieldErrors): string[] {
  return Object.entries(errors).flatMap(([field, messages]) => (isRequestFormField(field) ? [] : messages));
}
