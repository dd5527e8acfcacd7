/*
 * The vault file format v1 (tend-vault(5)): parsing with hard limits, key
 * slots, sealing and opening the SQLite image, atomic saves with two backup
 * generations, the generation check and the lock file.  The database only
 * ever exists in memory (sqlite3_deserialize/serialize); SQLite allocates
 * through a wrapper that wipes every block it frees, keys live in
 * sodium_malloc'd memory, and SQLite is configured so that it never opens a
 * file of its own.
 */
#include "store/vault.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/db.h"
#include "util/atomic.h"
#include "util/clock.h"
#include "util/path.h"
#include "util/xalloc.h"

/* Layout (all integers little-endian); see tend-vault(5). */
static const uint8_t magic[8] = {0x89, 'T', 'N', 'D', '\r', '\n', 0x1a, '\n'};
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
#define KEY_LEN 32
#define NONCE_LEN 24
#define TAG_LEN 16
#define SALT_LEN 16
#define WRAPPED_LEN (KEY_LEN + TAG_LEN)
#define CODE_BYTES 16

enum { SLOT_PASSPHRASE = 1, SLOT_RECOVERY = 2 };
enum { KDF_ARGON2ID13 = 1 };

struct slot {
	uint8_t type;
	uint8_t alg;
	uint32_t opslimit;
	uint32_t mem_kib;
	uint8_t salt[SALT_LEN];
	uint8_t nonce[NONCE_LEN];
	uint8_t wrapped[WRAPPED_LEN];
};

struct vault_lock {
	int fd;
};

struct vault {
	char *dir; /* NULL for vault_open_file/vault_open_mem */
	char *path;
	struct vault_lock *lock;
	uint8_t file_id[16];
	uint64_t generation; /* as loaded or last saved */
	int nslots;
	struct slot slots[MAX_SLOTS];
	uint8_t *file; /* raw file while locked; freed once unlocked */
	size_t file_len;
	size_t header_len;
	uint8_t *dek; /* sodium_malloc'd; NULL while locked */
	sqlite3 *db;
	int schema_version;
	int fresh; /* not yet on disk: no generation check */
};

static int last_errno;
static char last_path[256];

static enum vault_err
io_error(int err, const char *path)
{
	last_errno = err;
	snprintf(last_path, sizeof(last_path), "%s", path ? path : "");
	if (err == ENOSPC || err == EDQUOT)
		return VAULT_ERR_NOSPC;
	if (err == ENOMEM)
		return VAULT_ERR_NOMEM;
	return VAULT_ERR_IO;
}

int
vault_errno(void)
{
	return last_errno;
}

const char *
vault_errpath(void)
{
	return last_path;
}

static const char *const messages[VAULT_ERR__COUNT] = {
        [VAULT_OK] = "success",
        [VAULT_ERR_NOENT] = "there is no vault yet",
        [VAULT_ERR_EXISTS] = "a vault already exists",
        [VAULT_ERR_AUTH] = "wrong passphrase or recovery code",
        [VAULT_ERR_CODE_TYPO] =
                "the recovery code has a typo (a check character does not "
                "match)",
        [VAULT_ERR_DAMAGED] = "the vault file is damaged or has been altered",
        [VAULT_ERR_VERSION] = "the vault was made by a newer version of tend",
        [VAULT_ERR_LIMITS] = "the vault file asks for an unreasonable key "
                             "derivation cost",
        [VAULT_ERR_BUSY] = "the vault is open in another tend",
        [VAULT_ERR_CHANGED] = "the vault changed on disk since it was opened",
        [VAULT_ERR_NOSPC] = "the disk is full; the previous vault is intact",
        [VAULT_ERR_IO] = "a file could not be read or written",
        [VAULT_ERR_NOMEM] = "not enough memory",
        [VAULT_ERR_SQL] = "the database inside the vault reported an error",
        [VAULT_ERR_LOCKED] = "the vault is locked",
        [VAULT_ERR_CRYPTO] = "the cryptography library could not start",
};

const char *
vault_strerror(enum vault_err e)
{
	if ((unsigned)e >= VAULT_ERR__COUNT || !messages[e])
		return "unknown vault error";
	return messages[e];
}

/* ---- process set-up: the wiping SQLite allocator ---- */

/* Each block carries its size in front, so that free can wipe it all.  16
 * bytes keep the 8-byte alignment SQLite needs (and 16 for long double). */
#define HDR 16

static void *
wipe_malloc(int n)
{
	unsigned char *p;

	if (n <= 0)
		return NULL;
	p = malloc((size_t)n + HDR);
	if (!p)
		return NULL;
	memcpy(p, &(size_t){(size_t)n}, sizeof(size_t));
	return p + HDR;
}

static size_t
block_size(void *p)
{
	size_t n;

	memcpy(&n, (unsigned char *)p - HDR, sizeof(n));
	return n;
}

static void
wipe_free(void *p)
{
	unsigned char *b;

	if (!p)
		return;
	b = (unsigned char *)p - HDR;
	sodium_memzero(b, block_size(p) + HDR);
	free(b);
}

/* Never libc realloc: it could leave a copy of the old block behind. */
static void *
wipe_realloc(void *p, int n)
{
	void *q;
	size_t old;

	if (!p)
		return wipe_malloc(n);
	q = wipe_malloc(n);
	if (!q)
		return NULL;
	old = block_size(p);
	memcpy(q, p, old < (size_t)n ? old : (size_t)n);
	wipe_free(p);
	return q;
}

static int
wipe_size(void *p)
{
	return p ? (int)block_size(p) : 0;
}

static int
wipe_roundup(int n)
{
	return (n + 7) & ~7;
}

static int
wipe_init(void *arg)
{
	return SQLITE_OK;
}

static void
wipe_shutdown(void *arg)
{
}

static const sqlite3_mem_methods wipe_methods = {
        wipe_malloc,  wipe_free, wipe_realloc,  wipe_size,
        wipe_roundup, wipe_init, wipe_shutdown, NULL,
};

