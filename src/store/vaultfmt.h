/*
 * The byte layout of a vault file, internal to the vault's files in
 * store/; tend-vault(5) is the specification.  A file is the header (fixed
 * part, key slots, tail with the payload nonce, length and checksum) and
 * then the payload ciphertext, whose associated data is the whole header.
 */
#ifndef TEND_STORE_VAULTFMT_H
#define TEND_STORE_VAULTFMT_H

#include <stddef.h>
#include <stdint.h>

#include "store/slot.h"
#include "store/vault.h"

#define FORMAT_VERSION 1
#define OFF_VERSION 8
#define OFF_FLAGS 10
#define OFF_HLEN 12
#define OFF_FILE_ID 16
#define OFF_GEN 32
#define OFF_NSLOTS 40
#define OFF_SLOTS 48
#define SLOT_SIZE 100
#define SLOT_AD_LEN 28 /* type .. salt: the slot fields bound as AD */
#define MAX_SLOTS 4
#define TAIL_SIZE 64 /* payload nonce, payload length, checksum */
#define CHECKSUM_LEN 32

/* Writes slot s as its SLOT_SIZE bytes at p. */
void vaultfmt_slot_encode(const struct slot *s, uint8_t *p);

/* Bytes of a header with nslots slots. */
size_t vaultfmt_header_size(int nslots);

/* Writes the header for v with the given generation, payload nonce and
 * ciphertext length into p (vaultfmt_header_size bytes), checksum
 * included. */
void vaultfmt_header_encode(const struct vault *v, uint64_t gen,
                            const uint8_t *pnonce, uint64_t clen, uint8_t *p);

/*
 * Checks and parses a whole vault file held in buf into v's file id,
 * generation, slots and header length.  VAULT_ERR_DAMAGED,
 * VAULT_ERR_VERSION or VAULT_ERR_LIMITS when it is not a file to open.
 */
enum vault_err
vaultfmt_header_parse(struct vault *v, const uint8_t *buf, size_t len);

/* Reads the file id and generation of the vault file at path (the first
 * bytes only).  VAULT_ERR_NOENT, VAULT_ERR_DAMAGED or an I/O error. */
enum vault_err
vaultfmt_disk_generation(const char *path, uint8_t file_id[16], uint64_t *gen);

/* Plaintext bytes of the payload of v's loaded file (v->file). */
size_t vaultfmt_payload_len(const struct vault *v);

/* Decrypts the payload of v's loaded file with v->dek into image
 * (vaultfmt_payload_len bytes).  VAULT_ERR_DAMAGED when it does not
 * authenticate: a damaged or altered file. */
enum vault_err vaultfmt_unseal(const struct vault *v, unsigned char *image);

/*
 * A whole vault file for v with generation gen: the header, then image[0..n)
 * encrypted with v->dek under a fresh nonce.  *out is malloc'd (free with
 * free()) and holds only ciphertext.  VAULT_ERR_NOMEM.
 */
enum vault_err
vaultfmt_seal(const struct vault *v, uint64_t gen, const unsigned char *image,
              size_t n, uint8_t **out, size_t *outlen);

#endif
