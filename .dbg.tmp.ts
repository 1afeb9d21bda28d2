import { openEngine } from './src/core.js';
import { buildApp } from './src/api/app.js';
import { loadConfig } from './src/config/config.js';
import { silentLogger } from './src/test-support/logger.js';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
const dir = mkdtempSync('/tmp/vdbg-');
const engine = await openEngine(loadConfig({ flags: { data_dir: dir } }), silentLogger, { adminPassword: 'admin-password-for-tests' });
const app = await buildApp(engine.ctx);
const T0 = Date.parse('2026-03-03T10:00:00Z');
const json = { '@timestamp': new Date(T0).toISOString(), host: { name: 'h' }, winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', event_id: 1, computer_name: 'h', event_data: { Image: 'C:\\x\\powershell.exe', CommandLine: 'powershell -enc AAA' } } };
await engine.pipeline.ingest([{ text: JSON.stringify(json), json, received: T0, origin: { source: 'test' }, tenant: 'default' }]);
console.log('ingested');
if (process.argv[2] === 'rm') { await rm(dir, { recursive: true, force: true }); console.log('removed'); }
await app.close(); console.log('app closed');
await engine.ctx.detection.close(); console.log('det closed');
await engine.pipeline.drain(); console.log("drained"); await engine.events.close(); console.log("events closed"); engine.db.close(); console.log("db closed");
