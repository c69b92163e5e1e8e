// The ledger over HTTP with a real witness process: the checkpoint, proofs checked here with
// node's own SM3 (an implementation independent of ours), owner-only receipts that `haoban ledger
// verify-receipt` accepts offline, cosignatures from `haoban witness serve`, and bad input refused.

import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { after, before, test } from 'node:test'

import { startCustomServer } from './custom-server.mjs'
import { assertProblem, bearer, freePort, serverBinary, token, REPO_DIR } from './helpers.mjs'

const run = promisify(execFile)
const ORIGIN = 'haoban.baoshan.gov.cn/ledger'
const delay = (ms) => new Promise((r) => setTimeout(r, ms))

let server, witness, keys, base, witnessLog = ''

const haoban = (...args) => run(serverBinary(), args, { cwd: REPO_DIR })
const vkeyLine = (out, label) => out.split('\n').find((l) => l.startsWith(label)).split(': ')[1]

before(async () => {
  keys = await mkdtemp(path.join(os.tmpdir(), 'haoban-ledger-keys-'))
  const log = await haoban('ledger', 'keygen', '--name', ORIGIN, '--out', `${keys}/log`)
  const wit = await haoban('ledger', 'keygen', '--name', 'audit.baoshan.gov.cn/witness', '--out', `${keys}/witness`)
  const wport = await freePort()
  witness = spawn(serverBinary(), ['witness', 'serve', '--key', `${keys}/witness.key`, '--log',
    vkeyLine(log.stdout, 'verifier key (as a log)'), '--state', `${keys}/witness-state`, '--listen', `127.0.0.1:${wport}`],
  { cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'] })
  witness.stderr.on('data', (c) => (witnessLog += c))
  server = await startCustomServer({
    env: {
      HAOBAN_LEDGER_KEY_FILE: `${keys}/log.key`,
      HAOBAN_LEDGER_WITNESS_URL: `http://127.0.0.1:${wport}/api/v1/witness`,
      HAOBAN_LEDGER_WITNESS_KEY: vkeyLine(wit.stdout, 'verifier key (as a witness)'),
      HAOBAN_LEDGER_ROUND_SECONDS: '1',
    },
  })
  base = server.baseURL
})

after(async () => {
  await server?.stop()
  witness?.kill('SIGTERM')
  if (keys) await rm(keys, { recursive: true, force: true })
})

const b64 = (s) => Buffer.from(s, 'base64')
const sm3 = (...parts) => createHash('sm3').update(Buffer.concat(parts)).digest()
const node = (l, r) => sm3(Buffer.from([1]), l, r)

// RFC 9162 §2.1.3.2, written again here so the server's proofs are checked by other code.
function rootFromInclusion(index, size, leafHash, proof) {
  let fn = BigInt(index), sn = BigInt(size) - 1n, r = leafHash
  for (const p of proof) {
    if ((fn & 1n) === 1n || fn === sn) {
      r = node(p, r)
      while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n }
    } else r = node(r, p)
    fn >>= 1n; sn >>= 1n
  }
  assert.equal(sn, 0n)
  return r
}

async function checkpoint() {
  const res = await fetch(`${base}/api/v1/ledger/checkpoint`)
  assert.equal(res.status, 200)
  assert.match(res.headers.get('content-type'), /^text\/plain/)
  const text = await res.text()
  const [origin, size, root] = text.split('\n')
  return { text, origin, size: Number(size), root: b64(root) }
}

test('the seed sealed the audit log: checkpoint and proofs verify with an independent SM3', async () => {
  const cp = await checkpoint()
  assert.equal(cp.origin, ORIGIN)
  assert.ok(cp.size >= 1, 'seeding sealed its audit rows')
  const res = await fetch(`${base}/api/v1/ledger/proofs/inclusion?index=0&size=${cp.size}`)
  const p = await res.json()
  assert.equal(p.hash, 'sm3')
  assert.deepEqual(rootFromInclusion(0, cp.size, b64(p.leaf_hash), p.proof.map(b64)), cp.root)
  assert.deepEqual(b64(p.root), cp.root)

  // The same tree as c2sp.org/tlog-tiles resources under the prefix /api/v1/ledger.
  const w = cp.size % 256
  const tile = Buffer.from(await (await fetch(`${base}/api/v1/ledger/tile/0/000.p/${w}`)).arrayBuffer())
  assert.equal(tile.length, 32 * w)
  assert.deepEqual(tile.subarray(0, 32), b64(p.leaf_hash))
  const bundleRes = await fetch(`${base}/api/v1/ledger/tile/entries/000.p/${w}`)
  assert.match(bundleRes.headers.get('cache-control'), /immutable/)
  const bundle = Buffer.from(await bundleRes.arrayBuffer())
  const first = bundle.subarray(2, 2 + bundle.readUInt16BE(0))
  assert.deepEqual(sm3(Buffer.from([0]), first), b64(p.leaf_hash))
  assert.equal(JSON.parse(first.toString()).kind, 'audit.batch')
  await assertProblem(await fetch(`${base}/api/v1/ledger/tile/0/000.p/${w + 1}`), 404, 'not-found')
  await assertProblem(await fetch(`${base}/api/v1/ledger/tile/..%2Fparams`), 404, 'not-found')
})

test('the witness cosigns the checkpoint within a few rounds', async () => {
  let text = ''
  for (let i = 0; i < 50 && !text.includes('— audit.baoshan.gov.cn/witness '); i++) {
    await delay(200)
    text = (await checkpoint()).text
  }
  assert.match(text, /— haoban\.baoshan\.gov\.cn\/ledger \S+\n— audit\.baoshan\.gov\.cn\/witness \S+\n$/, witnessLog)

  const admin = await token(base, 'admin')
  const st = await (await fetch(`${base}/api/v1/ledger/status`, { headers: bearer(admin) })).json()
  assert.equal(st.witness.name, 'audit.baoshan.gov.cn/witness')
  assert.ok(st.witness.cosigned_size >= 1)
  assert.match(st.witness.cosigned_at, /^\d{4}-\d\d-\d\dT/)
  assert.ok(st.audit.seals >= 1 && st.audit.sealed_through > 0, JSON.stringify(st))
  const person = await token(base, 'person.demo')
  await assertProblem(await fetch(`${base}/api/v1/ledger/status`, { headers: bearer(person) }), 403, 'forbidden')

  const metrics = await (await fetch(`${base}/metrics`)).text()
  assert.match(metrics, /^haoban_ledger_entries [1-9]\d*$/m)
  assert.match(metrics, /^haoban_ledger_witness_cosigned_entries [1-9]\d*$/m)
  assert.match(metrics, /^haoban_ledger_witness_cosignature_age_seconds \d+$/m)
  assert.match(metrics, /^haoban_ledger_audit_sealed_through [1-9]\d*$/m)
})

test('receipts: an administrator downloads one that verifies offline; others are refused', async () => {
  const admin = await token(base, 'admin')
  const person = await token(base, 'person.demo')
  const res = await fetch(`${base}/api/v1/ledger/receipts/0`, { headers: bearer(admin) })
  assert.equal(res.status, 200)
  assert.match(res.headers.get('content-disposition'), /haoban-0\.tlog-proof/)
  const receipt = await res.text()
  assert.match(receipt, /^c2sp\.org\/tlog-proof@v1\nextra \S+\nindex 0\n/)
  const entry = JSON.parse(b64(receipt.split('\n')[1].slice(6)).toString())
  assert.equal(entry.kind, 'audit.batch')

  const file = path.join(keys, 'r0.tlog-proof')
  await writeFile(file, receipt)
  const ok = await haoban('ledger', 'verify-receipt', file, '--key', `${keys}/log.vkey`)
  assert.equal(ok.stdout, 'valid\n')
  await writeFile(file, receipt.replace('index 0', 'index 1'))
  await assert.rejects(haoban('ledger', 'verify-receipt', file, '--key', `${keys}/log.vkey`),
    (e) => e.code === 1 && /^invalid: /.test(e.stdout))

  await assertProblem(await fetch(`${base}/api/v1/ledger/receipts/0`, { headers: bearer(person) }), 403, 'forbidden')
  await assertProblem(await fetch(`${base}/api/v1/ledger/receipts/0`), 401, 'unauthenticated')
  await assertProblem(await fetch(`${base}/api/v1/ledger/receipts/999999`, { headers: bearer(admin) }), 404, 'not-found')
  // The resident's own entries (the seeded materials), never the district's audit seals; their
  // receipts are theirs to download and verify.
  const mine = await (await fetch(`${base}/api/v1/ledger/entries`, { headers: bearer(person) })).json()
  assert.ok(mine.items.length > 0)
  assert.ok(mine.items.every((e) => e.kind.startsWith('material.')), JSON.stringify(mine.items))
  assert.match(mine.log_key, /^haoban\.baoshan\.gov\.cn\/ledger\+[0-9a-f]{8}\+/)
  const own = await fetch(`${base}/api/v1/ledger/receipts/${mine.items[0].index}`, { headers: bearer(person) })
  assert.equal(own.status, 200)
  await writeFile(file, await own.text())
  assert.equal((await haoban('ledger', 'verify-receipt', file, '--key', `${keys}/log.vkey`)).stdout, 'valid\n')
})

test('bad proof requests are problems naming the parameter', async () => {
  const cp = await checkpoint()
  await assertProblem(await fetch(`${base}/api/v1/ledger/proofs/inclusion`), 422, 'missing-parameter')
  await assertProblem(await fetch(`${base}/api/v1/ledger/proofs/inclusion?index=-1`), 422, 'bad-parameter')
  await assertProblem(await fetch(`${base}/api/v1/ledger/proofs/inclusion?index=${cp.size}`), 400, 'index-beyond-tree')
  await assertProblem(await fetch(`${base}/api/v1/ledger/proofs/inclusion?index=0&size=${cp.size + 5}`), 400, 'beyond-tree')
  await assertProblem(await fetch(`${base}/api/v1/ledger/proofs/consistency?from=0&to=1`), 400, 'bad-tree-sizes')
  await assertProblem(await fetch(`${base}/api/v1/ledger/proofs/consistency?from=2&to=1`), 400, 'bad-tree-sizes')
})
