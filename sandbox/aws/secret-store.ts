import { randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

// The simulator's own copy of "AWS": secrets with their versions and values. It stores
// values because it plays Secrets Manager, and code outside this folder reads them only
// through the Secrets Manager API.

const tagSchema = z.object({ Key: z.string(), Value: z.string().optional() });

const versionSchema = z.object({
  versionId: z.string(),
  stages: z.array(z.string()),
  createdDate: z.number(),
  secretString: z.string().optional(),
  secretBinary: z.string().optional(),
});

const secretSchema = z.object({
  name: z.string(),
  arn: z.string(),
  description: z.string().optional(),
  kmsKeyId: z.string().optional(),
  tags: z.array(tagSchema),
  createdDate: z.number(),
  lastChangedDate: z.number(),
  lastAccessedDate: z.number().optional(),
  deletedDate: z.number().optional(),
  versions: z.array(versionSchema),
});

const dataFileSchema = z.object({ formatVersion: z.literal(1), secrets: z.array(secretSchema) });

// Dates are epoch milliseconds here; the API layer converts them to epoch seconds.
export type StoredVersion = z.infer<typeof versionSchema>;
export type StoredSecret = z.infer<typeof secretSchema>;

export interface SecretStoreOptions {
  dataFile?: string;
  region: string;
  accountId: string;
  now: () => number;
}

const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function partitionFor(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export class SecretStore {
  private secrets = new Map<string, StoredSecret>();
  readonly arnPrefix: string;

  constructor(private readonly options: SecretStoreOptions) {
    this.arnPrefix = `arn:${partitionFor(options.region)}:secretsmanager:${options.region}:${options.accountId}:secret:`;
  }

  now(): number {
    return this.options.now();
  }

  load(): void {
    const file = this.options.dataFile;
    if (!file || !fs.existsSync(file)) return;

    const raw = fs.readFileSync(file, "utf8");
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new Error(`The Secrets Manager simulator data file ${file} is not valid JSON; fix or delete it.`);
    }

    const result = dataFileSchema.safeParse(parsed);
    if (!result.success) {
      throw new Error(`The Secrets Manager simulator data file ${file} has an unexpected shape (${result.error.issues[0]?.message ?? "invalid"}); fix or delete it.`);
    }
    this.secrets = new Map(result.data.secrets.map((secret) => [secret.name, secret]));
  }

  // Writes the whole store to a temporary file and renames it, so a crash never leaves a
  // half-written data file behind.
  save(): void {
    const file = this.options.dataFile;
    if (!file) return;

    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    const body = JSON.stringify({ formatVersion: 1, secrets: [...this.secrets.values()] }, null, 2);
    fs.writeFileSync(temporary, body, { mode: 0o600 });
    fs.renameSync(temporary, file);
  }

  newArn(name: string): string {
    let suffix = "";
    for (let i = 0; i < 6; i++) suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
    return `${this.arnPrefix}${name}-${suffix}`;
  }

  list(): StoredSecret[] {
    this.purgeExpired();
    return [...this.secrets.values()];
  }

  findByName(name: string): StoredSecret | undefined {
    this.purgeExpired();
    return this.secrets.get(name);
  }

  // Resolves a SecretId the way Secrets Manager does: a name, a full ARN, or a partial ARN
  // that leaves out the random suffix. A full ARN of an earlier secret with the same name
  // does not match, because the suffix differs.
  find(secretId: string): StoredSecret | undefined {
    this.purgeExpired();
    if (!secretId.startsWith("arn:")) return this.secrets.get(secretId);

    for (const secret of this.secrets.values()) {
      if (secret.arn === secretId) return secret;
    }
    if (!secretId.startsWith(this.arnPrefix)) return undefined;
    return this.secrets.get(secretId.slice(this.arnPrefix.length));
  }

  add(secret: StoredSecret): void {
    this.secrets.set(secret.name, secret);
  }

  remove(name: string): void {
    this.secrets.delete(name);
  }

  clear(): void {
    this.secrets.clear();
  }

  // Secrets whose recovery window has ended are gone for good, as in AWS.
  private purgeExpired(): void {
    const now = this.options.now();
    let purged = false;

    for (const [name, secret] of this.secrets) {
      if (secret.deletedDate !== undefined && secret.deletedDate <= now) {
        this.secrets.delete(name);
        purged = true;
      }
    }
    if (purged) this.save();
  }
}