enum vault_err
vault_global_init(void)
{
	static int done;

	if (done)
		return VAULT_OK;
	if (sodium_init() < 0)
		return VAULT_ERR_CRYPTO;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &wipe_methods) != SQLITE_OK) {
		/* Someone initialised SQLite first: restart it our way. */
		sqlite3_shutdown();
		if (sqlite3_config(SQLITE_CONFIG_MALLOC, &wipe_methods) !=
		    SQLITE_OK)
			return VAULT_ERR_SQL;
	}
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_URI, 0);
	if (sqlite3_initialize() != SQLITE_OK)
		return VAULT_ERR_SQL;
	done = 1;
	return VAULT_OK;
}

/* ---- KDF parameters ---- */

int
vault_kdf_parse(const char *name, enum vault_kdf_level *out)
{
	if (strcmp(name, "interactive") == 0)
		*out = VAULT_KDF_INTERACTIVE;
	else if (strcmp(name, "moderate") == 0)
		*out = VAULT_KDF_MODERATE;
	else if (strcmp(name, "sensitive") == 0)
		*out = VAULT_KDF_SENSITIVE;
	else
		return -1;
	return 0;
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
time_pwhash(unsigned long long ops, size_t mem)
{
	static const uint8_t salt[crypto_pwhash_SALTBYTES];
	uint8_t key[KEY_LEN];
	double t0 = now_seconds();

	if (crypto_pwhash(key, sizeof(key), "calibrate", 9, salt, ops, mem,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	sodium_memzero(key, sizeof(key));
	return now_seconds() - t0;
}

/*
 * Measures Argon2id over 64 MiB with one and with two passes: the
 * difference is the cost of a pass, the rest the cost of setting up the
 * memory.  Then picks the most memory (256, 128 or 64 MiB) that still
 * allows at least two passes within the target of 0.5 s, and as many
 * passes (2..4) as fit.
 */
static enum vault_err
calibrate(struct vault_kdf *out)
{
	const uint64_t mib = 1024 * 1024;
	const double target = 0.5;
	double t1, t2, pass, fixed;

	t1 = time_pwhash(1, 64 * mib);
	t2 = time_pwhash(2, 64 * mib);
	if (t1 < 0 || t2 < 0)
		return VAULT_ERR_NOMEM;
	pass = t2 - t1;
	if (pass <= 1e-4)
		pass = t2 / 2 > 1e-4 ? t2 / 2 : 1e-4;
	fixed = t1 > pass ? t1 - pass : 0;
	out->opslimit = 2;
	out->memlimit = 64 * mib;
	for (uint64_t m = 256; m >= 64; m /= 2) {
		double scale = (double)m / 64.0;
		double ops = (target / scale - fixed) / pass;

		if (ops >= 2) {
			out->opslimit = ops >= 4 ? 4 : (uint32_t)ops;
			out->memlimit = m * mib;
			break;
		}
	}
	return VAULT_OK;
}

enum vault_err
vault_kdf_params(enum vault_kdf_level level, struct vault_kdf *out)
{
	enum vault_err e = vault_global_init();

	if (e != VAULT_OK)
		return e;
	switch (level) {
	case VAULT_KDF_INTERACTIVE:
		out->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		out->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
		return VAULT_OK;
	case VAULT_KDF_MODERATE:
		out->opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
		out->memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
		return VAULT_OK;
	case VAULT_KDF_SENSITIVE:
		out->opslimit = crypto_pwhash_OPSLIMIT_SENSITIVE;
		out->memlimit = crypto_pwhash_MEMLIMIT_SENSITIVE;
		return VAULT_OK;
	case VAULT_KDF_TEST:
		out->opslimit = crypto_pwhash_OPSLIMIT_MIN;
		out->memlimit = crypto_pwhash_MEMLIMIT_MIN;
		return VAULT_OK;
	case VAULT_KDF_CALIBRATED:
		break;
	}
	return calibrate(out);
}

static int
kdf_ok(uint32_t ops, uint64_t mem)
{
	return ops >= crypto_pwhash_OPSLIMIT_MIN && ops <= VAULT_MAX_OPSLIMIT &&
	       mem >= crypto_pwhash_MEMLIMIT_MIN && mem <= VAULT_MAX_MEMLIMIT &&
	       mem % 1024 == 0;
}

/* ---- little-endian fields ---- */

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void
put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t
get32(const uint8_t *p)
{
	uint32_t v = 0;

	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t
get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* ---- slots ---- */

static void
slot_encode(const struct slot *s, uint8_t *p)
{
	memset(p, 0, SLOT_SIZE);
	p[0] = s->type;
	p[1] = s->alg;
	put32(p + 4, s->opslimit);
	put32(p + 8, s->mem_kib);
	memcpy(p + 12, s->salt, SALT_LEN);
	memcpy(p + 28, s->nonce, NONCE_LEN);
	memcpy(p + 52, s->wrapped, WRAPPED_LEN);
}

/* The associated data of a wrap: the slot's first 28 bytes, then the file
 * id, so that a slot cannot be moved to another vault or re-labelled. */
static void
slot_ad(const struct slot *s, const uint8_t file_id[16],
        uint8_t ad[SLOT_AD_LEN + 16])
{
	uint8_t enc[SLOT_SIZE];

	slot_encode(s, enc);
	memcpy(ad, enc, SLOT_AD_LEN);
	memcpy(ad + SLOT_AD_LEN, file_id, 16);
}

static enum vault_err
derive(uint8_t *kek, const struct slot *s, const uint8_t *secret,
       size_t secret_len)
{
	if (crypto_pwhash(kek, KEY_LEN, (const char *)secret, secret_len,
	                  s->salt, s->opslimit, (size_t)s->mem_kib * 1024,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return VAULT_ERR_NOMEM;
	return VAULT_OK;
}

/* Fills s (new salt and nonce) wrapping dek under secret. */
static enum vault_err
slot_wrap(struct slot *s, int type, const struct vault_kdf *kdf,
          const uint8_t file_id[16], const uint8_t *dek, const uint8_t *secret,
          size_t secret_len)
{
	uint8_t ad[SLOT_AD_LEN + 16];
	uint8_t *kek;
	enum vault_err e;

	if (!kdf_ok(kdf->opslimit, kdf->memlimit))
		return VAULT_ERR_LIMITS;
	kek = sodium_malloc(KEY_LEN);
	if (!kek)
		return VAULT_ERR_NOMEM;
	memset(s, 0, sizeof(*s));
	s->type = (uint8_t)type;
	s->alg = KDF_ARGON2ID13;
	s->opslimit = kdf->opslimit;
	s->mem_kib = (uint32_t)(kdf->memlimit / 1024);
	randombytes_buf(s->salt, SALT_LEN);
	randombytes_buf(s->nonce, NONCE_LEN);
	e = derive(kek, s, secret, secret_len);
	if (e == VAULT_OK) {
		slot_ad(s, file_id, ad);
		crypto_aead_xchacha20poly1305_ietf_encrypt(
		        s->wrapped, NULL, dek, KEY_LEN, ad, sizeof(ad), NULL,
		        s->nonce, kek);
	}
	sodium_free(kek);
	return e;
}

/* Unwraps slot s into dek: VAULT_ERR_AUTH when the secret is wrong. */
static enum vault_err
slot_unwrap(const struct slot *s, const uint8_t file_id[16], uint8_t *dek,
            const uint8_t *secret, size_t secret_len)
{
	uint8_t ad[SLOT_AD_LEN + 16];
	uint8_t *kek = sodium_malloc(KEY_LEN);
	enum vault_err e;

	if (!kek)
		return VAULT_ERR_NOMEM;
	e = derive(kek, s, secret, secret_len);
	if (e == VAULT_OK) {
		slot_ad(s, file_id, ad);
		if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		            dek, NULL, NULL, s->wrapped, WRAPPED_LEN, ad,
		            sizeof(ad), s->nonce, kek) != 0)
			e = VAULT_ERR_AUTH;
	}
	sodium_free(kek);
	return e;
}

static struct slot *
find_slot(struct vault *v, int type)
{
	for (int i = 0; i < v->nslots; i++)
		if (v->slots[i].type == type)
			return &v->slots[i];
	return NULL;
}

/* Puts s in place of the slot of its type, or appends it. */
static void
set_slot(struct vault *v, const struct slot *s)
{
	struct slot *old = find_slot(v, s->type);

	if (old)
		*old = *s;
	else if (v->nslots < MAX_SLOTS)
		v->slots[v->nslots++] = *s;
}

/* ---- the header ---- */

static size_t
header_size(int nslots)
{
	return OFF_SLOTS + (size_t)nslots * SLOT_SIZE + TAIL_SIZE;
}

/* Writes the header for v with the given generation, payload nonce and
 * ciphertext length into p (header_size bytes), checksum included. */
static void
header_encode(const struct vault *v, uint64_t gen, const uint8_t *pnonce,
              uint64_t clen, uint8_t *p)
{
	size_t hlen = header_size(v->nslots);
	uint8_t *t;

	memset(p, 0, hlen);
	memcpy(p, magic, sizeof(magic));
	put16(p + OFF_VERSION, FORMAT_VERSION);
	put16(p + OFF_FLAGS, 0);
	put32(p + OFF_HLEN, (uint32_t)hlen);
	memcpy(p + OFF_FILE_ID, v->file_id, 16);
	put64(p + OFF_GEN, gen);
	p[OFF_NSLOTS] = (uint8_t)v->nslots;
	for (int i = 0; i < v->nslots; i++)
		slot_encode(&v->slots[i], p + OFF_SLOTS + i * SLOT_SIZE);
	t = p + OFF_SLOTS + v->nslots * SLOT_SIZE;
	memcpy(t, pnonce, NONCE_LEN);
	put64(t + NONCE_LEN, clen);
	crypto_generichash(t + 32, CHECKSUM_LEN, p, hlen - CHECKSUM_LEN, NULL,
	                   0);
}

static int
all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/*
 * Checks and parses a whole vault file held in buf.  Damage of any byte of
 * the header shows as VAULT_ERR_DAMAGED (the checksum), never as a wrong
 * passphrase; damage of the payload is found by the AEAD on unlock.
 */
static enum vault_err
header_parse(struct vault *v, const uint8_t *buf, size_t len)
{
	uint8_t sum[CHECKSUM_LEN];
	size_t hlen;
	const uint8_t *t;
	uint64_t clen;
	int nslots, seen = 0;

	if (len < OFF_SLOTS || memcmp(buf, magic, sizeof(magic)) != 0)
		return VAULT_ERR_DAMAGED;
	if (get16(buf + OFF_VERSION) != FORMAT_VERSION)
		return get16(buf + OFF_VERSION) > FORMAT_VERSION &&
		                       get16(buf + OFF_VERSION) < 256
		               ? VAULT_ERR_VERSION
		               : VAULT_ERR_DAMAGED;
	hlen = get32(buf + OFF_HLEN);
	if (hlen < header_size(1) || hlen > VAULT_MAX_HEADER || hlen > len)
		return VAULT_ERR_DAMAGED;
	crypto_generichash(sum, sizeof(sum), buf, hlen - CHECKSUM_LEN, NULL, 0);
	if (sodium_memcmp(sum, buf + hlen - CHECKSUM_LEN, CHECKSUM_LEN) != 0)
		return VAULT_ERR_DAMAGED;
	/* From here on the header is what its writer wrote: anything odd is
	 * a crafted file, reported as damage (or limits) all the same. */
	nslots = buf[OFF_NSLOTS];
	if (nslots < 1 || nslots > MAX_SLOTS || hlen != header_size(nslots) ||
	    get16(buf + OFF_FLAGS) != 0 || !all_zero(buf + OFF_NSLOTS + 1, 7))
		return VAULT_ERR_DAMAGED;
	memcpy(v->file_id, buf + OFF_FILE_ID, 16);
	v->generation = get64(buf + OFF_GEN);
	v->nslots = nslots;
	for (int i = 0; i < nslots; i++) {
		const uint8_t *p = buf + OFF_SLOTS + i * SLOT_SIZE;
		struct slot *s = &v->slots[i];

		s->type = p[0];
		s->alg = p[1];
		s->opslimit = get32(p + 4);
		s->mem_kib = get32(p + 8);
		memcpy(s->salt, p + 12, SALT_LEN);
		memcpy(s->nonce, p + 28, NONCE_LEN);
		memcpy(s->wrapped, p + 52, WRAPPED_LEN);
		if ((s->type != SLOT_PASSPHRASE && s->type != SLOT_RECOVERY) ||
		    (seen & (1 << s->type)) || s->alg != KDF_ARGON2ID13 ||
		    get16(p + 2) != 0)
			return VAULT_ERR_DAMAGED;
		seen |= 1 << s->type;
		if (!kdf_ok(s->opslimit, (uint64_t)s->mem_kib * 1024))
			return VAULT_ERR_LIMITS;
	}
	t = buf + OFF_SLOTS + nslots * SLOT_SIZE;
	clen = get64(t + NONCE_LEN);
	if (clen < TAG_LEN || clen > VAULT_MAX_PAYLOAD || len - hlen != clen)
		return VAULT_ERR_DAMAGED;
	v->header_len = hlen;
	return VAULT_OK;
}

/* ---- SQLite in memory ---- */

static int
deny_attach(void *arg, int action, const char *a, const char *b, const char *c,
            const char *d)
{
	/* "" is a private temporary database, which temp_store=MEMORY keeps
	 * in memory (VACUUM attaches one); any name could be a file. */
	if (action == SQLITE_ATTACH && (!a || *a != '\0'))
		return SQLITE_DENY;
	return SQLITE_OK;
}

static enum vault_err
db_setup(sqlite3 *db)
{
	static const char pragmas[] = "PRAGMA temp_store=MEMORY;"
	                              "PRAGMA foreign_keys=ON;"
	                              "PRAGMA secure_delete=ON;"
	                              "PRAGMA trusted_schema=OFF;";

	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	/* No ATTACH of a file: nothing may open a file beside the image. */
	sqlite3_set_authorizer(db, deny_attach, NULL);
	if (sqlite3_exec(db, pragmas, NULL, NULL, NULL) != SQLITE_OK)
		return VAULT_ERR_SQL;
	return VAULT_OK;
}

/*
 * Opens an in-memory database on image (n bytes from sqlite3_malloc64,
 * which SQLite then owns; NULL with n 0 for a new, empty database).
 */
static enum vault_err
db_load(sqlite3 **out, unsigned char *image, size_t n)
{
	sqlite3 *db = NULL;
	enum vault_err e = VAULT_ERR_SQL;

	*out = NULL;
	if (sqlite3_open_v2(":memory:", &db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	                    NULL) != SQLITE_OK) {
		sqlite3_free(image);
		e = VAULT_ERR_NOMEM;
		goto out;
	}
	if (sqlite3_deserialize(
	            db, "main", image, (sqlite3_int64)n, (sqlite3_int64)n,
	            SQLITE_DESERIALIZE_FREEONCLOSE |
	                    SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
		goto out; /* SQLite freed image */
	e = db_setup(db);
	if (e != VAULT_OK)
		goto out;
	*out = db;
	return VAULT_OK;
out:
	sqlite3_close(db);
	return e;
}

static enum vault_err
db_quick_check(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	enum vault_err e = VAULT_ERR_DAMAGED;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) !=
	    SQLITE_OK)
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0 &&
	    sqlite3_step(st) == SQLITE_DONE)
		e = VAULT_OK;
out:
	sqlite3_finalize(st);
	return e;
}

sqlite3 *
vault_sqlite(struct vault *v)
{
	return v ? v->db : NULL;
}

/* ---- the lock file ---- */

static void
read_holder(int fd, long *pid, long long *since)
{
	char buf[64];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	long p = 0;
	long long s = 0;

	if (n > 0) {
		buf[n] = '\0';
		if (sscanf(buf, "%ld %lld", &p, &s) < 1)
			p = 0;
	}
	if (pid)
		*pid = p;
	if (since)
		*since = s;
}

enum vault_err
vault_lock_dir(const char *dir, struct vault_lock **out, long *holder_pid,
               long long *holder_since)
{
	char *path = NULL;
	char line[64];
	int fd = -1, n;
	enum vault_err e;

	*out = NULL;
	if (holder_pid)
		*holder_pid = 0;
	if (holder_since)
		*holder_since = 0;
	if (path_mkdirs(dir, 0700) < 0)
		return io_error(errno, dir);
	path = path_join(dir, VAULT_LOCK);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		e = io_error(errno, path);
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK) {
			read_holder(fd, holder_pid, holder_since);
			e = VAULT_ERR_BUSY;
		} else {
			e = io_error(errno, path);
		}
		goto out;
	}
	n = snprintf(line, sizeof(line), "%ld %lld\n", (long)getpid(),
	             (long long)time(NULL));
	if (ftruncate(fd, 0) < 0 || pwrite(fd, line, (size_t)n, 0) != n) {
		e = io_error(errno, path);
		goto out;
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->fd = fd;
	fd = -1;
	e = VAULT_OK;
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return e;
}

void
vault_unlock_dir(struct vault_lock *lk)
{
	if (!lk)
		return;
	/* The file stays: removing it would race with a process that has
	 * just opened it and is about to lock it. */
	close(lk->fd);
	free(lk);
}

enum vault_err
vault_lock_probe(const char *dir, bool *held, long *pid, long long *since)
{
	char *path = path_join(dir, VAULT_LOCK);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	free(path);
	*held = false;
	if (fd < 0)
		return errno == ENOENT ? VAULT_ERR_NOENT
		                       : io_error(errno, VAULT_LOCK);
	read_holder(fd, pid, since);
	if (flock(fd, LOCK_SH | LOCK_NB) < 0)
		*held = errno == EWOULDBLOCK;
	else
		flock(fd, LOCK_UN);
	close(fd);
	return VAULT_OK;
}

static void fsync_dir(const char *dir);

/*
 * A save killed between writing the new vault and rotating the backups
 * leaves the previous vault as "vault.prev".  If it is still the same file
 * as the vault, the new one never landed: drop the link.  Otherwise finish
 * the rotation the save began, so that no generation is lost.
 */
static void
finish_rotation(const char *dir)
{
	char *vault = path_join(dir, VAULT_FILE);
	char *prev = path_join(dir, VAULT_FILE ".prev");
	char *bak = path_join(dir, VAULT_BAK);
	char *bak1 = path_join(dir, VAULT_BAK1);
	struct stat sp, sv;

	if (lstat(prev, &sp) == 0) {
		if (lstat(vault, &sv) == 0 && sv.st_ino == sp.st_ino &&
		    sv.st_dev == sp.st_dev) {
			unlink(prev);
		} else {
			if (path_exists(bak))
				rename(bak, bak1);
			rename(prev, bak);
		}
		fsync_dir(dir);
	}
	free(vault);
	free(prev);
	free(bak);
	free(bak1);
}

/* Removes temporary files that a save killed half-way left behind
 * ("vault.XXXXXX" from mkstemp) and finishes a cut-short rotation. */
static void
remove_leftovers(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		size_t len = strlen(n);
		int tmp = 0;

		if (strncmp(n, VAULT_FILE ".", 6) == 0 && len == 12) {
			tmp = 1;
			for (size_t i = 6; i < len; i++)
				if (!((n[i] >= 'a' && n[i] <= 'z') ||
				      (n[i] >= 'A' && n[i] <= 'Z') ||
				      (n[i] >= '0' && n[i] <= '9')))
					tmp = 0;
		}
		if (tmp)
			unlinkat(dirfd(d), n, 0);
	}
	closedir(d);
	finish_rotation(dir);
}

/* ---- opening ---- */

bool
vault_exists(const char *dir)
{
	char *path = path_join(dir, VAULT_FILE);
	struct stat st;
	bool yes = lstat(path, &st) == 0;

	free(path);
	return yes;
}

static struct vault *
vault_new(void)
{
	struct vault *v = xcalloc(1, sizeof(*v));

	return v;
}

enum vault_err
vault_open_mem(const void *data, size_t len, struct vault **out)
{
	struct vault *v;
	enum vault_err e;

	*out = NULL;
	e = vault_global_init();
	if (e != VAULT_OK)
		return e;
	v = vault_new();
	e = header_parse(v, data, len);
	if (e != VAULT_OK) {
		vault_close(v);
		return e;
	}
	v->file = xmalloc(len ? len : 1);
	memcpy(v->file, data, len);
	v->file_len = len;
	v->path = xstrdup("");
	*out = v;
	return VAULT_OK;
}

static enum vault_err
load_file(struct vault *v, const char *path)
{
	char *data;
	size_t len;
	enum vault_err e;

	if (file_read_all(path, VAULT_MAX_HEADER + VAULT_MAX_PAYLOAD, &data,
	                  &len) < 0) {
		if (errno == ENOENT)
			return VAULT_ERR_NOENT;
		if (errno == EFBIG)
			return VAULT_ERR_DAMAGED;
		return io_error(errno, path);
	}
	e = header_parse(v, (const uint8_t *)data, len);
	if (e != VAULT_OK) {
		free(data);
		return e;
	}
	v->file = (uint8_t *)data;
	v->file_len = len;
	return VAULT_OK;
}

enum vault_err
vault_open_file(const char *path, struct vault **out)
{
	struct vault *v;
	enum vault_err e;

	*out = NULL;
	e = vault_global_init();
	if (e != VAULT_OK)
		return e;
	v = vault_new();
	v->path = xstrdup(path);
	e = load_file(v, path);
	if (e != VAULT_OK) {
		vault_close(v);
		return e;
	}
	*out = v;
	return VAULT_OK;
}

enum vault_err
vault_open(const char *dir, struct vault **out, long *holder_pid,
           long long *holder_since)
{
	struct vault *v;
	enum vault_err e;

	*out = NULL;
	e = vault_global_init();
	if (e != VAULT_OK)
		return e;
	v = vault_new();
	/* Opening must not create the folder or a lock file where there is
	 * no vault (a mistyped --data-dir, `tend status` before init). */
	if (!vault_exists(dir)) {
		e = VAULT_ERR_NOENT;
		goto fail;
	}
	e = vault_lock_dir(dir, &v->lock, holder_pid, holder_since);
	if (e != VAULT_OK)
		goto fail;
	remove_leftovers(dir);
	v->dir = xstrdup(dir);
	v->path = path_join(dir, VAULT_FILE);
	e = load_file(v, v->path);
	if (e != VAULT_OK)
		goto fail;
	*out = v;
	return VAULT_OK;
fail:
	vault_close(v);
	return e;
}

/* Decrypts the payload with v->dek and loads the database. */
static enum vault_err
open_payload(struct vault *v)
{
	const uint8_t *t = v->file + v->header_len - TAIL_SIZE;
	size_t clen = v->file_len - v->header_len;
	size_t plen = clen - TAG_LEN;
	unsigned char *image = NULL;
	enum vault_err e;

	if (plen > 0) {
		image = sqlite3_malloc64(plen);
		if (!image)
			return VAULT_ERR_NOMEM;
	}
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
	            image, NULL, NULL, v->file + v->header_len, clen, v->file,
	            v->header_len, t, v->dek) != 0) {
		sqlite3_free(image);
		return VAULT_ERR_DAMAGED;
	}
	e = db_load(&v->db, image, plen);
	if (e != VAULT_OK)
		return e == VAULT_ERR_SQL ? VAULT_ERR_DAMAGED : e;
	e = db_quick_check(v->db);
	if (e == VAULT_OK)
		e = schema_migrate(v->db);
	if (e != VAULT_OK) {
		sqlite3_close(v->db);
		v->db = NULL;
		return e == VAULT_ERR_SQL ? VAULT_ERR_DAMAGED : e;
	}
	v->schema_version = schema_latest();
	/* The ciphertext is no longer needed. */
	free(v->file);
	v->file = NULL;
	return VAULT_OK;
}

