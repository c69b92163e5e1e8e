import { afterEach, describe, expect, it, vi } from 'vitest'

import {
  agoText,
  entryKindLabel,
  fetchReceipt,
  normalizeEntries,
  normalizeStatus,
  parseCheckpoint,
  receiptFilename,
  shellQuote,
  shorten,
  verifyCommand,
  witnessHealth,
  WITNESS_MAX_AGE_MS,
  type LedgerStatus,
} from './ledger'

// Checkpoints as `haoban serve` publishes them: signed by the log alone, and cosigned by a witness
// (`haoban witness serve`, tlog-cosignature/v1 with its timestamp 2026-11-27T04:44:10Z).
const LOG_ONLY = `haoban.baoshan.gov.cn/ledger
2
KaSbJoCBNjevDitLkQ/DXcpKdql5/+APmEiNDQ660bU=

— haoban.baoshan.gov.cn/ledger fO29hnMNOw5ziZ7IsCh20Z8i8Hv0NlzFNZ7zRHb+chAyfiJCz+eIRFrrDqh7r6IF2rVwO4fez81Od3rL7tvwuNHTgW0=
`

const COSIGNED = `haoban.baoshan.gov.cn/ledger
2
lpQiDobvJTvHRQpvJOty78Fdviut0TvIEH5jhbN3Lmw=

— haoban.baoshan.gov.cn/ledger RXyMGowQj5RiXcIZiaDlE0roD1iVRITKL6CFhi6VLW5WPxiwJL9bYzcea7RPSJe9kLtwUQl6ZfGZcchfxqVcqbCZjQM=
— audit.baoshan.gov.cn/witness emmwgwAAAABrCQqakE+n9ZGiL0XKgH0LefmEl9kGPbuJvhYd6bKau53GdDiwoWD/wmYsFGKIza1lOMqy7K1+MuKYoVEOdEGLSoXc0A==
`

const [COSIGNED_BODY, COSIGNED_SIGS] = COSIGNED.split('\n\n') as [string, string]
const [LOG_SIG, WITNESS_SIG] = COSIGNED_SIGS.trimEnd().split('\n') as [string, string]
const withSigs = (...lines: string[]) => `${COSIGNED_BODY}\n\n${lines.join('\n')}\n`

