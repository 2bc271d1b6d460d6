import { execFile } from "node:child_process";

export interface GitRunOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  // Exit codes that carry a result rather than a failure, such as 1 from `merge-base --is-ancestor`.
  okExitCodes?: number[];
  cwd?: string;
}

export interface GitRunResult {
  stdout: Buffer;
  exitCode: number;
}

export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} failed with exit code ${String(exitCode)}: ${stderr.trim()}`);
    this.name = "GitCommandError";
  }
}

const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

// The simulator must behave the same on every machine, so git runs without the user's or the
// system's configuration and without any GIT_* variables inherited from a calling hook.
function gitEnvironment(extra: Record<string, string> | undefined): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    LANG: "C",
    LC_ALL: "C",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    ...extra,
  };
}

// Runs `git` with an argument vector (never through a shell) and returns its raw stdout.
export function runGit(args: string[], options: GitRunOptions = {}): Promise<GitRunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      {
        encoding: "buffer",
        maxBuffer: MAX_OUTPUT_BYTES,
        env: gitEnvironment(options.env) as NodeJS.ProcessEnv,
        cwd: options.cwd,
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, exitCode: 0 });
          return;
        }

        const exitCode = typeof error.code === "number" ? error.code : null;
        if (exitCode !== null && options.okExitCodes?.includes(exitCode)) {
          resolve({ stdout, exitCode });
          return;
        }

        reject(new GitCommandError(args, exitCode, stderr.toString("utf8")));
      },
    );

    child.stdin?.on("error", () => {
      // git may exit before reading all of stdin (for example on a bad object); the exit
      // code reported above is the error that matters.
    });
    child.stdin?.end(options.input ?? "");
  });
}
