/*
 * The vault's part of `make bench` (tests/bench/bench_vault.sh drives it):
 * a generator of large vaults and the measurements that need the vault's
 * own code in process.  Not a timed test: it prints numbers.
 *
 *   bench_vault gen DIR N [PLAIN]   a vault of N thought records (about
 *                                   1.3 KB of text each), interactive KDF,
 *                                   passphrase BENCH_PASS; onboarded, so
 *                                   the full screen opens on the home
 *                                   screen.  PLAIN: also a plaintext
 *                                   SQLite copy of the same database (for
 *                                   sqlite3 -json, the export's peer)
 *   bench_vault save DIR RUNS       changes one field of a random entry
 *                                   and saves, RUNS times: "bytes ms" per
 *                                   save (bytes written, from
 *                                   /proc/self/io), then the medians
 *   bench_vault unlock DIR          opens and unlocks once: "ms"
 *   bench_vault argon DIR           Argon2id alone with the cost of the
 *                                   vault's passphrase slot: "ms"
 *   bench_vault kdf DIR LEVEL       re-wraps DIR's vault (a full write)
 *                                   under LEVEL: "least", the least
 *                                   Argon2id memory libsodium allows (an
 *                                   export's own memory is then what its
 *                                   peak RSS shows, not the key
 *                                   derivation's), or "calibrated", what
 *                                   tend init chooses on this machine
 *   bench_vault run CMD...          runs CMD (stdin from /dev/null unless
 *                                   BENCH_STDIN names a file; stdout to
 *                                   /dev/null): "wall_ms maxrss_kb status"
 */
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/db.h"
#include "store/progress.h"
#include "store/vault.h"
#include "util/atomic.h"
#include "util/xalloc.h"

#define BENCH_PASS "benchpassphrase1"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int
die(const char *what, enum vault_err e)
{
	fprintf(stderr, "bench_vault: %s: %s\n", what, vault_strerror(e));
	return 1;
}

/* ---- the generator ---- */

static const char *const words[] = {
        "the",      "bus",     "was",     "late",    "again",   "and",
        "I",        "thought", "they",    "would",   "notice",  "work",
        "meeting",  "friend",  "called",  "felt",    "tense",   "worried",
        "tired",    "kitchen", "phone",   "message", "maybe",   "never",
        "always",   "evening", "walked",  "home",    "slowly",  "rain",
        "coffee",   "sister",  "laughed", "quiet",   "room",    "report",
        "deadline", "shaking", "breath",  "sleep",   "morning", "window",
};

static unsigned long long rng = 88172645463325252ull;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* About len bytes of words, into buf (size > len). */
static void
text(char *buf, size_t len)
{
	size_t n = 0;

	while (n + 12 < len) {
		const char *w = words[rnd(sizeof(words) / sizeof(words[0]))];
		size_t l = strlen(w);

		memcpy(buf + n, w, l);
		n += l;
		buf[n++] = rnd(9) ? ' ' : '.';
	}
	buf[n] = '\0';
}

static int
put_field(struct vault *v, int64_t id, const char *field, int64_t row,
          const char *value)
{
	return db_exec(v,
	               "INSERT INTO entry_fields(entry_id, field, row, value) "
	               "VALUES(?, ?, ?, ?)",
	               "itit", id, field, row, value);
}

static int
cmd_gen(const char *dir, long n, const char *plain)
{
	static const struct {
		const char *field;
		size_t len;
	} fields[] = {{"situation", 300},
	              {"thoughts", 300},
	              {"hot-thought", 100},
	              {"evidence-for", 200},
	              {"evidence-against", 200},
	              {"balanced", 200},
	              {"traps", 120},
	              {"feelings-after", 80}};
	struct vault_kdf kdf;
	struct vault *v;
	char code[VAULT_CODE_LEN], buf[512];
	time_t t0 = 1795357800 - (time_t)n * 3600;
	enum vault_err e;

	e = vault_kdf_params(VAULT_KDF_INTERACTIVE, &kdf);
	if (e == VAULT_OK)
		e = vault_create(dir, BENCH_PASS, &kdf, code, &v);
	if (e != VAULT_OK)
		return die("create", e);
	if (db_begin(v) < 0 || progress_set_current_course(v, "steady") < 0 ||
	    progress_course_start(v, "steady", 1, t0) < 0 ||
	    progress_course_onboarded(v, "steady", t0))
		return die("course", VAULT_ERR_SQL);
	for (long i = 1; i <= n; i++) {
		int64_t at = (int64_t)t0 + i * 3600;

		if (db_exec(v,
		            "INSERT INTO entries(id, worksheet, created_at, "
		            "updated_at, completed_at) VALUES(?, "
		            "'thought-record', ?, ?, ?)",
		            "iiii", (int64_t)i, at, at, at) < 0)
			return die("insert", VAULT_ERR_SQL);
		snprintf(buf, sizeof(buf), "%lld", (long long)at);
		if (put_field(v, i, "when", 0, buf) < 0 ||
		    put_field(v, i, "feelings.name", 0, "worried") < 0 ||
		    put_field(v, i, "feelings.strength", 0, "70") < 0 ||
		    put_field(v, i, "belief-before", 0, "80") < 0 ||
		    put_field(v, i, "belief-after", 0, "40") < 0)
			return die("insert", VAULT_ERR_SQL);
		for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]);
		     f++) {
			text(buf, fields[f].len);
			if (put_field(v, i, fields[f].field, 0, buf) < 0)
				return die("insert", VAULT_ERR_SQL);
		}
	}
	if (db_commit(v) < 0)
		return die("commit", VAULT_ERR_SQL);
	/* A vault written whole, with an empty journal, as after a
	 * compaction. */
	e = vault_compact(v);
	if (e != VAULT_OK)
		return die("save", e);
	if (plain) {
		sqlite3_int64 sz = 0;
		unsigned char *img =
		        sqlite3_serialize(vault_sqlite(v), "main", &sz, 0);

		if (!img || atomic_write(plain, img, (size_t)sz, 0600) < 0)
			return die("plain copy", VAULT_ERR_IO);
		sqlite3_free(img);
	}
	vault_close(v);
	return 0;
}

