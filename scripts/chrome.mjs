// Finds a Chromium to test with: CHROME_PATH, then the usual Debian/Ubuntu paths.
// When none is found and this is a root shell with apt-get, installs Debian's `chromium`.
// Otherwise explains exactly what to install.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Flags that keep headless Chromium quiet and offline on this kind of machine. */
export const CHROME_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function find() {
  if (process.env.CHROME_PATH && existsSync(process.env.CHROME_PATH)) return process.env.CHROME_PATH;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Path of a Chromium binary, installing Debian's package when possible; exits with advice otherwise. */
export function findChrome({ install = true } = {}) {
  let path = find();
  if (path) return path;
  const canInstall = install && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall) {
    console.log('test: Chromium not found; installing Debian package `chromium` (about 30 s)...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    path = find();
    if (path) return path;
  }
  console.error(
    [
      'test: no Chromium found. Install one and run again:',
      '  Debian/Ubuntu:  sudo apt-get install -y chromium',
      '  or point CHROME_PATH at a Chrome/Chromium binary: CHROME_PATH=/path/to/chrome npm test',
    ].join('\n'),
  );
  process.exit(1);
}
