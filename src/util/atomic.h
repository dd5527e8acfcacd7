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
 * Test hook: when set, atomic_write calls it in place of write(2) and
 * fsync(2) (op is 'w' or 's'); returning -1 with errno set simulates a
 * failure such as ENOSPC.  NULL restores the real calls.
 */
void
atomic_set_fault_hook(int (*hook)(char op, int fd, const void *p, size_t n));

#endif
