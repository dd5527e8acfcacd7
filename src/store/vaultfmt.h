/*
 * The byte layout of a vault file, internal to the vault's files in
 * store/; tend-vault(5) is the specification.  A file is the header (fixed
 * part, key slots, tail with the payload nonce, length and checksum) and
 * then the payload ciphertext, whose associated data is the whole header.
 *
 * Format 2 and later add to format 1's fixed part the
 * identity of the journal that continues the image (journal_id) and of the
 * one it replaced (prev_journal_id, and the generation that journal had
 * reached): store/journal.c binds a journal to its image with them.
 * Format 3 (written by every full write) seals the payload in chunks of
 * CHUNK_LEN bytes, each its own XChaCha20-Poly1305 message: an unlock
 * opens them on every core, and a reader can open one chunk without the
 * rest (store/pagevfs.c).  Formats 1 and 2 seal it in one piece; both
 * are still read (format 1: journal id 0).
 */
#ifndef TEND_STORE_VAULTFMT_H
#define TEND_STORE_VAULTFMT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "store/slot.h"
#include "store/vault.h"

#define FORMAT_VERSION 3 /* written */
#define FORMAT_V2 2 /* still read: the payload sealed in one piece */
#define FORMAT_V1 1 /* still read: no journal */
#define CHUNK_LEN 65536 /* plaintext bytes of a payload chunk (format 3) */
#define OFF_VERSION 8
#define OFF_FLAGS 10
#define OFF_HLEN 12
#define OFF_FILE_ID 16
#define OFF_GEN 32
#define OFF_NSLOTS 40
#define OFF_JID 48 /* format 2 */
#define OFF_PREV_JID 56
#define OFF_PREV_END 64
#define FIXED_V1 48 /* slots start here in format 1 */
#define FIXED_V2 80 /* and here in format 2 */
#define SLOT_SIZE 100
#define SLOT_AD_LEN 28 /* type .. salt: the slot fields bound as AD */
#define MAX_SLOTS 4
#define TAIL_SIZE 64 /* payload nonce, payload length, checksum */
#define CHECKSUM_LEN 32

/* What a header says about the file's place in the vault's history. */
struct vaultfmt_ids {
	int format; /* 1 or 2 */
	uint64_t gen;
	uint64_t jid; /* journal that continues this image (0 in format 1) */
	uint64_t prev_jid; /* journal this image replaced, or 0 */
	uint64_t prev_end; /* the generation that journal had reached */
};

/* Writes slot s as its SLOT_SIZE bytes at p. */
void vaultfmt_slot_encode(const struct slot *s, uint8_t *p);

/* Bytes of a header of a format with nslots slots. */
size_t vaultfmt_header_size(int format, int nslots);

/*
 * Checks and parses a vault file's header, held in buf (avail bytes from
 * the start of a file of file_size bytes), into v's file id, ids, slots,
 * header length and payload length.  VAULT_ERR_DAMAGED, VAULT_ERR_VERSION
 * or VAULT_ERR_LIMITS when it is not a file to open.
 */
enum vault_err vaultfmt_header_parse(struct vault *v, const uint8_t *buf,
                                     size_t avail, uint64_t file_size);

/*
 * Reads the file id and ids of the vault file at path (the first bytes
 * only).  VAULT_ERR_NOENT, VAULT_ERR_NOTFILE, VAULT_ERR_DAMAGED or an I/O
 * error.
 */
enum vault_err vaultfmt_disk_ids(const char *path, uint8_t file_id[16],
                                 struct vaultfmt_ids *out);

/* Plaintext bytes of the payload of v's loaded header. */
size_t vaultfmt_payload_len(const struct vault *v);

/* Bytes of a whole vault file of format with nslots slots holding an
 * image of n bytes. */
uint64_t vaultfmt_file_size(int format, int nslots, size_t n);

/* The chunks of a format-3 payload, for reading one at a time. */
struct vaultfmt_chunks {
	uint8_t key[32]; /* the data key (a copy: wipe with _done) */
	uint8_t nonce[24]; /* payload_nonce */
	uint8_t ad[32]; /* BLAKE2b-256 of the whole header */
	uint64_t base; /* file offset of chunk 0 (header_len) */
	uint64_t n; /* plaintext bytes */
	uint64_t count; /* chunks */
};

/* A format-3 payload's ciphertext read while its key is derived. */
struct vaultfmt_ahead {
	const struct vault *v;
	struct vaultfmt_chunks c; /* where the chunks are (no key) */
	unsigned char *img; /* the image block, chunks in place */
	uint8_t *tags; /* each chunk's tag */
	uint64_t want; /* chunks to read ahead */
	uint64_t ready; /* chunks [0, ready) read (the thread's, till joined) */
	pthread_t th;
	bool running;
	atomic_bool stop;
};

