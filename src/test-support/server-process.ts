// Runs `vigil serve` as a real child process on free ports, for tests that need a whole
// server: crash recovery, real shippers, the CLI.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = ['--import', 'tsx', fileURLToPath(new URL('../cli/main.ts', import.meta.url))];

export interface ServerProcess {
  child: ChildProcess;
  http: string;
  syslogTcpPort: number;
  syslogUdpPort: number;
  output(): string;
  /** SIGKILL, no chance to flush anything. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs the vigil CLI to completion. */
export function runVigil(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, VIGIL_LOG_LEVEL: 'warn', ...env }, input, maxBuffer: 1 << 28 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export async function startServerProcess(t: TestContext, dataDir: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...CLI, 'serve', '--data', dataDir, '--http-port', '0', '--syslog-port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VIGIL_LOG_LEVEL: 'warn', VIGIL_HTTP_HOST: '127.0.0.1', ...env },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    return exited;
  });
  const started = Date.now();
  for (;;) {
    const http = /listening on (http:\/\/[^\s]+)/.exec(output)?.[1];
    const tcp = /listening on tcp:\/\/[^\s]*:(\d+)/.exec(output)?.[1];
    const udp = /listening on udp:\/\/[^\s]*:(\d+)/.exec(output)?.[1];
    if (http && tcp && udp) {
      return {
        child,
        http: http.replace('0.0.0.0', '127.0.0.1'),
        syslogTcpPort: Number(tcp),
        syslogUdpPort: Number(udp),
        output: () => output,
        async kill9() {
          child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null) throw new Error(`vigil serve exited with ${child.exitCode}:\n${output}`);
    if (Date.now() - started > 60_000) throw new Error(`vigil serve did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls until the check passes (or throws after the timeout). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
