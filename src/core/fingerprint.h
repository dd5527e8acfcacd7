/*
 * Fingerprints that two people can read to each other on the phone: the
 * first FINGERPRINT_WORDS bytes of a key's id, one word per byte from a
 * fixed list of 256 words (data/fingerprint-words.txt; no two words share
 * their first three letters, so a misheard word is rarely another word of
 * the list).  Eight words hold 64 bits.  The list is compiled in: a
 * fingerprint must read the same on every machine, whatever is installed.
 */
#ifndef TEND_CORE_FINGERPRINT_H
#define TEND_CORE_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define FINGERPRINT_WORDS 8

/* Appends the words for id[0..FINGERPRINT_WORDS), separated by spaces. */
void fingerprint_words(const uint8_t *id, struct buf *out);

/* Word number i (0-255) of the list; static. */
const char *fingerprint_word(unsigned i);

/*
 * Reads words back into bytes: n words separated by blanks or hyphens,
 * case ignored, each matched by its first three letters (so "amb" reads as
 * "amber").  Returns the number of bytes written to id (at most max), or
 * -1 when a word is not in the list.
 */
int fingerprint_parse(const char *text, uint8_t *id, size_t max);

#endif
