const plainWords: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  EEXIST: 'it already exists',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'it is busy',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  EFBIG: 'the file is too large',
};

/** The `code` of a Node system error (`ENOENT`, `EADDRINUSE`…), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Why a filesystem call failed, in words that fit after `cannot write
 * <path>: `. The path is not repeated (the caller names it); an error code
 * without words here is shown as its code.
 */
export function fsProblem(error: unknown): string {
  const code = errorCode(error);
  if (code !== undefined) return plainWords[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}