static enum vault_err
unlock_with(struct vault *v, int type, const uint8_t *secret, size_t len)
{
	struct slot *s;
	enum vault_err e;

	if (v->dek)
		return VAULT_OK;
	if (!v->file)
		return VAULT_ERR_LOCKED;
	s = find_slot(v, type);
	if (!s)
		return VAULT_ERR_AUTH;
	v->dek = sodium_malloc(KEY_LEN);
	if (!v->dek)
		return VAULT_ERR_NOMEM;
	e = slot_unwrap(s, v->file_id, v->dek, secret, len);
	if (e == VAULT_OK)
		e = open_payload(v);
	if (e != VAULT_OK) {
		sodium_free(v->dek);
		v->dek = NULL;
	}
	return e;
}

enum vault_err
vault_unlock(struct vault *v, const char *passphrase)
{
	return unlock_with(v, SLOT_PASSPHRASE, (const uint8_t *)passphrase,
	                   strlen(passphrase));
}

/* ---- recovery codes ---- */

static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
#define CODE_GROUPS 9
#define CODE_DATA 3 /* data characters per group; the 4th is the check */

static int
check_char(const int v[CODE_DATA], int group)
{
	return (v[0] + 2 * v[1] + 3 * v[2] + 5 * (group + 1)) % 31;
}

