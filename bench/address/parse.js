// Runs the npm package address-parse over the addresses in a JSON file:
// once to collect its answers, then repeatedly to time it.
// Usage: node parse.js inputs.json ROUNDS > results.json
'use strict';
const fs = require('fs');
const mod = require('address-parse');
const AddressParse = mod.default || mod;

const inputs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const rounds = Number(process.argv[3] || 100);

const results = inputs.map((s) => {
  const [r] = AddressParse.parse(s);
  return r ? { code: r.code || '', province: r.province || '', city: r.city || '', area: r.area || '' } : { code: '' };
});

// Warm up, then time.
for (const s of inputs) AddressParse.parse(s);
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
let n = 0;
for (let i = 0; i < rounds; i++) {
  for (const s of inputs) {
    AddressParse.parse(s);
    n++;
  }
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(c0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(JSON.stringify({ version: require('address-parse/package.json').version, parsed: n, seconds, cpu_seconds: cpuSeconds, results }));
