/*
 * Rollback noticed: the highest save generation seen of each vault, kept
 * in the state folder (file "generations": one line per vault, its random
 * file id in hex and a number; nothing personal).  A vault that opens
 * with a lower generation than one seen before was replaced by an older
 * copy (or swapped with a backup).
 */
#ifndef TEND_APP_SEEN_H
#define TEND_APP_SEEN_H

#include <stdbool.h>
#include <stdint.h>

/* The file id as 32 lower-case hex digits into hex (33 bytes). */
void seen_hex(const uint8_t id[16], char hex[33]);

/*
 * The highest generation seen of the vault with file id hex: 1 and *gen,
 * 0 when none was recorded (or there is no state folder), -1 when the file
 * cannot be read.
 */
int seen_get(const char *hex, uint64_t *gen);

/*
 * Records gen for hex: kept when higher than what was seen, or always with
 * reset (a restore the person asked for).  Best effort: 0, or -1 with
 * errno.
 */
int seen_put(const char *hex, uint64_t gen, bool reset);

#endif
