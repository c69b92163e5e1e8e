// The e-material library (我的材料) over HTTP: the seeded history, uploads checked by content
// (a PNG and a PDF made here, a truncated PDF refused with nothing stored), deduplication, owner-only
// reads, revocation, the exemption preview for an item, and the receipt of a material.create entry
// verified offline by `haoban ledger verify-receipt`.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { after, before, test } from 'node:test'

import { startCustomServer } from './custom-server.mjs'
import { assertProblem, bearer, serverBinary, token, REPO_DIR } from './helpers.mjs'

const run = promisify(execFile)
const MAX_BYTES = 256 * 1024

let server, base, tmp
let enterprise, person, clerk

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'haoban-materials-'))
  server = await startCustomServer({ env: { HAOBAN_MATERIALS_MAX_BYTES: String(MAX_BYTES) }, template: true })
  base = server.baseURL
  ;[enterprise, person, clerk] = await Promise.all(
    ['enterprise.demo', 'person.demo', 'clerk.scjg'].map((u) => token(base, u)),
  )
})

after(async () => {
  await server?.stop()
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

// ---- files made here, independently of the server's own samples ----

function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(body))
  return Buffer.concat([len, body, crc])
}

function png(width, height, [r, g, b]) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, i) => [r, g, b][i % 3])])
  const raw = Buffer.concat(Array.from({ length: height }, () => row))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function pdf(text) {
  const stream = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ]
  let out = '%PDF-1.7\n'
  const offsets = objects.map((o, i) => {
    const at = out.length
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
    return at
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

async function upload(tok, body, params, filename) {
  const headers = { ...bearer(tok), 'Content-Type': 'application/octet-stream' }
  if (filename) headers['X-Filename'] = encodeURIComponent(filename)
  return fetch(`${base}/api/v1/materials?${new URLSearchParams(params)}`, { method: 'POST', headers, body })
}

async function library(tok) {
  const res = await fetch(`${base}/api/v1/materials`, { headers: bearer(tok) })
  assert.equal(res.status, 200)
  return (await res.json()).items
}

const get = (p, tok) => fetch(`${base}${p}`, { headers: tok ? bearer(tok) : {} })

// ---- tests ----

test('the seeded library shows versions, validity, revocation and ledger indexes', async () => {
  const items = await library(enterprise)
  const byTitle = (t) => items.filter((m) => m.title === t)
  const [v2, v1] = byTitle('公司章程')
  assert.equal(v2.version, 2)
  assert.equal(v2.supersedes, v1.id)
  assert.equal(v1.status, 'superseded')
  assert.equal(v1.superseded_by, v2.id)
  assert.equal(v2.validity.offered, true)
  assert.equal(v2.validity.note, '长期有效')

  const [health] = byTitle('从业人员健康证明')
  assert.equal(health.validity.in_force, false)
  assert.match(health.validity.note, /^已于\d{4}-\d\d-\d\d到期$/)
  const [resolution] = byTitle('股东会决议（2026年第1次）')
  assert.equal(resolution.validity.in_force, true)
  assert.equal(resolution.validity.reusable, false)
  const [report] = byTitle('2025年度财务报表')
  assert.equal(report.status, 'revoked')
  assert.equal(report.revoked.reason, '数据有误，已撤回')
  assert.equal(typeof report.revoked.ledger_index, 'number')
  for (const m of items) {
    assert.equal(typeof m.ledger_index, 'number', `${m.title} has its material.create entry`)
    assert.match(m.content_id, /^hmac-sm3:[0-9a-f]{64}$/)
  }

  const mine = await library(person)
  assert.deepEqual(mine.map((m) => m.category).sort(), ['bank_account', 'photo', 'residence_proof'])
  assert.equal(mine.find((m) => m.category === 'residence_proof').validity.in_force, false)

  await assertProblem(await get('/api/v1/materials'), 401, 'unauthenticated')
  await assertProblem(await get('/api/v1/materials', clerk), 403, 'forbidden')
})

let uploaded // the PNG enterprise.demo uploads below

test('upload a PNG and a PDF: the type comes from the bytes; the same upload twice is one material', async () => {
  const before = (await library(enterprise)).length
  const image = png(40, 30, [200, 60, 40])
  const res = await upload(enterprise, image, { category: 'legal_rep_id', title: '法定代表人身份证（正反面）' }, '身份证 扫描件.pdf')
  assert.equal(res.status, 201, await res.clone().text())
  uploaded = await res.json()
  assert.equal(res.headers.get('location'), `/api/v1/materials/${uploaded.id}`)
  assert.equal(uploaded.created, true)
  assert.equal(uploaded.media_type, 'image/png', 'named .pdf, but the bytes are a PNG')
  assert.equal(uploaded.file_name, '身份证 扫描件.pdf')
  assert.equal(uploaded.size, image.length)
  assert.equal(uploaded.issuer, '本人上传')
  assert.equal(uploaded.status, 'valid')
  assert.equal(uploaded.validity.note, '有效期至' + uploaded.validity.valid_until)  // legal_rep_id: 60 months

  const again = await upload(enterprise, image, { category: 'legal_rep_id', title: '法定代表人身份证（正反面）' })
  assert.equal(again.status, 200)
  const same = await again.json()
  assert.equal(same.created, false)
  assert.equal(same.id, uploaded.id)

  const doc = pdf('Lease 2026')
  const pres = await upload(enterprise, doc, {
    category: 'lease_contract', title: '仓库租赁合同', issued_on: '2026-03-02', expires_on: '2028-03-01', issuer: '上海某物业公司',
  })
  assert.equal(pres.status, 201)
  const lease = await pres.json()
  assert.equal(lease.media_type, 'application/pdf')
  assert.equal(lease.file_name, '仓库租赁合同.pdf')
  assert.equal(lease.issued_on, '2026-03-02')
  assert.equal(lease.validity.valid_until, '2028-03-01')
  assert.equal((await library(enterprise)).length, before + 2)

  const content = await get(`/api/v1/materials/${uploaded.id}/content`, enterprise)
  assert.equal(content.status, 200)
  assert.equal(content.headers.get('content-type'), 'image/png')
  assert.equal(content.headers.get('x-content-type-options'), 'nosniff')
  assert.match(content.headers.get('content-disposition'), /filename\*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81%20/)
  assert.deepEqual(Buffer.from(await content.arrayBuffer()), image)
})

test('a broken or unsupported file is a 422 naming what is wrong, and the library is unchanged', async () => {
  const before = await library(enterprise)
  const whole = pdf('Articles')
  const cut = await upload(enterprise, whole.subarray(0, whole.length - 40), { category: 'articles' }, '章程.pdf')
  const p = await assertProblem(cut, 422, 'damaged-file', { title: '文件已损坏：PDF 缺少结束标记' })
  assert.deepEqual(p.errors, [{ field: 'file', message: '文件已损坏：PDF 缺少结束标记' }])
  await assertProblem(await upload(enterprise, Buffer.from('plain text, renamed'), { category: 'articles' }, 'a.pdf'),
    422, 'unsupported-file-type', { title: '不支持的文件类型：仅接受 PDF、JPEG、PNG、OFD' })
  const bad = png(4, 4, [0, 0, 0])
  bad[bad.length - 20] ^= 0xff // inside IDAT: its CRC no longer matches
  await assertProblem(await upload(enterprise, bad, { category: 'photo' }), 422, 'damaged-file')
  await assertProblem(await upload(enterprise, whole, { category: 'no_such' }), 422, 'invalid-material')
  await assertProblem(await upload(enterprise, whole, { category: 'articles', issued_on: '2026-02-30' }), 422, 'invalid-material')
  await assertProblem(await upload(enterprise, Buffer.alloc(MAX_BYTES + 1, 0x25), { category: 'articles' }), 413, 'file-too-large')
  assert.deepEqual(await library(enterprise), before)
})

test('another user, or staff whose department never used it, cannot read or revoke my material', async () => {
  for (const p of [`/api/v1/materials/${uploaded.id}`, `/api/v1/materials/${uploaded.id}/content`]) {
    await assertProblem(await get(p, person), 404, 'not-found')
    await assertProblem(await get(p, clerk), 404, 'not-found')
    assert.equal((await get(p, enterprise)).status, 200)
  }
  const revoke = await fetch(`${base}/api/v1/materials/${uploaded.id}/revoke`, {
    method: 'POST', headers: { ...bearer(person), 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'x' }),
  })
  await assertProblem(revoke, 404, 'not-found')
  await assertProblem(await get('/api/v1/materials/abc', enterprise), 404, 'not-found')
})

test('revoke: the material stays listed as revoked, with its own ledger entry', async () => {
  const post = (body) => fetch(`${base}/api/v1/materials/${uploaded.id}/revoke`, {
    method: 'POST', headers: { ...bearer(enterprise), 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  })
  await assertProblem(await post({}), 422, 'validation-failed')
  const res = await post({ reason: '证件已换新' })
  assert.equal(res.status, 200)
  const m = await res.json()
  assert.equal(m.status, 'revoked')
  assert.equal(m.status_label, '已撤销')
  assert.equal(m.revoked.reason, '证件已换新')
  assert.equal(m.validity.note, '已撤销：证件已换新')
  assert.ok(m.revoked.ledger_index > m.ledger_index)
  await assertProblem(await post({ reason: 'again' }), 409, 'material-revoked')
  const entry = await (await get(`/api/v1/ledger/entries/${m.revoked.ledger_index}`, enterprise)).json()
  assert.equal(entry.kind, 'material.revoke')
  assert.equal(entry.id, String(m.id))
})

test('match: what the library would exempt for an item now, and why the rest is needed', async () => {
  const res = await get('/api/v1/materials/match?item=SCJG-002', enterprise)
  assert.equal(res.status, 200)
  const m = await res.json()
  assert.equal(m.name, '企业变更登记')
  const by = Object.fromEntries(m.materials.map((x) => [x.category, x]))
  assert.equal(by.articles.exempt, true)
  assert.equal(by.articles.source, 'library')
  assert.match(by.articles.reason, /^已于\d{4}-\d\d-\d\d提交，长期有效$/)
  assert.equal(by.articles.material.title, '公司章程')
  assert.equal(by.premises_proof.exempt, true)
  assert.match(by.premises_proof.reason, /有效期至\d{4}-\d\d-\d\d$/)
  assert.equal(by.resolution.exempt, false)
  assert.match(by.resolution.reason, /不能复用/)
  assert.match(by.resolution.not_counted[0], /「股东会决议（2026年第1次）」/)
  assert.equal(by.application_form.exempt, false)
  // legal_rep_id: the seeded one still counts even though the upload above was revoked.
  assert.equal(by.legal_rep_id.exempt, true)
  assert.deepEqual(by.legal_rep_id.not_counted, ['「法定代表人身份证（正反面）」已撤销：证件已换新'])
  assert.equal(m.exempt, m.materials.filter((x) => x.exempt).length)
  assert.ok(m.exempt >= 3 && m.exempt < m.total)

  const food = await (await get('/api/v1/materials/match?item=SCJG-011', enterprise)).json()
  const health = food.materials.find((x) => x.category === 'health_certificate')
  assert.equal(health.exempt, false)
  assert.match(health.not_counted[0], /^「从业人员健康证明」已于\d{4}-\d\d-\d\d到期$/)

  const residence = await (await get('/api/v1/materials/match?item=GAJ-003', person)).json()
  const rb = Object.fromEntries(residence.materials.map((x) => [x.category, x]))
  assert.equal(rb.photo.exempt, true)
  assert.equal(rb.residence_proof.exempt, false)
  assert.match(rb.residence_proof.not_counted[0], /^「居住证明」超过6个月有效期/)

  await assertProblem(await get('/api/v1/materials/match', enterprise), 422, 'missing-parameter')
  await assertProblem(await get('/api/v1/materials/match?item=NOPE-1', enterprise), 404, 'not-found')
  await assertProblem(await get('/api/v1/materials/match?item=SCJG-002', clerk), 403, 'forbidden')
})

test('the receipt of a material.create entry verifies offline', async () => {
  const res = await get(`/api/v1/ledger/receipts/${uploaded.ledger_index}`, enterprise)
  assert.equal(res.status, 200)
  const receipt = await res.text()
  const entry = JSON.parse(Buffer.from(receipt.split('\n')[1].slice('extra '.length), 'base64').toString())
  assert.equal(entry.kind, 'material.create')
  assert.equal(entry.id, String(uploaded.id))
  assert.equal(entry.category, 'legal_rep_id')
  assert.equal(entry.content, uploaded.content_id.slice('hmac-sm3:'.length))
  assert.match(entry.subject, /^enterprise:[0-9A-Z]{18}$/)
  assert.ok(!JSON.stringify(entry).includes('身份证'), 'no titles or names in the ledger')

  const { log_key: logKey } = await (await get('/api/v1/ledger/entries', enterprise)).json()
  const file = path.join(tmp, 'material.tlog-proof')
  await writeFile(file, receipt)
  const ok = await run(serverBinary(), ['ledger', 'verify-receipt', file, '--key', logKey], { cwd: REPO_DIR })
  assert.equal(ok.stdout, 'valid\n')
  await writeFile(file, receipt.replace(/^extra \S+$/m, `extra ${Buffer.from(JSON.stringify({ ...entry, category: 'x' })).toString('base64')}`))
  await assert.rejects(run(serverBinary(), ['ledger', 'verify-receipt', file, '--key', logKey], { cwd: REPO_DIR }),
    (e) => e.code === 1 && /^invalid: /.test(e.stdout))
  await assertProblem(await get(`/api/v1/ledger/receipts/${uploaded.ledger_index}`, person), 403, 'forbidden')
})
