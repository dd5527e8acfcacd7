/*
 * Atomic, durable file replacement.  The new contents go to a mkstemp file
 * (mode 0600) in the same folder, are fsynced, renamed over the target, and
 * the folder is fsynced.  On any error the temporary file is removed, the
 * old file is untouched, and errno describes the failure.
 */
#ifndef TEND_UTIL_ATOMIC_H
#define TEND_UTIL_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Writes data[0..len) to path.  mode is applied to the new file (0600 for
 * anything tend writes).  Returns 0, or -1 with errno set.
 */
int atomic_write(const char *path, const void *data, size_t len, mode_t mode);

/*
 * The same, written piece by piece (a file too large to hold twice in
 * memory): atomic_begin creates the temporary file beside path (NULL with
 * errno on failure), atomic_put appends to it, atomic_commit fsyncs it,
 * renames it over path and fsyncs the folder; atomic_abort removes it.
 * Both end the handle, also on failure (-1 with errno, path untouched).
 * atomic_commit_keep is atomic_commit that returns a descriptor of the new
 * file, open for reading and writing (close it), or -1.
 */
struct atomic_file;
struct atomic_file *atomic_begin(const char *path, mode_t mode);
int atomic_put(struct atomic_file *f, const void *data, size_t len);
int atomic_commit(struct atomic_file *f);
int atomic_commit_keep(struct atomic_file *f);
void atomic_abort(struct atomic_file *f);

/*
 * Durable append: writes data[0..len) at offset off of fd (its end) and
 * fdatasyncs it.  On failure the file is cut back to off (best effort),
 * errno says why and -1 is returned.
 */
int atomic_append(int fd, off_t off, const void *data, size_t len);

/*
 * Test hook: when set, every function above calls it in place of write(2)
 * and fsync(2) (op is 'w' or 's'; atomic_append's write is at the
 * descriptor's offset off, which it sets first); returning -1 with errno set simulates a
 * failure such as ENOSPC.  NULL restores the real calls.
 */
void
atomic_set_fault_hook(int (*hook)(char op, int fd, const void *p, size_t n));

#endif
