/*
 * The journal (see store/journal.h and tend-vault(5)): SQLite's session
 * extension records every change to the unlocked database since the last
 * save; when a save cannot be made, those changes are sealed into
 * dir/vault.journal, which is small (a changeset, not a whole image), so
 * it fits where the vault does not.
 *
 * File: a 48-byte header (magic, version, flags, the vault's file id, the
 * generation the changes were made on) and records, each a 4-byte length
 * of its ciphertext, an 8-byte sequence number (1, 2, ...), a 24-byte
 * nonce and the changeset sealed with XChaCha20-Poly1305 under the data
 * key.  A record's associated data is the header, its own length and
 * number, and the tag of the record before it (zeros for the first), so a
 * record that is missing, moved or replayed from another journal does not
 * open.  All integers are little-endian.
 */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "store/journal.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/merge.h"
#include "store/vaultpriv.h"
#include "util/atomic.h"
#include "util/file.h"
#include "util/path.h"
#include "util/xalloc.h"

static const uint8_t jmagic[8] = {0x89, 'T', 'N', 'D', 'J', 'R', 'N', 'L'};

#define J_VERSION 1
#define J_HEADER 48
#define J_REC_HEAD (4 + 8 + NONCE_LEN)
#define J_AD (J_HEADER + 4 + 8 + TAG_LEN)

static void
put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t
get_le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

enum vault_err
journal_track(struct vault *v)
{
	journal_untrack(v);
	if (!v->db)
		return VAULT_ERR_LOCKED;
	if (sqlite3session_create(v->db, "main", &v->track) != SQLITE_OK) {
		v->track = NULL;
		return VAULT_ERR_NOMEM;
	}
	if (sqlite3session_attach(v->track, NULL) != SQLITE_OK) {
		journal_untrack(v);
		return VAULT_ERR_SQL;
	}
	return VAULT_OK;
}

void
journal_untrack(struct vault *v)
{
	if (v->track)
		sqlite3session_delete(v->track);
	v->track = NULL;
}

bool
journal_dirty(const struct vault *v)
{
	return v->track && !sqlite3session_isempty(v->track);
}

static char *
journal_path(const struct vault *v)
{
	return path_join(v->dir, VAULT_JOURNAL);
}

static void
header(const struct vault *v, uint8_t h[J_HEADER])
{
	memset(h, 0, J_HEADER);
	memcpy(h, jmagic, 8);
	put_le(h + 8, J_VERSION, 2);
	memcpy(h + 16, v->file_id, 16);
	put_le(h + 32, v->generation, 8);
}

static void
record_ad(uint8_t ad[J_AD], const uint8_t *hdr, const uint8_t *rec_head,
          const uint8_t prev_tag[TAG_LEN])
{
	memcpy(ad, hdr, J_HEADER);
	memcpy(ad + J_HEADER, rec_head, 12);
	memcpy(ad + J_HEADER + 12, prev_tag, TAG_LEN);
}

enum vault_err
journal_write(struct vault *v)
{
	void *cs = NULL;
	int n = 0;
	uint8_t *buf = NULL, ad[J_AD], zero[TAG_LEN] = {0};
	size_t len;
	char *path;
	enum vault_err e = VAULT_OK;

	if (!v->dir || !v->dek)
		return VAULT_ERR_LOCKED;
	if (!v->track)
		return VAULT_ERR_SQL;
	if (sqlite3session_changeset(v->track, &n, &cs) != SQLITE_OK)
		return VAULT_ERR_NOMEM;
	if (n <= 0) {
		sqlite3_free(cs);
		return VAULT_OK;
	}
	len = J_HEADER + J_REC_HEAD + (size_t)n + TAG_LEN;
	buf = xmalloc(len);
	header(v, buf);
	put_le(buf + J_HEADER, (uint64_t)n + TAG_LEN, 4);
	put_le(buf + J_HEADER + 4, 1, 8);
	randombytes_buf(buf + J_HEADER + 12, NONCE_LEN);
	record_ad(ad, buf, buf + J_HEADER, zero);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	        buf + J_HEADER + J_REC_HEAD, NULL, cs, (unsigned long long)n,
	        ad, sizeof(ad), NULL, buf + J_HEADER + 12, v->dek);
	sqlite3_free(cs); /* the wiping allocator clears the plaintext */
	path = journal_path(v);
	if (atomic_write(path, buf, len, 0600) < 0)
		e = vault_io_error(errno, path);
	else
		v->journal_ours = 1;
	free(path);
	free(buf);
	return e;
}

/* One opened record: its plaintext changeset. */
struct rec {
	uint8_t *cs;
	size_t n;
};

void
journal_replay(struct vault *v)
{
	char *path = journal_path(v), *data = NULL;
	size_t len = 0, off, nrec = 0;
	struct rec *recs = NULL;
	uint8_t prev[TAG_LEN] = {0}, ad[J_AD];
	uint64_t base;
	const uint8_t *d;
	bool ok = false;

	v->journal_taken = 0;
	if (file_read(path, VAULT_MAX_PAYLOAD, FILE_NOFOLLOW, &data, &len) <
	    0) {
		if (errno != ENOENT)
			v->journal_taken = -1;
		goto out;
	}
	d = (const uint8_t *)data;
	if (len < J_HEADER || memcmp(d, jmagic, 8) != 0 ||
	    get_le(d + 8, 2) != J_VERSION ||
	    memcmp(d + 16, v->file_id, 16) != 0)
		goto out;
	base = get_le(d + 32, 8);
	/* Every record opens before any is applied: all or nothing. */
	for (off = J_HEADER; off < len;) {
		uint64_t clen, seq;

		if (len - off < J_REC_HEAD)
			goto out;
		clen = get_le(d + off, 4);
		seq = get_le(d + off + 4, 8);
		if (seq != nrec + 1 || clen < TAG_LEN ||
		    clen > len - off - J_REC_HEAD)
			goto out;
		recs = xreallocarray(recs, nrec + 1, sizeof(*recs));
		recs[nrec].n = clen - TAG_LEN;
		recs[nrec].cs = sqlite3_malloc64(recs[nrec].n + 1);
		if (!recs[nrec].cs)
			goto out;
		nrec++;
		record_ad(ad, d, d + off, prev);
		if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		            recs[nrec - 1].cs, NULL, NULL, d + off + J_REC_HEAD,
		            clen, ad, sizeof(ad), d + off + 12, v->dek) != 0)
			goto out;
		memcpy(prev, d + off + J_REC_HEAD + clen - TAG_LEN, TAG_LEN);
		off += J_REC_HEAD + clen;
	}
	ok = true;
	for (size_t i = 0; i < nrec && ok; i++) {
		struct merge_stats st;

		if (merge_changeset(v->db, recs[i].cs, (int)recs[i].n,
		                    base == v->generation, &st) != VAULT_OK)
			ok = false;
		else
			v->journal_taken += st.added + st.updated;
	}
	if (ok) {
		/* Taken in: the next save holds these changes, and then
		 * the journal goes. */
		v->journal_ours = 1;
		if (v->journal_taken == 0)
			v->journal_taken = 1;
	}
out:
	if (!ok && data)
		v->journal_taken = -1;
	for (size_t i = 0; i < nrec; i++)
		sqlite3_free(recs[i].cs); /* wiped by the allocator */
	free(recs);
	free(data);
	free(path);
}

void
journal_saved(struct vault *v)
{
	if (v->journal_ours) {
		char *path = journal_path(v);

		unlink(path);
		free(path);
		v->journal_ours = 0;
	}
	(void)journal_track(v);
}
