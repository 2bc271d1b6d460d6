import { parseArgs } from "node:util";

import { logger } from "@/lib/log";

import { startSecretsManagerSimulator } from "./server";

// Runs the Secrets Manager simulator on its own:
//   npx tsx sandbox/aws/main.ts [--port 4583] [--host 127.0.0.1] [--data-file .data/aws/secrets-manager.json]
//                               [--region eu-west-1] [--account-id 111111111111] [--in-memory]

const USAGE = `Usage: tsx sandbox/aws/main.ts [options]
  --port <n>         TCP port to listen on (default 4583; 0 picks a free port)
  --host <address>   address to bind (default 127.0.0.1)
  --data-file <path> JSON file that keeps secrets across restarts (default .data/aws/secrets-manager.json)
  --in-memory        keep secrets in memory only, ignoring --data-file
  --region <name>    AWS Region the simulator answers for (default eu-west-1)
  --account-id <id>  12-digit account id used in ARNs (default 111111111111)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4583" },
      host: { type: "string", default: "127.0.0.1" },
      "data-file": { type: "string", default: ".data/aws/secrets-manager.json" },
      "in-memory": { type: "boolean", default: false },
      region: { type: "string", default: "eu-west-1" },
      "account-id": { type: "string", default: "111111111111" },
      help: { type: "boolean", default: false },
    },
  });

  if (values.help) {
    console.log(USAGE);
    return;
  }

  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got '${values.port}'.`);
  }
  if (!/^\d{12}$/.test(values["account-id"])) {
    throw new Error(`--account-id must be 12 digits, got '${values["account-id"]}'.`);
  }

  const simulator = await startSecretsManagerSimulator({
    host: values.host,
    port,
    dataFile: values["in-memory"] ? undefined : values["data-file"],
    region: values.region,
    accountId: values["account-id"],
  });
  console.log(`Secrets Manager simulator listening on ${simulator.url} (region ${values.region})`);

  const stop = (): void => {
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: { message: (error as Error).message } }, "aws simulator did not stop cleanly");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  console.error(USAGE);
  process.exit(1);
});
