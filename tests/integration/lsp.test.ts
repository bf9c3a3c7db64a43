/**
 * The editor, for real: the ESLint language server that VS Code's ESLint extension runs
 * (`vscode-eslint-language-server` from vscode-langservers-extracted, the same server Neovim,
 * Helix and Zed start), spoken to over stdio with LSP JSON-RPC the way the VS Code client does.
 *
 * A temporary project has `eslint.config.mjs` importing the plugin by its package name; an
 * unsaved buffer (didOpen with text, never written to disk) with a leak gets the diagnostic,
 * the quick fix is our suggestion, and executing it edits the buffer into the fixed code.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAK_FIXED, LEAK_REPORT, LEAK_SOURCE, LEAK_SUGGESTION, ROOT, RULE_ID, loadBuiltPlugin, useTempProject } from './helpers';

// ---------------------------------------------------------------------------------------------
// A minimal LSP client: Content-Length framing, requests both ways, notifications.

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface TextEdit {
  range: Range;
  newText: string;
}
interface Diagnostic {
  range: Range;
  message: string;
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
}
interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}
interface CodeAction {
  title: string;
  kind?: string;
  command?: Command;
  diagnostics?: Diagnostic[];
  edit?: WorkspaceEdit;
}
interface WorkspaceEdit {
  documentChanges?: { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[];
  changes?: Record<string, TextEdit[]>;
}
interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

type RequestHandler = (params: unknown) => unknown;

class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; method: string }>();
  private readonly handlers = new Map<string, RequestHandler>();
  readonly notifications: Message[] = [];
  readonly log: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stderr.setEncoding('utf8').on('data', (text: string) => this.log.push(`[stderr] ${text}`));
    this.exited = new Promise(resolve => child.on('exit', code => resolve(code)));
  }

  onRequest(method: string, handler: RequestHandler): void {
    this.handlers.set(method, handler);
  }

  request<T>(method: string, params: unknown, timeoutMs = 30_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} got no answer in ${timeoutMs} ms\n${this.log.join('\n')}`));
      }, timeoutMs);
      this.pending.set(id, {
        method,
        resolve: value => (clearTimeout(timer), resolve(value as T)),
        reject: error => (clearTimeout(timer), reject(error)),
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params?: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: *(\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`bad LSP header: ${header}`);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server: answer it like VS Code would.
      const handler = this.handlers.get(message.method);
      Promise.resolve()
        .then(() => (handler ? handler(message.params) : null))
        .then(
          result => this.send({ jsonrpc: '2.0', id: message.id, result: result ?? null }),
          (error: Error) => this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: error.message } }),
        );
    } else if (message.method !== undefined) {
      this.notifications.push(message);
      if (message.method === 'window/logMessage') this.log.push((message.params as { message: string }).message);
    } else {
      const pending = this.pending.get(Number(message.id));
      if (!pending) return;
      this.pending.delete(Number(message.id));
      if (message.error) pending.reject(new Error(`${pending.method}: ${message.error.message}\n${this.log.join('\n')}`));
      else pending.resolve(message.result);
    }
  }
}

/** Applies LSP text edits (non-overlapping, positions in the original text) to a document. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => Math.min(lineStarts[p.line] + p.character, lineStarts[p.line + 1] !== undefined ? lineStarts[p.line + 1] - 1 : text.length);
  const sorted = edits.map(e => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  return sorted.reduce((result, e) => result.slice(0, e.start) + e.text + result.slice(e.end), text);
}

// ---------------------------------------------------------------------------------------------

const SERVER = path.join(ROOT, 'node_modules/vscode-langservers-extracted/bin/vscode-eslint-language-server');

const CONFIG = `import connectionLeaks from 'eslint-plugin-connection-leaks';
import tsParser from '@typescript-eslint/parser';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
  connectionLeaks.configs.recommended,
];
`;

describe('vscode-eslint-language-server (the VS Code ESLint extension server) over stdio', () => {
  const project = useTempProject('lsp', {
    'eslint-plugin-connection-leaks': ROOT,
    eslint: path.join(ROOT, 'node_modules/eslint'),
    '@typescript-eslint/parser': path.join(ROOT, 'node_modules/@typescript-eslint/parser'),
  });
  let folderUri: string;
  let file: string;
  let uri: string;
  const plugin = loadBuiltPlugin();
  let client: LspClient;
  let text = LEAK_SOURCE;
  let version = 1;
  const appliedEdits: WorkspaceEdit[] = [];

  /** The settings the VS Code extension's client sends for a TypeScript file with default user settings. */
  const settings = () => ({
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: false,
    // VS Code sends no `useFlatConfig` unless the user sets `eslint.useFlatConfig`; this server reads
    // `experimental.useFlatConfig` unconditionally, so it gets the setting's default (false).
    // (`true` would make it look for `FlatESLint` in eslint/use-at-your-own-risk, gone in ESLint 10.)
    experimental: { useFlatConfig: false },
    codeActionOnSave: { mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    // `workingDirectory` is left out, as VS Code does without `eslint.workingDirectories`: the
    // server then picks the directory of the nearest eslint.config.* (mode "location").
    workspaceFolder: { name: path.basename(project.dir), uri: folderUri },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
  });

  beforeAll(async () => {
    folderUri = pathToFileURL(project.dir).href;
    file = path.join(project.dir, 'src/users.ts');
    uri = pathToFileURL(file).href;
    writeFileSync(path.join(project.dir, 'eslint.config.mjs'), CONFIG);
    writeFileSync(path.join(project.dir, 'package.json'), JSON.stringify({ name: 'lsp-fixture', private: true }));
    mkdirSync(path.join(project.dir, 'src'));

    // VS Code runs the server with Node, the bin script and `--stdio` (`eslint.runtime: "node"`).
    const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: project.dir, stdio: ['pipe', 'pipe', 'pipe'] });
    client = new LspClient(child);
    client.onRequest('workspace/configuration', params => (params as { items: unknown[] }).items.map(() => settings()));
    client.onRequest('workspace/applyEdit', params => {
      const { edit } = params as { edit: WorkspaceEdit };
      appliedEdits.push(edit);
      for (const change of edit.documentChanges ?? []) {
        if (change.textDocument.uri === uri) text = applyEdits(text, change.edits);
      }
      for (const [target, edits] of Object.entries(edit.changes ?? {})) if (target === uri) text = applyEdits(text, edits);
      return { applied: true };
    });
    for (const method of ['client/registerCapability', 'window/workDoneProgress/create', 'workspace/diagnostic/refresh']) client.onRequest(method, () => null);
    for (const method of ['eslint/noConfig', 'eslint/noLibrary', 'eslint/probeFailed', 'eslint/openDoc']) {
      client.onRequest(method, params => {
        client.log.push(`${method} ${JSON.stringify(params)}`);
        return {};
      });
    }

    const initialized = await client.request<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'connection-leaks-test', version: '1' },
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: path.basename(project.dir) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, applyEdit: true, workspaceEdit: { documentChanges: true }, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
          codeAction: {
            dynamicRegistration: false,
            isPreferredSupport: true,
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll', 'source.organizeImports'] } },
          },
        },
      },
    });
    // The pull model: VS Code asks for a document's diagnostics (textDocument/diagnostic).
    expect(initialized.capabilities.diagnosticProvider).toMatchObject({ identifier: 'eslint' });
    expect(initialized.capabilities.codeActionProvider).toBeDefined();
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text } });
  }, 60_000);

  afterAll(async () => {
    // Never leave the server running, whatever happened above.
    if (client && client.child.exitCode === null) {
      await client.request('shutdown', null, 10_000).catch(() => undefined);
      client.notify('exit');
      await Promise.race([client.exited, new Promise(resolve => setTimeout(resolve, 5_000))]);
      if (client.child.exitCode === null) client.child.kill('SIGKILL');
    }
  }, 30_000);

  let diagnostic: Diagnostic;

  it('reports the leak in the unsaved buffer: rule id, range of the acquire, message, docs link', async () => {
    const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }, 45_000);
    expect(report.kind, client.log.join('\n')).toBe('full');
    const ours = report.items.filter(d => d.code === RULE_ID);
    expect(ours, `${JSON.stringify(report.items)}\n${client.log.join('\n')}`).toHaveLength(1);
    diagnostic = ours[0];
    expect(diagnostic).toMatchObject({
      source: 'eslint',
      severity: 1, // Error
      message: LEAK_REPORT.message,
      range: {
        start: { line: LEAK_REPORT.line - 1, character: LEAK_REPORT.column - 1 },
        end: { line: LEAK_REPORT.endLine - 1, character: LEAK_REPORT.endColumn - 1 },
      },
      codeDescription: { href: plugin.rules['no-leaked-connection'].meta.docs!.url },
    });
    // The range is exactly `pool.connect()`.
    const line = LEAK_SOURCE.split('\n')[diagnostic.range.start.line];
    expect(line.slice(diagnostic.range.start.character, diagnostic.range.end.character)).toBe('pool.connect()');
    // The buffer was never saved.
    expect(existsSync(file)).toBe(false);
  }, 60_000);

  it('offers our suggestion as a quick fix that edits the buffer into the fixed code', async () => {
    expect(diagnostic).toBeDefined();
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], triggerKind: 1 },
    });
    const titles = actions.map(a => a.title);
    // The extension titles a suggestion `${desc} (${ruleId})`.
    const quickFix = actions.find(a => a.title === `${LEAK_SUGGESTION} (${RULE_ID})`);
    expect(quickFix, titles.join('\n')).toBeDefined();
    expect(quickFix!.kind).toBe('quickfix');
    expect(quickFix!.diagnostics?.[0]?.code).toBe(RULE_ID);
    expect(titles).toContain(`Disable ${RULE_ID} for this line`);
    expect(titles).toContain(`Show documentation for ${RULE_ID}`);
    // No autofix by default: the leak fix is a suggestion, not "Fix this … problem".
    expect(titles.filter(t => t.startsWith('Fix this'))).toEqual([]);

    // VS Code executes the action's command; the server answers with workspace/applyEdit.
    expect(quickFix!.command?.command).toBe('eslint.applySuggestion');
    await client.request('workspace/executeCommand', { command: quickFix!.command!.command, arguments: quickFix!.command!.arguments });
    expect(appliedEdits).toHaveLength(1);
    expect(text).toBe(LEAK_FIXED);
    expect(existsSync(file)).toBe(false);
  }, 60_000);

  it('clears the diagnostic once the buffer holds the fixed code', async () => {
    expect(text).toBe(LEAK_FIXED);
    version += 1;
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }, 45_000);
    expect(report.items.filter(d => d.code === RULE_ID)).toEqual([]);
  }, 60_000);

  it('shuts down cleanly (shutdown, exit, process gone with status 0)', async () => {
    await client.request('shutdown', null, 10_000);
    client.notify('exit');
    const code = await Promise.race([client.exited, new Promise(resolve => setTimeout(() => resolve('still running'), 10_000))]);
    expect(code).toBe(0);
  }, 30_000);
});

