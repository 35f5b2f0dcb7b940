// Runs a Node script in this process and, on exit, writes its peak resident set size (MB) to a
// file: the benchmark's way to read a child's peak memory without platform tools.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [rssFile, script, ...args] = process.argv.slice(2);
process.on('exit', () => {
  writeFileSync(rssFile, String(process.resourceUsage().maxRSS / 1024));
});
process.argv = [process.argv[0], resolve(script), ...args];
await import(pathToFileURL(resolve(script)).href);
