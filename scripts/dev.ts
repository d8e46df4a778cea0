// `npm run dev`: the API with restart-on-change (tsx watch, port $PORT or 3000) and the Vite dev
// server with hot reload (port $WEB_PORT or 5173) proxying /api, /docs and /openapi.json to the API.
// Open http://127.0.0.1:5173/. Ctrl-C stops both.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const port = process.env.PORT ?? '3000';
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

const children: ChildProcess[] = [
  spawn(bin('tsx'), ['watch', '--clear-screen=false', 'src/main.ts', 'start'], {
    cwd: root, stdio: 'inherit', env: { ...process.env, PORT: port, SHIJI_WEB_BUILD: 'off' },
  }),
  spawn(bin('vite'), ['--config', 'web/vite.config.ts', '--host', process.env.HOST ?? '127.0.0.1'], {
    cwd: root, stdio: 'inherit', env: { ...process.env, SHIJI_API_URL: process.env.SHIJI_API_URL ?? `http://127.0.0.1:${port}` },
  }),
];

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
for (const c of children) c.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
