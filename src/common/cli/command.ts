import type { AppConfig } from '../../config';

/** Input and output of a CLI command; stdin is for secrets (passwords, the recovery key), never flags. */
export interface CliIo {
  args: string[];
  config: AppConfig;
  out: (line: string) => void;
  err: (line: string) => void;
  stdin: NodeJS.ReadableStream;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage?: string;
  /** `init` only: the command may run in production before the secrets exist. */
  allowMissingSecrets?: boolean;
  /** Returns the process exit code. */
  run(io: CliIo): Promise<number>;
}