/*
 * Starts reading v's payload (format 3, locked) into a on another core,
 * to be opened in place once the key is known: as much of it as fits
 * beside the kdf_mem bytes the key derivation holds without the unlock
 * holding more than 1.25 times the image at any time.  Nothing is read
 * for another format, a small vault, or one core.  Pass a to
 * vaultfmt_image_start, and end it with vaultfmt_ahead_end in every case.
 */
void vaultfmt_read_ahead(struct vaultfmt_ahead *a, const struct vault *v,
                         uint64_t kdf_mem);

/* Stops a's thread and frees what it read (wiped); a->ready stays. */
void vaultfmt_ahead_end(struct vaultfmt_ahead *a);

/*
 * An image being opened: the payload decrypted into the block that the
 * database then reads (store/imagevfs.h), a chunk at a time.  Threads on
 * the other cores open the chunks in turn from the start; a reader that
 * needs a chunk before them opens it at once.  So the first pages can be
 * read after one chunk, not after the whole vault; every chunk is still
 * authenticated before a byte of it is read, and _settle says whether all
 * of them were.
 */
struct vaultfmt_image;

/*
 * Starts opening the payload of v (whose header is hdr, and whose data
 * key is unwrapped) from v's open file (a descriptor of the image's own)
 * or v->file (which must then outlive the image until it settles): those
 * chunks read ahead (ahead, or NULL) are taken as they are.  Formats 1
 * and 2 are opened whole here.  *out, or NULL on error: VAULT_ERR_DAMAGED
 * (formats 1 and 2), an I/O error, VAULT_ERR_NOMEM.
 */
enum vault_err
vaultfmt_image_start(const struct vault *v, const uint8_t *hdr,
                     struct vaultfmt_ahead *ahead, struct vaultfmt_image **out);

/* The block (im's until _take): *n bytes of image in *alloc. */
unsigned char *
vaultfmt_image_block(const struct vaultfmt_image *im, size_t *n, size_t *alloc);

/* Makes sure bytes [off, off + len) of the image (what lies past its end
 * does not count) are opened, opening them here when nobody has started:
 * 0, or -1 when a chunk among them is bad (_failure says why). */
int vaultfmt_image_need(struct vaultfmt_image *im, uint64_t off, uint64_t len);

/* Opens the rest, on this thread too, and waits for the others: VAULT_OK
 * when every chunk authenticated, else the first failure
 * (VAULT_ERR_DAMAGED or an I/O error).  Nothing is read after it. */
enum vault_err vaultfmt_image_settle(struct vaultfmt_image *im);

/* The first failure so far, or VAULT_OK. */
enum vault_err vaultfmt_image_failure(struct vaultfmt_image *im);

/* The block, which the caller now owns (free with sqlite3_free), and im
 * is freed.  Only after _settle said VAULT_OK. */
unsigned char *vaultfmt_image_take(struct vaultfmt_image *im);

/* Stops im's threads and frees it, its block too (wiped). */
void vaultfmt_image_free(struct vaultfmt_image *im);

/* Sets c up for v's payload (format 3, unlocked; hdr its header).
 * VAULT_ERR_DAMAGED for another format. */
enum vault_err vaultfmt_chunks_init(const struct vault *v, const uint8_t *hdr,
                                    struct vaultfmt_chunks *c);

/* File offset and ciphertext bytes (tag included) of chunk i < c->count. */
void vaultfmt_chunk_span(const struct vaultfmt_chunks *c, uint64_t i,
                         uint64_t *off, size_t *len);

/* Opens chunk i from its ciphertext ct (len bytes, as _span says) into
 * out (len - 16 bytes).  0, or -1 when it does not authenticate. */
int vaultfmt_chunk_open(const struct vaultfmt_chunks *c, uint64_t i,
                        const uint8_t *ct, size_t len, uint8_t *out);

/* Opens every chunk of c from v's file and keeps none: VAULT_OK when all
 * authenticate, VAULT_ERR_DAMAGED, an I/O error, VAULT_ERR_NOMEM. */
enum vault_err
vaultfmt_verify(const struct vault *v, const struct vaultfmt_chunks *c);

/* Wipes c. */
void vaultfmt_chunks_done(struct vaultfmt_chunks *c);

/* Where sealed bytes go: 0, or -1 with errno set. */
typedef int (*vaultfmt_put)(void *ctx, const void *p, size_t n);

/*
 * Seals image[0..n) as a whole vault file for v with ids (v's slots, file
 * id and data key) under a fresh nonce, handing the bytes to put in order:
 * the header, then the ciphertext a piece at a time, so that no copy of
 * the image is made.  VAULT_ERR_NOMEM, or the error put reported
 * (vault_io_error with errno and path).
 */
enum vault_err
vaultfmt_seal(const struct vault *v, const struct vaultfmt_ids *ids,
              const unsigned char *image, size_t n, vaultfmt_put put, void *ctx,
              const char *path);

#endif
