// The few Node.js APIs the end-to-end harness and tests use, typed here so the
// project needs no @types/node. Extend it when a test needs more of Node; if
// @types/node is ever added, delete this file and set "types": ["node"] in
// tsconfig.json.

declare var process: {
  env: Record<string, string | undefined>;
  argv: string[];
  pid: number;
  platform: string;
  exitCode: number | undefined;
  cwd(): string;
  exit(code?: number): never;
  kill(pid: number, signal?: string | number): boolean;
  on(event: "exit", listener: (code: number) => void): void;
  on(event: "SIGINT" | "SIGTERM" | "SIGHUP", listener: () => void): void;
  on(event: "unhandledRejection", listener: (reason: unknown) => void): void;
  stdout: { write(s: string): boolean };
  stderr: { write(s: string): boolean };
};

declare var require: { (id: string): any; resolve(id: string): string };
declare var __dirname: string;
declare var __filename: string;

interface Buffer extends Uint8Array {
  toString(encoding?: string): string;
}

declare module "node:child_process" {
  interface SpawnOptions {
    cwd?: string;
    env?: Record<string, string | undefined>;
    stdio?: "ignore" | "inherit" | "pipe" | Array<"ignore" | "inherit" | "pipe" | number>;
    detached?: boolean;
    timeout?: number;
    killSignal?: string;
    encoding?: string;
  }
  interface ChildProcess {
    readonly pid?: number;
    readonly exitCode: number | null;
    readonly signalCode: string | null;
    kill(signal?: string | number): boolean;
    on(event: "exit", listener: (code: number | null, signal: string | null) => void): this;
    on(event: "error", listener: (err: Error) => void): this;
    once(event: "exit", listener: (code: number | null, signal: string | null) => void): this;
    unref(): void;
  }
  interface SpawnSyncResult {
    pid: number;
    status: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
    error?: Error;
  }
  function spawn(command: string, args: string[], options?: SpawnOptions): ChildProcess;
  function spawnSync(command: string, args: string[], options?: SpawnOptions): SpawnSyncResult;
}

declare module "node:fs" {
  interface Dirent {
    name: string;
    isFile(): boolean;
    isDirectory(): boolean;
  }
  function existsSync(path: string): boolean;
  function mkdirSync(path: string, options?: { recursive?: boolean; mode?: number }): string | undefined;
  function mkdtempSync(prefix: string): string;
  function rmSync(path: string, options?: { recursive?: boolean; force?: boolean }): void;
  function readdirSync(path: string): string[];
  function readFileSync(path: string, encoding: "utf8" | "utf-8"): string;
  function readFileSync(path: string): Buffer;
  function writeFileSync(path: string, data: string | Uint8Array): void;
  function appendFileSync(path: string, data: string): void;
  function openSync(path: string, flags: string): number;
  function closeSync(fd: number): void;
  function statSync(path: string): { size: number; isFile(): boolean; isDirectory(): boolean };
  function copyFileSync(src: string, dest: string): void;
  function truncateSync(path: string, len?: number): void;
}

declare module "node:path" {
  function join(...parts: string[]): string;
  function resolve(...parts: string[]): string;
  function relative(from: string, to: string): string;
  function basename(path: string, ext?: string): string;
  function dirname(path: string): string;
}

declare module "node:os" {
  function tmpdir(): string;
}

declare module "node:net" {
  interface Server {
    listen(port: number, host: string, callback?: () => void): this;
    address(): { port: number; address: string; family: string } | string | null;
    close(callback?: (err?: Error) => void): this;
    on(event: "error", listener: (err: Error) => void): this;
  }
  function createServer(): Server;
}

declare module "node:http" {
  interface IncomingMessage {
    statusCode?: number;
    resume(): this;
  }
  interface ClientRequest {
    on(event: "error", listener: (err: Error) => void): this;
    setTimeout(ms: number, callback?: () => void): this;
    destroy(err?: Error): this;
  }
  function get(url: string, callback: (res: IncomingMessage) => void): ClientRequest;
}

// The Wails runtime and bindings the page gets (window.go.<package>.<Struct>.<Method>).
interface Window {
  go: any;
  runtime: any;
}
