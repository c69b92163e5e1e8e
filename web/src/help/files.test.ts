import { describe, expect, it } from 'vitest'

import { ACCEPT, fileKind, fileMime, fileProblem, isImage, MAX_FILE_BYTES, sizeText } from './files'

const f = (name: string, type: string, size = 1000) => ({ name, type, size })

describe('files', () => {
  it('accepts images and office documents up to 5 MiB, by type or extension', () => {
    expect(fileProblem(f('营业执照.png', 'image/png'))).toBeNull()
    expect(fileProblem(f('租赁合同.docx', ''))).toBeNull()
    expect(fileMime(f('租赁合同.DOCX', ''))).toMatch(/wordprocessingml/)
    expect(fileProblem(f('a.pdf', 'application/pdf', MAX_FILE_BYTES))).toBeNull()
    expect(ACCEPT).toContain('.xlsx')
  })

  it('says why a file cannot go', () => {
    expect(fileProblem(f('a.pdf', 'application/pdf', MAX_FILE_BYTES + 1))).toBe('「a.pdf」大小为 5.0 MB，超过 5 MB 的上限')
    expect(fileProblem(f('setup.exe', 'application/x-msdownload'))).toMatch(/^不支持「setup.exe」的文件类型，可发送图片/)
    expect(fileProblem(f('a.doc', 'application/msword'))).toMatch(/不支持/)
    expect(fileProblem(f('empty.png', 'image/png', 0))).toMatch(/空文件/)
  })

  it('shows sizes and kinds', () => {
    expect(sizeText(512)).toBe('512 B')
    expect(sizeText(1536)).toBe('1.5 KB')
    expect(sizeText(3 * 1024 * 1024)).toBe('3.0 MB')
    expect(isImage('image/webp')).toBe(true)
    expect(isImage('image/svg+xml')).toBe(false)
    expect(fileKind('application/pdf')).toBe('PDF')
    expect(fileKind('', '表.xlsx')).toBe('Excel')
  })
})