describe('parseCheckpoint', () => {
  it('reads origin, size, root and the log’s own signature', () => {
    const cp = parseCheckpoint(LOG_ONLY)
    expect(cp).not.toBeNull()
    expect(cp?.origin).toBe('haoban.baoshan.gov.cn/ledger')
    expect(cp?.size).toBe(2)
    expect(cp?.root).toBe('KaSbJoCBNjevDitLkQ/DXcpKdql5/+APmEiNDQ660bU=')
    expect(cp?.extensions).toEqual([])
    expect(cp?.logSignatures).toHaveLength(1)
    expect(cp?.logSignatures[0]?.keyId).toBe('7cedbd86')
    expect(cp?.cosignatures).toEqual([])
    expect(cp?.witnesses).toEqual([])
  })

  it('counts the signature lines after the log’s own as cosignatures, with their timestamps', () => {
    const cp = parseCheckpoint(COSIGNED)
    expect(cp?.signatures).toHaveLength(2)
    expect(cp?.logSignatures.map((s) => s.name)).toEqual(['haoban.baoshan.gov.cn/ledger'])
    expect(cp?.cosignatures).toHaveLength(1)
    expect(cp?.cosignatures[0]).toEqual({
      name: 'audit.baoshan.gov.cn/witness',
      keyId: '7a69b083',
      timestamp: Date.parse('2026-11-27T04:44:10Z') / 1000,
    })
    expect(cp?.witnesses).toEqual(['audit.baoshan.gov.cn/witness'])
    // The log's own signature is not a cosignature: no timestamp is read from it.
    expect(cp?.logSignatures[0]?.timestamp).toBeNull()
  })

  it('counts several witnesses, and one witness once however many lines it has', () => {
    const second = WITNESS_SIG.replace('audit.baoshan.gov.cn/witness', 'witness.example.org/w1')
    const cp = parseCheckpoint(withSigs(LOG_SIG, WITNESS_SIG, second, WITNESS_SIG))
    expect(cp?.cosignatures).toHaveLength(3)
    expect(cp?.witnesses).toEqual(['audit.baoshan.gov.cn/witness', 'witness.example.org/w1'])
  })

  it('accepts the log’s signature after a cosignature and extension lines in the body', () => {
    expect(parseCheckpoint(withSigs(WITNESS_SIG, LOG_SIG))?.cosignatures).toHaveLength(1)
    const ext = COSIGNED.replace('Lmw=\n', 'Lmw=\nsome extension\n')
    expect(parseCheckpoint(ext)?.extensions).toEqual(['some extension'])
  })

  it('accepts an empty tree', () => {
    const empty = LOG_ONLY.replace('\n2\n', '\n0\n')
    expect(parseCheckpoint(empty)?.size).toBe(0)
  })

  it.each([
    ['empty text', ''],
    ['no final newline', COSIGNED.trimEnd()],
    ['no blank line before the signatures', COSIGNED.replace('\n\n', '\n')],
    ['no signatures', `${COSIGNED_BODY}\n\n`],
    ['only a witness signature', withSigs(WITNESS_SIG)],
    ['a hyphen instead of the em dash', withSigs(LOG_SIG.replace('—', '-'))],
    ['a signature line without a name', withSigs('— fO29hnMNOw5ziZ7IsCh20Z8i8Hv0')],
    ['a name with a plus', withSigs(LOG_SIG, WITNESS_SIG.replace('witness ', 'wit+ness '))],
    ['signature not base64', withSigs(LOG_SIG, '— audit.baoshan.gov.cn/witness not*base64')],
    ['a signature shorter than a key ID and one byte', withSigs(LOG_SIG, '— audit.baoshan.gov.cn/witness AAAAAA==')],
    ['a trailing blank signature line', `${COSIGNED}\n`],
    ['CRLF line ends', COSIGNED.replaceAll('\n', '\r\n')],
    ['a size with a leading zero', COSIGNED.replace('\n2\n', '\n02\n')],
    ['a negative size', COSIGNED.replace('\n2\n', '\n-2\n')],
    ['a size beyond 2^53', COSIGNED.replace('\n2\n', '\n18446744073709551615\n')],
    ['a root hash of 31 bytes', COSIGNED.replace('lpQiDobvJTvHRQpvJOty78Fdviut0TvIEH5jhbN3Lmw=', 'lpQiDobvJTvHRQpvJOty78Fdviut0TvIEH5jhbN3Lg==')],
    ['an empty origin', COSIGNED.replace('haoban.baoshan.gov.cn/ledger\n2', '\n2')],
    ['an empty extension line', COSIGNED.replace('Lmw=\n', 'Lmw=\n\nx\n')],
    ['HTML instead of a note', '<!doctype html><html></html>\n'],
  ])('rejects %s', (_what, text) => {
    expect(parseCheckpoint(text)).toBeNull()
  })

  it('rejects non-strings', () => {
    expect(parseCheckpoint(undefined as unknown as string)).toBeNull()
  })
})