static int
bit_at(const uint8_t *bytes, int bit)
{
	if (bit >= CODE_BYTES * 8)
		return 0;
	return (bytes[bit / 8] >> (7 - bit % 8)) & 1;
}

static void
code_format(const uint8_t bytes[CODE_BYTES], char code[VAULT_CODE_LEN])
{
	char *o = code;

	for (int g = 0; g < CODE_GROUPS; g++) {
		int v[CODE_DATA];

		for (int k = 0; k < CODE_DATA; k++) {
			int bit = (g * CODE_DATA + k) * 5;

			v[k] = 0;
			for (int b = 0; b < 5; b++)
				v[k] = (v[k] << 1) | bit_at(bytes, bit + b);
			*o++ = b32[v[k]];
		}
		*o++ = b32[check_char(v, g)];
		if (g + 1 < CODE_GROUPS)
			*o++ = '-';
	}
	*o = '\0';
}

static int
b32_value(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'O')
		c = '0';
	if (c == 'I' || c == 'L')
		c = '1';
	for (int i = 0; i < 32; i++)
		if (b32[i] == c)
			return i;
	return -1;
}

/* Parses a code as a person types it (any case, spaces or dashes, the
 * usual Crockford confusions); -1 when it is malformed. */
static int
code_parse(const char *s, uint8_t bytes[CODE_BYTES])
{
	int vals[CODE_GROUPS * (CODE_DATA + 1)];
	int n = 0;

	for (; *s; s++) {
		int v;

		if (*s == '-' || *s == ' ' || *s == '\t')
			continue;
		v = b32_value(*s);
		if (v < 0 || n == CODE_GROUPS * (CODE_DATA + 1))
			return -1;
		vals[n++] = v;
	}
	if (n != CODE_GROUPS * (CODE_DATA + 1))
		return -1;
	memset(bytes, 0, CODE_BYTES);
	for (int g = 0; g < CODE_GROUPS; g++) {
		const int *v = vals + g * (CODE_DATA + 1);

		if (check_char(v, g) != v[CODE_DATA])
			return -1;
		for (int k = 0; k < CODE_DATA; k++)
			for (int b = 0; b < 5; b++) {
				int bit = (g * CODE_DATA + k) * 5 + b;
				int on = (v[k] >> (4 - b)) & 1;

				if (bit >= CODE_BYTES * 8) {
					if (on)
						return -1; /* padding is zero */
				} else if (on) {
					bytes[bit / 8] |=
					        (uint8_t)(0x80 >> (bit % 8));
				}
			}
	}
	return 0;
}

