/**
 * A minimal LSP client for tests: `pmumap lsp` as a child process, messages
 * framed with Content-Length over its stdin and stdout.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';

export interface Message {
  readonly id?: number;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: unknown;
}

export class LspClient {
  readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiting = new Map<number, (m: Message) => void>();
  readonly notifications: Message[] = [];
  private readonly listeners: (() => void)[] = [];

  constructor(cwd = ROOT) {
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'test/editors/run-pmumap.ts'), 'lsp'],
      { cwd },
    );
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(
        /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1],
      );
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      const message = JSON.parse(body) as Message;
      if (message.id !== undefined && message.method === undefined) {
        this.waiting.get(message.id)?.(message);
        this.waiting.delete(message.id);
      } else if (message.method !== undefined) {
        this.notifications.push(message);
        this.listeners.splice(0).forEach((l) => l());
      }
    }
  }

  private send(message: object): void {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** The next notification `method` whose params satisfy `match`, after those already seen. */
  async next<T>(method: string, match: (params: T) => boolean, from = 0): Promise<T> {
    for (;;) {
      const found = this.notifications
        .slice(from)
        .find((n) => n.method === method && match(n.params as T));
      if (found) return found.params as T;
      await new Promise<void>((resolve) => this.listeners.push(resolve));
    }
  }

  async close(): Promise<void> {
    await this.request('shutdown', null);
    const exited = new Promise((resolve) => this.child.on('exit', resolve));
    this.notify('exit', null);
    await exited;
  }
}
