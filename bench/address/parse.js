// Runs one npm address parser over the addresses in a JSON file: once to
// collect its answers, then repeatedly to time it.
// Usage: node parse.js PARSER inputs.json ROUNDS > results.json
// PARSER is address-parse or zh-address-parse.
'use strict';
const fs = require('fs');

const which = process.argv[2];
const inputs = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const rounds = Number(process.argv[4] || 100);

let parse;
switch (which) {
  case 'address-parse': {
    const mod = require('address-parse');
    const AddressParse = mod.default || mod;
    parse = (s) => {
      const [r] = AddressParse.parse(s);
      return r ? { code: r.code || '', province: r.province || '', city: r.city || '', area: r.area || '' } : { code: '' };
    };
    break;
  }
  case 'zh-address-parse': {
    const mod = require('zh-address-parse');
    const AddressParse = mod.default || mod;
    parse = (s) => {
      const r = AddressParse(s);
      return { code: r.areaCode || '', province: r.province || '', city: r.city || '', area: r.area || '' };
    };
    break;
  }
  default:
    process.stderr.write(`parse.js: unknown parser ${which}\n`);
    process.exit(2);
}

const results = inputs.map((s) => {
  try {
    return parse(s);
  } catch (e) {
    return { code: '', error: String(e) };
  }
});

// Warm up, then time.
const safe = (s) => { try { parse(s); } catch (e) { /* counted above */ } };
for (const s of inputs) safe(s);
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
let n = 0;
for (let i = 0; i < rounds; i++) {
  for (const s of inputs) {
    safe(s);
    n++;
  }
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(c0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const version = require(`${which}/package.json`).version;
process.stdout.write(JSON.stringify({ version, parsed: n, seconds, cpu_seconds: cpuSeconds, results }));