enum vault_err
vault_unlock_code(struct vault *v, const char *code)
{
	uint8_t bytes[CODE_BYTES];
	enum vault_err e;

	if (code_parse(code, bytes) < 0)
		return VAULT_ERR_CODE_TYPO;
	e = unlock_with(v, SLOT_RECOVERY, bytes, sizeof(bytes));
	sodium_memzero(bytes, sizeof(bytes));
	return e;
}

/* The recovery slot needs no more than interactive cost: the code has 128
 * bits of entropy. */
static void
code_kdf(const struct vault_kdf *kdf, struct vault_kdf *out)
{
	*out = *kdf;
	if (out->memlimit > crypto_pwhash_MEMLIMIT_INTERACTIVE)
		out->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (out->opslimit > crypto_pwhash_OPSLIMIT_INTERACTIVE)
		out->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
}

static enum vault_err
new_code_slot(struct vault *v, const struct vault_kdf *kdf,
              char code[VAULT_CODE_LEN])
{
	uint8_t bytes[CODE_BYTES];
	struct vault_kdf ck;
	struct slot s;
	enum vault_err e;

	randombytes_buf(bytes, sizeof(bytes));
	code_kdf(kdf, &ck);
	e = slot_wrap(&s, SLOT_RECOVERY, &ck, v->file_id, v->dek, bytes,
	              sizeof(bytes));
	if (e == VAULT_OK) {
		code_format(bytes, code);
		set_slot(v, &s);
	}
	sodium_memzero(bytes, sizeof(bytes));
	return e;
}

