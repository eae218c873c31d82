import type { ReadStream } from 'node:tty';

/**
 * Reads one secret line (a password, the recovery key) from stdin — never from a flag, which would
 * land in shell history and process lists. On a terminal it prompts and does not echo; from a pipe
 * it takes the first line.
 */
export function readSecretLine(
  stdin: NodeJS.ReadableStream,
  prompt: string,
  err: (line: string) => void,
): Promise<string> {
  const tty = stdin as Partial<ReadStream>;
  return tty.isTTY && tty.setRawMode
    ? readFromTerminal(tty as ReadStream, prompt, err)
    : readFirstLine(stdin);
}

function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const done = () => {
      stdin.off('data', onData);
      stdin.off('end', done);
      stdin.off('error', reject);
      stdin.pause();
      resolve(buffer.split(/\r?\n/)[0]);
    };
    const onData = (chunk: Buffer | string) => {
      buffer += chunk.toString();
      if (buffer.includes('\n')) done();
    };
    stdin.on('data', onData);
    stdin.on('end', done);
    stdin.on('error', reject);
    stdin.resume();
  });
}

function readFromTerminal(stdin: ReadStream, prompt: string, err: (line: string) => void): Promise<string> {
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    const finish = (result: string | null) => {
      stdin.setRawMode(false);
      stdin.off('data', onData);
      stdin.pause();
      err('');
      if (result === null) reject(new Error('cancelled'));
      else resolve(result);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(value);
        if (ch === '\u0003') return finish(null);
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}