/* ---- measurements in process ---- */

static struct vault *
open_vault(const char *dir)
{
	struct vault *v;
	enum vault_err e = vault_open(dir, &v, NULL, NULL);

	if (e == VAULT_OK)
		e = vault_unlock(v, BENCH_PASS);
	if (e != VAULT_OK) {
		die("open", e);
		exit(1);
	}
	return v;
}

/* Bytes this process has passed to write() so far (/proc/self/io). */
static long long
written(void)
{
	FILE *f = fopen("/proc/self/io", "r");
	char line[128];
	long long n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "wchar: %lld", &n) == 1)
			break;
	fclose(f);
	return n;
}

static int
cmd_save(const char *dir, int runs)
{
	struct vault *v = open_vault(dir);
	int64_t n = 0;
	double *ms = xcalloc((size_t)runs, sizeof(double));
	double *bytes = xcalloc((size_t)runs, sizeof(double));
	char buf[512];

	if (db_int(v, &n, "SELECT max(id) FROM entries", NULL) < 0 || n < 1)
		return die("entries", VAULT_ERR_SQL);
	for (int i = 0; i < runs; i++) {
		int64_t id = 1 + rnd((unsigned)n);
		long long w0;
		double t0;
		enum vault_err e;

		text(buf, 300);
		/* What leaving one field of an entry changes. */
		if (db_begin(v) < 0 ||
		    db_exec(v,
		            "UPDATE entry_fields SET value = ? WHERE entry_id "
		            "= ? AND field = 'situation'",
		            "ti", buf, id) < 0 ||
		    db_exec(v, "UPDATE entries SET updated_at = ? WHERE id = ?",
		            "ii", (int64_t)time(NULL), id) < 0 ||
		    db_commit(v) < 0)
			return die("update", VAULT_ERR_SQL);
		w0 = written();
		t0 = now_ms();
		e = vault_save(v);
		ms[i] = now_ms() - t0;
		bytes[i] = (double)(written() - w0);
		if (e != VAULT_OK)
			return die("save", e);
		printf("%.0f %.2f\n", bytes[i], ms[i]);
	}
	printf("median %.0f %.2f\n", median(bytes, runs), median(ms, runs));
	vault_close(v);
	free(ms);
	free(bytes);
	return 0;
}

static int
cmd_unlock(const char *dir)
{
	double t0 = now_ms();
	struct vault *v = open_vault(dir);

	printf("%.2f\n", now_ms() - t0);
	vault_close(v);
	return 0;
}

static int
cmd_argon(const char *dir)
{
	struct vault *v;
	struct vault_info info;
	unsigned char key[32], salt[16] = {0};
	double t0;
	enum vault_err e = vault_open(dir, &v, NULL, NULL);

	if (e != VAULT_OK)
		return die("open", e);
	vault_get_info(v, &info);
	vault_close(v);
	t0 = now_ms();
	if (crypto_pwhash(key, sizeof(key), BENCH_PASS, strlen(BENCH_PASS),
	                  salt, info.pass_kdf.opslimit,
	                  (size_t)info.pass_kdf.memlimit,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return die("argon2id", VAULT_ERR_NOMEM);
	printf("%.2f\n", now_ms() - t0);
	return 0;
}

static int
cmd_kdf(const char *dir, const char *level)
{
	struct vault *v = open_vault(dir);
	struct vault_kdf kdf;
	enum vault_err e = vault_kdf_params(strcmp(level, "least") == 0
	                                            ? VAULT_KDF_TEST
	                                            : VAULT_KDF_CALIBRATED,
	                                    &kdf);

	if (e == VAULT_OK)
		e = vault_set_passphrase(v, BENCH_PASS, &kdf);
	if (e == VAULT_OK)
		e = vault_save(v);
	vault_close(v);
	return e == VAULT_OK ? 0 : die("rewrap", e);
}

static int
cmd_run(char **argv)
{
	const char *in = getenv("BENCH_STDIN");
	double t0 = now_ms();
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		int fd = open(in ? in : "/dev/null", O_RDONLY);
		int out = open("/dev/null", O_WRONLY);

		dup2(fd, 0);
		dup2(out, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return 1;
	printf("%.2f %ld %d\n", now_ms() - t0, ru.ru_maxrss,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "gen") == 0)
		return cmd_gen(argv[2], atol(argv[3]),
		               argc > 4 ? argv[4] : NULL);
	if (argc == 4 && strcmp(argv[1], "save") == 0)
		return cmd_save(argv[2], atoi(argv[3]));
	if (argc == 3 && strcmp(argv[1], "unlock") == 0)
		return cmd_unlock(argv[2]);
	if (argc == 3 && strcmp(argv[1], "argon") == 0)
		return cmd_argon(argv[2]);
	if (argc == 4 && strcmp(argv[1], "kdf") == 0 &&
	    (strcmp(argv[3], "least") == 0 ||
	     strcmp(argv[3], "calibrated") == 0))
		return cmd_kdf(argv[2], argv[3]);
	if (argc >= 3 && strcmp(argv[1], "run") == 0)
		return cmd_run(argv + 2);
	fprintf(stderr,
	        "usage: bench_vault gen|save|unlock|argon|kdf|run ...\n");
	return 2;
}