enum vault_err
vault_set_passphrase(struct vault *v, const char *passphrase,
                     const struct vault_kdf *kdf)
{
	struct slot s;
	enum vault_err e;

	if (!v->dek)
		return VAULT_ERR_LOCKED;
	e = slot_wrap(&s, SLOT_PASSPHRASE, kdf, v->file_id, v->dek,
	              (const uint8_t *)passphrase, strlen(passphrase));
	if (e == VAULT_OK)
		set_slot(v, &s);
	return e;
}

enum vault_err
vault_rekey(struct vault *v, const char *passphrase,
            const struct vault_kdf *kdf, char code[VAULT_CODE_LEN])
{
	struct vault tmp;
	uint8_t *dek;
	enum vault_err e;

	if (!v->dek)
		return VAULT_ERR_LOCKED;
	dek = sodium_malloc(KEY_LEN);
	if (!dek)
		return VAULT_ERR_NOMEM;
	randombytes_buf(dek, KEY_LEN);
	/* Build both slots aside, so that a failure changes nothing. */
	memset(&tmp, 0, sizeof(tmp));
	memcpy(tmp.file_id, v->file_id, 16);
	tmp.dek = dek;
	e = vault_set_passphrase(&tmp, passphrase, kdf);
	if (e == VAULT_OK)
		e = new_code_slot(&tmp, kdf, code);
	if (e != VAULT_OK) {
		sodium_free(dek);
		return e;
	}
	sodium_free(v->dek);
	v->dek = dek;
	v->nslots = tmp.nslots;
	memcpy(v->slots, tmp.slots, sizeof(v->slots));
	return VAULT_OK;
}

