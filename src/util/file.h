/*
 * Reading a whole file, safely.  Every file tend reads whole (the vault,
 * the config, the reminder files, lessons and other content, keys) goes
 * through file_read, so that each of them is what it says it is:
 *
 * - the open never blocks: a FIFO or a device put in a file's place is
 *   refused at once instead of hanging the program (while it holds the
 *   vault lock, say);
 * - the check is made on the open descriptor (fstat), so nothing can be
 *   swapped in between the check and the read;
 * - a symbolic link is refused where the caller expects none;
 * - the caller's size cap holds even for a file that grows while it is
 *   read.
 */
#ifndef TEND_UTIL_FILE_H
#define TEND_UTIL_FILE_H

#include <stddef.h>

#include "util/diag.h"

/*
 * Flags for file_read.
 * FILE_NOFOLLOW: a symbolic link as the last part of the path is refused
 *   (ELOOP), for files tend itself keeps in its folders.
 * FILE_STREAM: a pipe, FIFO, terminal or other device is read to its end as
 *   well, waiting for it: only for a file the person names on the command
 *   line ("-" for standard input), never for one tend finds by itself.
 */
#define FILE_NOFOLLOW 0x1u
#define FILE_STREAM 0x2u

/*
 * Reads the whole file at path, at most max bytes (max < SIZE_MAX / 2),
 * into *data: a fresh NUL-terminated copy to free with free(), with its
 * length (not counting the NUL) in *len.  Returns 0, or -1 with *data NULL
 * and errno set:
 *   ENOENT, EACCES, ...  as open(2) or read(2) gave them;
 *   ELOOP   a symbolic link and FILE_NOFOLLOW;
 *   EISDIR  a folder;
 *   ENODEV  not a regular file (a FIFO, device or socket) without
 *           FILE_STREAM;
 *   EFBIG   more than max bytes.
 */
int file_read(const char *path, size_t max, unsigned flags, char **data,
              size_t *len);

/*
 * A short phrase for an errno that file_read set ("not a regular file: a
 * FIFO, device or socket"; strerror(3) for the others).  Static storage,
 * translated; never NULL.
 */
const char *file_strerror(int err);

/*
 * Adds a diagnostic for a failed file_read (err is its errno; max the cap
 * it was given) to d, naming the file as display: "cannot open: ...",
 * "not a regular file: ...", "too big (the limit is N bytes)".
 */
void file_diag(struct diags *d, enum diag_level level, const char *display,
               size_t max, int err);

#endif
