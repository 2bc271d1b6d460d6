import { frontEndError, serializationError } from "./aws-error";

// Reads members of a JSON request body the way the AWS front end does. A value of the wrong
// JSON type fails at once with SerializationException. Violations of model constraints
// (required, length, range, pattern, enum) are collected and reported in one ValidationException.

export type JsonObject = Record<string, unknown>;

export interface Tag {
  Key: string;
  Value?: string;
}

export interface StringRules {
  required?: boolean;
  min?: number;
  max?: number;
  pattern?: RegExp;
  enumValues?: readonly string[];
  // Sensitive members are never echoed in messages, as AWS writes "Value at 'x'".
  sensitive?: boolean;
}

export interface NumberRules {
  required?: boolean;
  min?: number;
  max?: number;
}

// Characters AWS allows in tag keys and values across services.
// NOTE: Secrets Manager's own model may not declare this pattern; it is enforced here so
// that tags AWS would reject fail in the sandbox too.
const TAG_PATTERN = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Converts a wire member name to the path form AWS uses in validation messages.
function memberPath(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export class RequestReader {
  private readonly violations: string[] = [];

  constructor(private readonly input: JsonObject) {}

  string(name: string, rules: StringRules = {}): string | undefined {
    return this.checkString(this.input[name], memberPath(name), rules);
  }

  integer(name: string, rules: NumberRules = {}): number | undefined {
    const path = memberPath(name);
    const value = this.input[name];

    if (value === undefined || value === null) {
      if (rules.required) this.violations.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      return undefined;
    }
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw serializationError(`The value of '${name}' must be an integer.`);
    }

    if (rules.min !== undefined && value < rules.min) {
      this.violations.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${rules.min}`);
    }
    if (rules.max !== undefined && value > rules.max) {
      this.violations.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${rules.max}`);
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") throw serializationError(`The value of '${name}' must be a boolean.`);
    return value;
  }

  stringList(name: string, listRules: { required?: boolean; min?: number; max?: number }, itemRules: StringRules = {}): string[] | undefined {
    const path = memberPath(name);
    const value = this.input[name];

    if (value === undefined || value === null) {
      if (listRules.required) this.violations.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      return undefined;
    }
    if (!Array.isArray(value)) throw serializationError(`The value of '${name}' must be a list.`);

    this.checkListSize(value, path, listRules);
    return value.map((item, index) => this.checkString(item, `${path}.${index + 1}.member`, { ...itemRules, required: true }) ?? "");
  }

  tags(name: string): Tag[] | undefined {
    const path = memberPath(name);
    const value = this.input[name];

    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw serializationError(`The value of '${name}' must be a list.`);

    return value.map((item: unknown, index) => {
      if (!isJsonObject(item)) throw serializationError(`Each entry of '${name}' must be an object with Key and Value.`);

      const itemPath = `${path}.${index + 1}.member`;
      const key = this.checkString(item.Key, `${itemPath}.key`, { required: true, min: 1, max: 128, pattern: TAG_PATTERN }) ?? "";
      const tagValue = this.checkString(item.Value, `${itemPath}.value`, { max: 256, pattern: TAG_PATTERN });
      return tagValue === undefined ? { Key: key } : { Key: key, Value: tagValue };
    });
  }

  objectList(name: string, listRules: { min?: number; max?: number }): JsonObject[] | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw serializationError(`The value of '${name}' must be a list.`);

    this.checkListSize(value, memberPath(name), listRules);
    return value.map((item: unknown) => {
      if (!isJsonObject(item)) throw serializationError(`Each entry of '${name}' must be an object.`);
      return item;
    });
  }

  // Checks a nested member against rules, reporting violations under `path`.
  checkString(value: unknown, path: string, rules: StringRules): string | undefined {
    if (value === undefined || value === null) {
      if (rules.required) this.violations.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      return undefined;
    }
    if (typeof value !== "string") throw serializationError(`The value at '${path}' must be a string.`);

    const subject = rules.sensitive ? "Value" : `Value '${value}'`;
    const length = [...value].length;
    if (rules.min !== undefined && length < rules.min) {
      this.violations.push(`${subject} at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${rules.min}`);
    }
    if (rules.max !== undefined && length > rules.max) {
      this.violations.push(`${subject} at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${rules.max}`);
    }
    if (rules.pattern && !rules.pattern.test(value)) {
      this.violations.push(`${subject} at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rules.pattern.source}`);
    }
    if (rules.enumValues && !rules.enumValues.includes(value)) {
      this.violations.push(`${subject} at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${rules.enumValues.join(", ")}]`);
    }
    return value;
  }

  addViolation(message: string): void {
    this.violations.push(message);
  }

  // Throws one ValidationException listing every violation found so far.
  finish(): void {
    const count = this.violations.length;
    if (count === 0) return;

    const noun = count === 1 ? "error" : "errors";
    throw frontEndError("ValidationException", `${count} validation ${noun} detected: ${this.violations.join("; ")}`);
  }

  private checkListSize(value: unknown[], path: string, rules: { min?: number; max?: number }): void {
    if (rules.min !== undefined && value.length < rules.min) {
      this.violations.push(`Value at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${rules.min}`);
    }
    if (rules.max !== undefined && value.length > rules.max) {
      this.violations.push(`Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${rules.max}`);
    }
  }
}
