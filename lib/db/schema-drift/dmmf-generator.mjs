// A Prisma generator that writes the DMMF (Prisma's parsed data model) to the file named
// by its `output` setting. `prisma generate` starts it as a child process and talks
// JSON-RPC with it: requests arrive as JSON lines on stdin, and the CLI reads responses
// as JSON lines on stderr.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

function respond(id, result) {
  process.stderr.write(`${JSON.stringify({ jsonrpc: "2.0", id, result })}\n`);
}

function respondError(id, error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${JSON.stringify({ jsonrpc: "2.0", id, error: { code: -32000, message, data: null } })}\n`);
}

createInterface({ input: process.stdin, crlfDelay: Infinity }).on("line", (line) => {
  const request = JSON.parse(line);

  if (request.method === "getManifest") {
    respond(request.id, { manifest: { prettyName: "DMMF dump", requiresEngines: [] } });
    return;
  }

  if (request.method === "generate") {
    try {
      const output = request.params.generator.output?.value;
      if (!output) throw new Error("the dmmf generator needs an output file path");
      mkdirSync(path.dirname(output), { recursive: true });
      writeFileSync(output, JSON.stringify(request.params.dmmf));
      respond(request.id, null);
    } catch (error) {
      respondError(request.id, error);
    }
  }
});