/* ---- saving ---- */

/*
 * Seals the current database into a fresh buffer (header + ciphertext)
 * with generation gen.  *out is malloc'd (free with free()); it holds only
 * ciphertext.
 */
static enum vault_err
seal(struct vault *v, uint64_t gen, uint8_t **out, size_t *outlen)
{
	sqlite3_int64 sz = 0;
	unsigned char *image, *copy = NULL;
	uint8_t pnonce[NONCE_LEN];
	size_t hlen = header_size(v->nslots), clen;
	uint8_t *buf;

	*out = NULL;
	/* NOCOPY hands out SQLite's own buffer for a deserialized database:
	 * no second plaintext copy.  A database with no pages yields NULL. */
	image = sqlite3_serialize(v->db, "main", &sz, SQLITE_SERIALIZE_NOCOPY);
	if (!image && sz > 0) {
		copy = image = sqlite3_serialize(v->db, "main", &sz, 0);
		if (!copy)
			return VAULT_ERR_NOMEM;
	}
	if (sz < 0 || (uint64_t)sz > VAULT_MAX_PAYLOAD - TAG_LEN) {
		sqlite3_free(copy);
		return VAULT_ERR_SQL;
	}
	clen = (size_t)sz + TAG_LEN;
	buf = malloc(hlen + clen);
	if (!buf) {
		sqlite3_free(copy);
		return VAULT_ERR_NOMEM;
	}
	randombytes_buf(pnonce, sizeof(pnonce));
	header_encode(v, gen, pnonce, clen, buf);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	        buf + hlen, NULL, image ? image : (const unsigned char *)"",
	        (unsigned long long)sz, buf, hlen, NULL, pnonce, v->dek);
	sqlite3_free(copy); /* wiped by the allocator */
	*out = buf;
	*outlen = hlen + clen;
	return VAULT_OK;
}

/* Reads the file id and generation of the vault on disk. */
static enum vault_err
disk_generation(const char *path, uint8_t file_id[16], uint64_t *gen)
{
	uint8_t head[OFF_SLOTS];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;

	if (fd < 0)
		return errno == ENOENT ? VAULT_ERR_NOENT
		                       : io_error(errno, path);
	n = pread(fd, head, sizeof(head), 0);
	close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, magic, 8) != 0)
		return VAULT_ERR_DAMAGED;
	memcpy(file_id, head + OFF_FILE_ID, 16);
	*gen = get64(head + OFF_GEN);
	return VAULT_OK;
}

static void
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/*
 * Writes buf over dir/vault, keeping the previous file as vault.bak and
 * the one before as vault.bak.1.  The old vault is hard-linked aside first,
 * so that at every moment dir/vault is a complete file; the backups rotate
 * only after the new vault is durable.
 */
static enum vault_err
install(const char *dir, const uint8_t *buf, size_t len)
{
	char *vault = path_join(dir, VAULT_FILE);
	char *prev = path_join(dir, VAULT_FILE ".prev");
	char *bak = path_join(dir, VAULT_BAK);
	char *bak1 = path_join(dir, VAULT_BAK1);
	bool have_prev = false;
	enum vault_err e = VAULT_OK;

	unlink(prev);
	if (link(vault, prev) == 0)
		have_prev = true;
	if (atomic_write(vault, buf, len, 0600) < 0) {
		e = io_error(errno, vault);
		if (have_prev)
			unlink(prev);
		goto out;
	}
	if (have_prev) {
		/* The save is done; failing to rotate only loses a backup.
		 * No folder fsync here: the next save's makes these renames
		 * durable, and finish_rotation() repairs a cut-short one. */
		if (rename(bak, bak1) < 0 && errno != ENOENT)
			unlink(bak);
		if (rename(prev, bak) < 0)
			unlink(prev);
	}
out:
	free(vault);
	free(prev);
	free(bak);
	free(bak1);
	return e;
}

/* Writes the image that could not be saved beside the vault. */
static enum vault_err
write_conflict(struct vault *v, const uint8_t *buf, size_t len)
{
	char name[64];
	char *path;
	int rc;

	snprintf(name, sizeof(name), VAULT_FILE ".conflict-%lld",
	         (long long)time(NULL));
	path = path_join(v->dir, name);
	rc = atomic_write(path, buf, len, 0600);
	if (rc < 0) {
		enum vault_err e = io_error(errno, path);

		free(path);
		return e;
	}
	snprintf(last_path, sizeof(last_path), "%s", path);
	free(path);
	return VAULT_ERR_CHANGED;
}

enum vault_err
vault_save(struct vault *v)
{
	uint8_t *buf = NULL, disk_id[16];
	uint64_t disk_gen = 0;
	size_t len;
	enum vault_err e;

	if (!v->db || !v->dek)
		return VAULT_ERR_LOCKED;
	if (!v->dir || !v->lock)
		return VAULT_ERR_LOCKED;
	e = seal(v, v->generation + 1, &buf, &len);
	if (e != VAULT_OK)
		return e;
	if (!v->fresh) {
		e = disk_generation(v->path, disk_id, &disk_gen);
		if (e == VAULT_OK && (memcmp(disk_id, v->file_id, 16) != 0 ||
		                      disk_gen != v->generation))
			e = VAULT_ERR_CHANGED;
		if (e == VAULT_ERR_NOENT || e == VAULT_ERR_DAMAGED)
			e = VAULT_ERR_CHANGED;
		if (e == VAULT_ERR_CHANGED) {
			e = write_conflict(v, buf, len);
			goto out;
		}
		if (e != VAULT_OK)
			goto out;
	}
	e = install(v->dir, buf, len);
	if (e == VAULT_OK) {
		v->generation++;
		v->fresh = 0;
	}
out:
	free(buf);
	return e;
}

