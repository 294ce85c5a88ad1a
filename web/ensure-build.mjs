// Builds the web app before `npm start` when web/dist is missing or older than its sources,
// so `npm install && npm start` serves the current UI without a separate build step.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('.', import.meta.url));
const built = join(web, 'dist', 'index.html');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts'), join(web, '..', 'src', 'core'), join(web, '..', 'src', 'platform', 'access.ts')];
if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
  console.log('Building the web app (web/dist)...');
  execFileSync(process.execPath, [join(web, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit' });
}