describe('entries', () => {
  it('normalises the list newest first, with kind labels', () => {
    const r = normalizeEntries({
      items: [
        { index: 3, kind: 'material.create', id: 'm-1', content: 'ab', category: 'idcard', application: '', time: '2026-11-27T04:00:00Z' },
        { index: 9, kind: 'material.reuse', id: 'm-1', content: 'ab', category: 'idcard', application: '1024', time: '2026-11-28T04:00:00Z' },
        'junk',
      ],
      log_size: 12,
      origin: 'haoban.baoshan.gov.cn/ledger',
      log_key: 'haoban.baoshan.gov.cn/ledger+7cedbd86+AAAA',
    })
    expect(r.items.map((e) => [e.index, e.kindLabel, e.application])).toEqual([
      [9, '材料复用', '1024'],
      [3, '材料入库', ''],
    ])
    expect(r.logSize).toBe(12)
    expect(r.logKey).toBe('haoban.baoshan.gov.cn/ledger+7cedbd86+AAAA')
  })

  it('survives missing fields', () => {
    expect(normalizeEntries(null)).toEqual({ items: [], logSize: 0, origin: '', logKey: '' })
    expect(normalizeEntries({ items: [{}] }).items[0]).toMatchObject({ index: 0, kind: '', kindLabel: '' })
  })

  it('labels every kind in Chinese and leaves unknown kinds as they are', () => {
    expect(
      ['material.create', 'material.reuse', 'material.revoke', 'certificate.issue', 'decision.policy', 'audit.batch'].map(
        entryKindLabel,
      ),
    ).toEqual(['材料入库', '材料复用', '材料撤销', '证照签发', '政策决定', '审计封存'])
    expect(entryKindLabel('future.kind')).toBe('future.kind')
  })
})

describe('receipts', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('takes the file name from Content-Disposition', () => {
    expect(receiptFilename(7, 'attachment; filename="haoban-7.tlog-proof"')).toBe('haoban-7.tlog-proof')
    expect(receiptFilename(7, 'attachment; filename=haoban-7.tlog-proof')).toBe('haoban-7.tlog-proof')
  })

  it('falls back to haoban-<index>.tlog-proof for missing or unsafe names', () => {
    expect(receiptFilename(7, null)).toBe('haoban-7.tlog-proof')
    expect(receiptFilename(7, 'attachment')).toBe('haoban-7.tlog-proof')
    expect(receiptFilename(7, 'attachment; filename="../../etc/passwd"')).toBe('haoban-7.tlog-proof')
    expect(receiptFilename(7, 'attachment; filename=".hidden"')).toBe('haoban-7.tlog-proof')
  })

  it('fetches the receipt text with the session cookie', async () => {
    const fetchFn = vi.fn(
      async () =>
        new Response('c2sp.org/tlog-proof@v1\nindex 7\n', {
          headers: { 'Content-Type': 'text/plain', 'Content-Disposition': 'attachment; filename="haoban-7.tlog-proof"' },
        }),
    )
    vi.stubGlobal('fetch', fetchFn)
    await expect(fetchReceipt(7)).resolves.toEqual({ filename: 'haoban-7.tlog-proof', text: 'c2sp.org/tlog-proof@v1\nindex 7\n' })
    expect(fetchFn.mock.calls[0]).toMatchObject(['/api/v1/ledger/receipts/7', { credentials: 'same-origin' }])
  })

  it('builds the offline verify command', () => {
    const key = 'haoban.baoshan.gov.cn/ledger+7cedbd86+/2hhb2Jhbi1zbTItbm90ZS92MRAx=='
    expect(verifyCommand(key, 7)).toBe(`haoban ledger verify-receipt haoban-7.tlog-proof --key ${key}`)
    expect(verifyCommand(key)).toBe(`haoban ledger verify-receipt haoban-<序号>.tlog-proof --key ${key}`)
  })

  it('quotes for the shell only when needed', () => {
    expect(shellQuote('a+b/c=')).toBe('a+b/c=')
    expect(shellQuote('a b')).toBe("'a b'")
    expect(shellQuote("it's")).toBe("'it'\\''s'")
    expect(shellQuote('')).toBe("''")
  })
})