enum vault_err
vault_write_copy(struct vault *v, const char *path)
{
	uint8_t *buf;
	size_t len;
	enum vault_err e;

	if (!v->db || !v->dek)
		return VAULT_ERR_LOCKED;
	e = seal(v, v->generation, &buf, &len);
	if (e != VAULT_OK)
		return e;
	if (atomic_write(path, buf, len, 0600) < 0)
		e = io_error(errno, path);
	free(buf);
	return e;
}

/* ---- creating, restoring, wiping ---- */

enum vault_err
vault_create(const char *dir, const char *passphrase,
             const struct vault_kdf *kdf, char code[VAULT_CODE_LEN],
             struct vault **out)
{
	struct vault *v;
	enum vault_err e;

	*out = NULL;
	e = vault_global_init();
	if (e != VAULT_OK)
		return e;
	v = vault_new();
	e = vault_lock_dir(dir, &v->lock, NULL, NULL);
	if (e != VAULT_OK)
		goto fail;
	if (vault_exists(dir)) {
		e = VAULT_ERR_EXISTS;
		goto fail;
	}
	remove_leftovers(dir);
	v->dir = xstrdup(dir);
	v->path = path_join(dir, VAULT_FILE);
	v->fresh = 1;
	randombytes_buf(v->file_id, sizeof(v->file_id));
	v->dek = sodium_malloc(KEY_LEN);
	if (!v->dek) {
		e = VAULT_ERR_NOMEM;
		goto fail;
	}
	randombytes_buf(v->dek, KEY_LEN);
	e = vault_set_passphrase(v, passphrase, kdf);
	if (e == VAULT_OK)
		e = new_code_slot(v, kdf, code);
	if (e == VAULT_OK)
		e = db_load(&v->db, NULL, 0);
	if (e == VAULT_OK)
		e = schema_migrate(v->db);
	if (e != VAULT_OK)
		goto fail;
	v->schema_version = schema_latest();
	if (db_event(v, "vault.create", NULL) < 0) {
		e = VAULT_ERR_SQL;
		goto fail;
	}
	e = vault_save(v);
	if (e != VAULT_OK)
		goto fail;
	*out = v;
	return VAULT_OK;
fail:
	if (code)
		sodium_memzero(code, VAULT_CODE_LEN);
	vault_close(v);
	return e;
}

enum vault_err
vault_restore(const char *dir, const char *src, const char *passphrase,
              const char *code, long *holder_pid, long long *holder_since)
{
	struct vault_lock *lk = NULL;
	struct vault *v = NULL;
	char *path = NULL;
	uint8_t id[16];
	uint64_t gen;
	enum vault_err e;

	e = vault_global_init();
	if (e != VAULT_OK)
		return e;
	e = vault_lock_dir(dir, &lk, holder_pid, holder_since);
	if (e != VAULT_OK)
		return e;
	e = vault_open_file(src, &v);
	if (e == VAULT_OK)
		e = passphrase ? vault_unlock(v, passphrase)
		               : vault_unlock_code(v, code ? code : "");
	if (e != VAULT_OK)
		goto out;
	path = path_join(dir, VAULT_FILE);
	/* Keep generations increasing across the replacement. */
	if (disk_generation(path, id, &gen) == VAULT_OK && gen > v->generation)
		v->generation = gen;
	v->dir = xstrdup(dir);
	free(v->path);
	v->path = path;
	path = NULL;
	v->lock = lk;
	lk = NULL;
	v->fresh = 1;
	if (db_event(v, "vault.restore", NULL) < 0) {
		e = VAULT_ERR_SQL;
		goto out;
	}
	e = vault_save(v);
out:
	vault_close(v);
	vault_unlock_dir(lk);
	free(path);
	return e;
}

enum vault_err
vault_wipe(const char *dir, long *holder_pid, long long *holder_since)
{
	static const char *const names[] = {VAULT_FILE, VAULT_BAK, VAULT_BAK1,
	                                    VAULT_FILE ".prev"};
	struct vault_lock *lk;
	enum vault_err e = VAULT_OK;
	DIR *d;
	struct dirent *de;

	e = vault_lock_dir(dir, &lk, holder_pid, holder_since);
	if (e != VAULT_OK)
		return e;
	remove_leftovers(dir);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *p = path_join(dir, names[i]);

		if (unlink(p) < 0 && errno != ENOENT && e == VAULT_OK)
			e = io_error(errno, p);
		free(p);
	}
	d = opendir(dir);
	if (d) {
		while ((de = readdir(d)) != NULL)
			if (strncmp(de->d_name, VAULT_FILE ".conflict-", 15) ==
			    0)
				unlinkat(dirfd(d), de->d_name, 0);
		closedir(d);
	}
	if (e == VAULT_OK) {
		char *p = path_join(dir, VAULT_LOCK);

		unlink(p);
		free(p);
		fsync_dir(dir);
	}
	vault_unlock_dir(lk);
	return e;
}

/* ---- facts and closing ---- */

void
vault_get_info(const struct vault *v, struct vault_info *out)
{
	memset(out, 0, sizeof(*out));
	out->generation = v->generation;
	memcpy(out->file_id, v->file_id, 16);
	for (int i = 0; i < v->nslots; i++) {
		struct vault_kdf *k = v->slots[i].type == SLOT_PASSPHRASE
		                              ? &out->pass_kdf
		                              : &out->code_kdf;

		k->opslimit = v->slots[i].opslimit;
		k->memlimit = (uint64_t)v->slots[i].mem_kib * 1024;
	}
	out->file_size = v->file_len;
	out->schema_version = v->schema_version;
}

void
vault_close(struct vault *v)
{
	if (!v)
		return;
	if (v->db)
		sqlite3_close(v->db); /* the allocator wipes the image */
	if (v->dek)
		sodium_free(v->dek);
	vault_unlock_dir(v->lock);
	free(v->file);
	free(v->dir);
	free(v->path);
	sodium_memzero(v, sizeof(*v));
	free(v);
}
