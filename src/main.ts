import http from 'node:http';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';
import { openPlatform, prepareData } from './bootstrap.js';
import { rotateKeyFile } from './platform/crypto/index.js';
import { verifyAudit } from './platform/audit/index.js';
import { MigrationError } from './platform/db/migrate.js';
import { systemContext } from './platform/http/auth.js';
import { readTls } from './platform/http/server.js';
import { createPlatformAdmin, DEMO_ACCOUNTS, DEMO_PASSWORD } from './modules/identity/index.js';
import { startBackground } from './background.js';
import { ensureWebBuild } from './platform/http/web-build.js';

const USAGE = `Usage: shiji <command>

  start                 run the platform (migrates first; demo data on a new embedded database)
  migrate               apply pending database migrations and exit
  seed --demo           create the demo organisations and accounts (only into a database without accounts)
  audit verify          recompute the audit hash chain; exit 1 naming the first broken entry
  admin create --email E --password P [--name N] [--phone P]
                        create a platform operator administrator
  keys rotate           add a new active encryption key to <data dir>/keys.json (old keys keep decrypting)

Configuration is read from the environment; see README.md.`;

/** A listen failure the operator can fix (port taken, not allowed, unknown host) as a configuration error naming the variable. */
function listenError(err: unknown, portVariable: 'PORT' | 'HTTP_REDIRECT_PORT', config: Config): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const port = portVariable === 'PORT' ? config.port : config.httpRedirectPort;
  const why: Record<string, string> = {
    EADDRINUSE: `${portVariable}: port ${port} is already in use on ${config.host}`,
    EACCES: `${portVariable}: this process may not listen on port ${port}`,
    EADDRNOTAVAIL: `HOST: ${config.host} is not an address of this machine`,
    ENOTFOUND: `HOST: ${config.host} is not a known host name or address`,
  };
  return code && why[code] ? new ConfigError(`Invalid configuration:\n  ${why[code]}`) : err;
}

