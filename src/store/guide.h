/*
 * Guidance by file, the cryptography: key pairs, the helper's secret key
 * file, and sealed, signed messages between a person and their helper
 * (tend(1), HELPER FILES; docs/guidance.md).  libsodium only
 * here; app/helper.c and app/caseload.c decide what is sent and whom to
 * trust.
 *
 * Keys.  Each side has one 32-byte seed from which two key pairs are
 * derived (crypto_kdf, context "tendguid"): an Ed25519 pair that signs
 * and an X25519 pair that messages are sealed to.  A side's public half is
 * the two public keys (struct guide_pub); its id is
 * BLAKE2b-256("tend guide id 1" || sign || box), and the fingerprint that
 * two people read to each other is made of that id's first bytes
 * (core/fingerprint.h).
 *
 * A message on disk:
 *   "tend-message 1\n"   magic
 *   check[16]            BLAKE2b-128 keyed with the X25519 secret shared
 *                        by the ephemeral key and the recipient: tells the
 *                        recipient "not sealed to you" from "altered"
 *                        without naming the recipient to anyone else
 *   sealed box           crypto_box_seal of the signed message below
 * and inside the seal (all integers little endian):
 *   "TGM1" version(1)=1 kind(1) reserved(2)=0 seq(8) created(8, signed)
 *   sender sign key(32) sender box key(32) recipient id(32)
 *   body length(4) body  signature(64, Ed25519 over all that precedes it)
 */
#ifndef TEND_STORE_GUIDE_H
#define TEND_STORE_GUIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/vault.h"
#include "util/buf.h"

#define GUIDE_KEY_BYTES 32
#define GUIDE_ID_BYTES 32
#define GUIDE_SEED_BYTES 32
/* The largest message or key file read (a summary with shared text). */
#define GUIDE_MAX_MESSAGE (16u * 1024 * 1024)
#define GUIDE_MAX_BODY (GUIDE_MAX_MESSAGE - 1024)

enum guide_err {
	GUIDE_OK = 0,
	GUIDE_ERR_FORMAT, /* not a tend key or message file at all */
	GUIDE_ERR_RECIPIENT, /* sealed to another key */
	GUIDE_ERR_DAMAGED, /* the seal or the signature does not check */
	GUIDE_ERR_AUTH, /* wrong passphrase for a secret key file */
	GUIDE_ERR_LIMITS, /* a key file asks for more KDF work than allowed */
	GUIDE_ERR_NOMEM, /* the key derivation could not get its memory */
	GUIDE_ERR_CRYPTO, /* libsodium could not start */
};

/* One side's public half. */
struct guide_pub {
	uint8_t sign[GUIDE_KEY_BYTES];
	uint8_t box[GUIDE_KEY_BYTES];
};

/* One side's key pairs (in guarded memory; opaque). */
struct guide_keys;

/* A fresh random seed and its keys.  NULL only when libsodium cannot
 * start or guarded memory runs out.  Free with guide_keys_free. */
struct guide_keys *guide_keys_new(void);
/* The keys of a seed (for the person's keys kept in the vault). */
struct guide_keys *guide_keys_from_seed(const uint8_t seed[GUIDE_SEED_BYTES]);
/* Wipes and frees; NULL is fine. */
void guide_keys_free(struct guide_keys *k);
/* The public half and the seed (borrowed from k). */
const struct guide_pub *guide_keys_pub(const struct guide_keys *k);
const uint8_t *guide_keys_seed(const struct guide_keys *k);

/* The id of a public half (see above). */
void guide_pub_id(const struct guide_pub *p, uint8_t id[GUIDE_ID_BYTES]);
/* True when a and b are the same keys. */
bool guide_pub_equal(const struct guide_pub *a, const struct guide_pub *b);

/*
 * The public key file: "tend-helper-key 1\n", the 64 bytes of sign || box
 * as 128 hex digits on one line, and a line "fingerprint: WORDS" for
 * people (checked when read).  Lines starting with '#' are comments.
 * guide_pub_decode returns GUIDE_OK, or GUIDE_ERR_FORMAT when the text is
 * not such a file, or GUIDE_ERR_DAMAGED when its fingerprint line does
 * not belong to its keys.
 */
