/*
 * Taking turns for the memory of key derivations on a shared computer,
 * internal to store/ (store/slot.c calls it around every Argon2id run).
 * tend-security(7) describes it for administrators.
 *
 * Each derivation in progress holds an flock(2) on a file of its own in a
 * world-writable, sticky folder shared by every user (/tmp/tend-kdf, or
 * $TEND_KDF_DIR), named for its owner, process and memory; a file whose
 * lock is free belongs to a process that has ended.  Before it starts, a
 * derivation adds up the memory of those in progress, under an flock on
 * the folder's queue.lock so that two never decide at once; when its own
 * would not fit in the memory the system has available
 * (/proc/meminfo MemAvailable), it waits its turn, telling the hook set
 * with vault_kdf_wait_hook.  With none in progress it never waits.  The
 * folder's files hold nothing but their names; anything amiss with the
 * folder (not a folder, a link, not sticky and world-writable) turns the
 * queue off rather than trusting it.
 */
#ifndef TEND_STORE_KDFQ_H
#define TEND_STORE_KDFQ_H

#include <stdint.h>

struct kdfq;

/* Waits until a derivation of mem bytes may run, and holds its place:
 * NULL when there is no usable queue (the derivation runs at once). */
struct kdfq *kdfq_enter(uint64_t mem);

/* Gives the place up (NULL is fine). */
void kdfq_leave(struct kdfq *q);

#endif