async function start(config: Config): Promise<void> {
  const t0 = Date.now();
  // A missing or unusable certificate is a configuration error: report it before the database work.
  if (config.tls) readTls(config.tls);
  await ensureWebBuild({ log: (line) => process.stdout.write(`${line}\n`) });
  const platform = await openPlatform(config);
  // The routes are built while the data is prepared: building needs no database, and it fills the
  // waits of the seeding (password hashing on the thread pool, file writes) on a new database.
  const [{ demoSeeded, placeDemoOrders }, app] = await Promise.all([prepareData(platform, { deferDemoOrders: true }), buildApp(platform)]);
  const address = await app.listen({ port: config.port, host: config.host }).catch((err: unknown) => { throw listenError(err, 'PORT', config); });
  // Jobs start once the server listens: some of them (the sandbox's payment notifications) call it.
  const background = config.jobs ? startBackground(platform, app.log) : null;
  let redirect: http.Server | null = null;
  if (config.tls && config.httpRedirectPort) {
    // Plain HTTP only redirects to HTTPS (PL-SEC-02, A-1). The Host header is the client's word: use
    // it only when it is a plain host name, so the redirect cannot be pointed at another URL.
    const server = http.createServer((req, res) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const target = /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(host) ? host : config.host;
      res.writeHead(308, { location: `https://${target}:${config.port}${req.url ?? '/'}` }).end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(listenError(err, 'HTTP_REDIRECT_PORT', config)));
      server.listen(config.httpRedirectPort, config.host, () => resolve());
    });
    redirect = server;
  }
  const lines = [
    '',
    `  Shiji 市集 is running at ${address}  (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    `  API docs: ${address}/docs   OpenAPI: ${address}/openapi.json`,
    `  Database: ${platform.database.location}${demoSeeded ? '  (demo data created)' : ''}`,
  ];
  if (!config.tls) lines.push('  Plain HTTP: fine for this local demo; configure TLS_CERT_FILE/TLS_KEY_FILE (or a TLS proxy) before real use.');
  if (platform.database.kind === 'pglite' && config.demo) {
    lines.push('', `  Demo logins (password: ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.email.padEnd(22)} ${a.area.padEnd(10)} ${a.what}`);
  }
  if (placeDemoOrders) lines.push('', '  The demo consumer is placing a few orders (checkout and sandbox payment); they appear in a moment.');
  process.stdout.write(`${lines.join('\n')}\n\n`);

  // The demo orders go through the same services as a consumer's requests, so serving meanwhile is
  // safe; they only show up a moment later. Shutdown waits for them, so a demo shop is never half-made.
  const demoOrders = placeDemoOrders?.().then(
    (n) => { process.stdout.write(`  Demo orders placed: ${n}.\n\n`); },
    (err: unknown) => { app.log.error({ err }, 'could not place the demo orders'); },
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: no new requests, finishing in-flight ones');
    const force = setTimeout(() => { app.log.error('shutdown took longer than 20 s; exiting'); process.exit(1); }, 20_000);
    force.unref();
    try {
      redirect?.close();
      await app.close();
      await demoOrders;
      await background?.stop();
      await platform.database.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  switch (command) {
    case 'start':
      await start(config);
      return -1;
    case 'migrate': {
      const platform = await openPlatform(config, { migrate: false });
      const { migrate } = await import('./platform/db/migrate.js');
      const done = await migrate(platform.db);
      process.stdout.write(done.length ? `Applied: ${done.join(', ')}\n` : 'Database is up to date.\n');
      await platform.database.close();
      return 0;
    }
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean' } } });
      if (!values.demo) { process.stderr.write('Only demo data can be seeded: shiji seed --demo\n'); return 2; }
      const platform = await openPlatform(config);
      const { demoSeeded } = await prepareData(platform, { forceDemo: true });
      process.stdout.write(demoSeeded ? `Demo data created. Logins: ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')} / ${DEMO_PASSWORD}\n`
        : 'The database already has accounts; demo data was not added.\n');
      await platform.database.close();
      return 0;
    }
    case 'audit': {
      if (rest[0] !== 'verify') { process.stderr.write('Usage: shiji audit verify\n'); return 2; }
      const platform = await openPlatform(config);
      const res = await verifyAudit(platform.db, config.auditAnchorFile);
      await platform.database.close();
      if (res.ok) {
        process.stdout.write(`Audit chain intact: ${res.checked} entries, ${res.anchorsChecked} anchors checked, head ${res.head?.seq ?? 0} ${res.head?.hash ?? ''}\n`);
        return 0;
      }
      process.stdout.write(`Audit chain BROKEN at entry ${res.firstBroken!.seq}${res.firstBroken!.id ? ` (${res.firstBroken!.id})` : ''}: ${res.firstBroken!.reason}\n`);
      return 1;
    }
    case 'admin': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true,
        options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, phone: { type: 'string' } } });
      if (positionals[0] !== 'create' || !values.email || !values.password) {
        process.stderr.write('Usage: shiji admin create --email E --password P [--name N] [--phone P]\n');
        return 2;
      }
      const platform = await openPlatform(config);
      await prepareData(platform);
      const id = await platform.db.transaction((tx) => createPlatformAdmin(tx, systemContext('shiji admin create'), platform.keyring,
        { email: values.email!, password: values.password!, displayName: values.name ?? values.email!.split('@')[0]!, ...(values.phone ? { phone: values.phone } : {}) }));
      process.stdout.write(`Created operator administrator ${id} (${values.email}).\n`);
      await platform.database.close();
      return 0;
    }
    case 'keys': {
      if (rest[0] !== 'rotate') { process.stderr.write('Usage: shiji keys rotate\n'); return 2; }
      if (config.masterKey) { process.stderr.write('Keys come from SHIJI_MASTER_KEY: rotate by setting a new SHIJI_MASTER_KEY and moving the old one to SHIJI_RETIRED_KEYS.\n'); return 2; }
      process.stdout.write(`New active key ${rotateKeyFile(config.dataDir)}; earlier keys still decrypt.\n`);
      return 0;
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then((code) => { if (code >= 0) process.exit(code); }, (err: unknown) => {
  if (err instanceof ConfigError || err instanceof MigrationError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`shiji: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  }
  process.exit(1);
});