void guide_pub_encode(const struct guide_pub *p, struct buf *out);
enum guide_err
guide_pub_decode(const char *text, size_t len, struct guide_pub *out);

/* Hex of n bytes (lower case), and back: 0, or -1 when hex is not 2n hex
 * digits. */
void guide_hex(const uint8_t *p, size_t n, struct buf *out);
int guide_unhex(const char *hex, uint8_t *p, size_t n);

/*
 * The secret key file: "tend-helper-secret 1\n" and one line of hex: a
 * random file id (16), the passphrase slot that wraps the seed (the
 * vault's Argon2id key slots, store/slot.h, so cost, caps and layout are
 * the vault's), and the public half (64), which is checked against the
 * unwrapped seed.  kdf as for vault_create.
 */
enum guide_err
guide_secret_encode(const struct guide_keys *k, const char *passphrase,
                    const struct vault_kdf *kdf, struct buf *out);
/*
 * Reads a secret key file.  *pub (may be NULL) gets its public half even
 * when passphrase is NULL (then nothing is unwrapped and *out is left
 * NULL; GUIDE_OK).  With a passphrase: GUIDE_OK and *out, GUIDE_ERR_AUTH
 * (wrong passphrase), GUIDE_ERR_FORMAT, GUIDE_ERR_DAMAGED (the public half
 * does not match the seed), GUIDE_ERR_LIMITS or GUIDE_ERR_NOMEM.
 */
enum guide_err
guide_secret_decode(const char *text, size_t len, const char *passphrase,
                    struct guide_pub *pub, struct guide_keys **out);

enum guide_kind { GUIDE_SUMMARY = 1, GUIDE_REPLY = 2 };

/* What a message's header says, once opened and its signature checked. */
struct guide_header {
	enum guide_kind kind;
	uint64_t seq; /* per link and direction, from 1 */
	int64_t created; /* seconds since the epoch, the sender's clock */
	struct guide_pub sender; /* the keys that signed it */
	uint8_t recipient[GUIDE_ID_BYTES];
};

/*
 * Signs body[0..len) with from's signing key under a header (kind, seq,
 * created, from's public half, to's id) and seals the whole to `to`, as
 * described above; appends the file's bytes to out.  Returns GUIDE_OK,
 * GUIDE_ERR_FORMAT when len > GUIDE_MAX_BODY, or GUIDE_ERR_CRYPTO.
 */
enum guide_err
guide_seal(const struct guide_keys *from, const struct guide_pub *to,
           enum guide_kind kind, uint64_t seq, int64_t created,
           const void *body, size_t len, struct buf *out);

/*
 * Opens a message sealed to me, in the order the design gives: the magic
 * (GUIDE_ERR_FORMAT), the recipient check (GUIDE_ERR_RECIPIENT), the seal
 * and the header's recipient id (GUIDE_ERR_DAMAGED; a header naming
 * another recipient is GUIDE_ERR_RECIPIENT), the signature by the keys in
 * the header (GUIDE_ERR_DAMAGED).  On GUIDE_OK, *h is filled and the body
 * appended to body (plaintext: wipe it).  Whether the signer is the one
 * the caller trusts, and whether seq is new, is the caller's to judge.
 */
enum guide_err guide_open(const struct guide_keys *me, const void *data,
                          size_t len, struct guide_header *h, struct buf *body);

/* True when data starts with the message magic (a file worth trying). */
bool guide_is_message(const void *data, size_t len);

/*
 * A secret box for the helper's own files (the caseload state):
 * XChaCha20-Poly1305 under a key derived from k's seed.  guide_box_open
 * returns GUIDE_OK or GUIDE_ERR_DAMAGED.
 */
void guide_box_seal(const struct guide_keys *k, const void *data, size_t len,
                    struct buf *out);
enum guide_err guide_box_open(const struct guide_keys *k, const void *data,
                              size_t len, struct buf *out);

/* n random bytes (libsodium's generator). */
void guide_random(void *p, size_t n);

#endif
