// Files and images in a conversation: what may be sent (as the server accepts: png, jpeg, webp,
// gif, pdf, docx, xlsx, up to 5 MiB), checked before uploading so the user hears why at once, and
// how an attachment is shown (inline image or a download chip).

export const MAX_FILE_BYTES = 5 * 1024 * 1024

const TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}
const ALLOWED_MIMES: ReadonlySet<string> = new Set(Object.values(TYPES))

/** For the file picker's `accept`. */
export const ACCEPT = Object.keys(TYPES)
  .map((e) => `.${e}`)
  .concat([...ALLOWED_MIMES])
  .join(',')

export const ALLOWED_TEXT = '图片（PNG、JPG、WebP、GIF）或 PDF、Word（.docx）、Excel（.xlsx）文件'

const extension = (name: string): string => {
  const i = name.lastIndexOf('.')
  return i >= 0 ? name.slice(i + 1).toLowerCase() : ''
}

/** The type to send: the browser's, else from the name's extension; '' when not allowed. */
export function fileMime(file: { name: string; type: string }): string {
  if (ALLOWED_MIMES.has(file.type)) return file.type
  return TYPES[extension(file.name)] ?? ''
}

/** Why a file cannot be sent, or null. */
export function fileProblem(file: { name: string; type: string; size: number }): string | null {
  if (file.size <= 0) return `「${file.name}」是空文件`
  if (!fileMime(file)) return `不支持「${file.name}」的文件类型，可发送${ALLOWED_TEXT}`
  if (file.size > MAX_FILE_BYTES) return `「${file.name}」大小为 ${sizeText(file.size)}，超过 5 MB 的上限`
  return null
}

export const isImage = (mime: string): boolean => /^image\/(png|jpeg|webp|gif)$/.test(mime)

/** 1536 → "1.5 KB"; 5 MiB → "5.0 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** A short label for a file chip: PDF, Word, Excel. */
export function fileKind(mime: string, name = ''): string {
  if (mime === TYPES.pdf || extension(name) === 'pdf') return 'PDF'
  if (mime === TYPES.docx || extension(name) === 'docx') return 'Word'
  if (mime === TYPES.xlsx || extension(name) === 'xlsx') return 'Excel'
  return isImage(mime) ? '图片' : '文件'
}