describe('status', () => {
  const raw = {
    origin: 'haoban.baoshan.gov.cn/ledger',
    hash: 'sm3',
    log_key: 'haoban.baoshan.gov.cn/ledger+457c8c1a+AAAA',
    size: 10,
    root: '732f140442457528650301b2bd65bd4c1bfca5d6262296fe3540d6bf04d858b9',
    witness: { url: 'http://127.0.0.1:8091/api/v1/witness', name: 'audit.baoshan.gov.cn/witness', cosigned_size: 9, cosigned_at: '2026-11-27T04:00:00Z' },
    audit: { seals: 3, sealed_through: 1167, last_sealed_at: '2026-11-27T04:43:46Z' },
  }

  it('normalises the administrators’ status', () => {
    expect(normalizeStatus(raw)).toEqual({
      origin: 'haoban.baoshan.gov.cn/ledger',
      hash: 'sm3',
      logKey: 'haoban.baoshan.gov.cn/ledger+457c8c1a+AAAA',
      size: 10,
      root: '732f140442457528650301b2bd65bd4c1bfca5d6262296fe3540d6bf04d858b9',
      witness: { url: 'http://127.0.0.1:8091/api/v1/witness', name: 'audit.baoshan.gov.cn/witness', cosignedSize: 9, cosignedAt: '2026-11-27T04:00:00Z' },
      audit: { seals: 3, sealedThrough: 1167, lastSealedAt: '2026-11-27T04:43:46Z' },
    })
    const none = normalizeStatus({ size: 1, witness: { url: '', name: '', cosigned_size: 0, cosigned_at: null } })
    expect(none.witness).toEqual({ url: '', name: '', cosignedSize: 0, cosignedAt: null })
    expect(none.audit).toEqual({ seals: 0, sealedThrough: 0, lastSealedAt: '' })
  })

  describe('witnessHealth', () => {
    const at = Date.parse('2026-11-27T04:00:00Z')
    const st = (size: number, url: string, cosignedSize: number, cosignedAt: string | null): Pick<LedgerStatus, 'size' | 'witness'> => ({
      size,
      witness: { url, name: url ? 'w' : '', cosignedSize, cosignedAt },
    })

    it('flags a log without a witness', () => {
      expect(witnessHealth(st(1, '', 0, null), at)).toEqual({ state: 'none', behind: 1, age: null })
    })

    it('flags a witness that never cosigned', () => {
      expect(witnessHealth(st(4, 'http://w', 0, null), at).state).toBe('never')
    })

    it('is fine caught up, however old the cosignature of an idle log', () => {
      expect(witnessHealth(st(9, 'http://w', 9, '2026-11-20T04:00:00Z'), at)).toMatchObject({ state: 'ok', behind: 0 })
    })

    it('is fine a few entries behind for a short while', () => {
      expect(witnessHealth(st(14, 'http://w', 9, '2026-11-27T03:50:00Z'), at)).toEqual({ state: 'ok', behind: 5, age: 10 * 60_000 })
    })

    it('flags more than a few entries behind', () => {
      expect(witnessHealth(st(15, 'http://w', 9, '2026-11-27T03:59:00Z'), at)).toMatchObject({ state: 'lagging', behind: 6 })
    })

    it('flags entries waiting for more than an hour', () => {
      const old = new Date(at - WITNESS_MAX_AGE_MS - 1000).toISOString()
      expect(witnessHealth(st(10, 'http://w', 9, old), at)).toMatchObject({ state: 'lagging', behind: 1 })
    })
  })
})

describe('display helpers', () => {
  it('shortens long hashes and keeps short ones', () => {
    expect(shorten('732f140442457528650301b2bd65bd4c1bfca5d6262296fe3540d6bf04d858b9')).toBe('732f140442…04d858b9')
    expect(shorten('abc')).toBe('abc')
  })

  it('says how long ago', () => {
    expect(agoText(10_000)).toBe('刚刚')
    expect(agoText(5 * 60_000)).toBe('5 分钟前')
    expect(agoText(3 * 3600_000 + 5)).toBe('3 小时前')
    expect(agoText(50 * 3600_000)).toBe('2 天前')
  })
})
