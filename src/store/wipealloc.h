/*
 * The SQLite allocator that wipes every block it frees, internal to
 * store/.  vault_global_init() installs it once for the process.
 */
#ifndef TEND_STORE_WIPEALLOC_H
#define TEND_STORE_WIPEALLOC_H

/*
 * Makes SQLite allocate through the wiping allocator (shutting SQLite down
 * first if someone initialised it already).  Call before
 * sqlite3_initialize().  Returns 0, or -1 when SQLite refuses.
 */
int wipealloc_install(void);

#endif
