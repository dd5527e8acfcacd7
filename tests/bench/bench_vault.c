/*
 * Vault benchmark: unlock time at the calibrated and the interactive KDF
 * cost, and save latency with 100 KB, 1 MB and 20 MB of data, split into
 * the time spent in fsync of the new file and everything else (serialize,
 * encrypt, write, rename, rotate the backups).  Not a timed test: it
 * prints numbers.
 *
 *   bench_vault [DIR]     DIR: where to put the vault (default $TMPDIR)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/db.h"
#include "store/vault.h"
#include "util/atomic.h"
#include "util/xalloc.h"

#define RUNS 7

static double fsync_s;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Does the fsync itself and times it; the real fsync that follows then
 * finds nothing left to write. */
static int
timing_hook(char op, int fd, const void *p, size_t n)
{
	double t;

	if (op == 'w')
		return (int)write(fd, p, n);
	t = now();
	fsync(fd);
	fsync_s += now() - t;
	return 0;
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
	return v[n / 2];
}

static void
bench_unlock(const char *root, enum vault_kdf_level level, const char *name)
{
	char *dir = xasprintf("%s/unlock-%s", root, name);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	char code[VAULT_CODE_LEN];
	struct vault_kdf kdf;
	struct vault *v;
	double t[3];

	if (system(cmd) != 0 || vault_kdf_params(level, &kdf) != VAULT_OK ||
	    vault_create(dir, "bench passphrase", &kdf, code, &v) != VAULT_OK) {
		fprintf(stderr, "bench_vault: cannot create %s\n", dir);
		exit(1);
	}
	vault_close(v);
	for (int i = 0; i < 3; i++) {
		double t0 = now();

		if (vault_open(dir, &v, NULL, NULL) != VAULT_OK ||
		    vault_unlock(v, "bench passphrase") != VAULT_OK)
			exit(1);
		t[i] = now() - t0;
		vault_close(v);
	}
	printf("unlock, %-11s (%u passes, %3llu MiB): %7.1f ms\n", name,
	       kdf.opslimit, (unsigned long long)(kdf.memlimit >> 20),
	       median(t, 3) * 1e3);
	if (system(cmd) != 0)
		exit(1);
	free(cmd);
	free(dir);
}

/* Adds answers until the database image is at least bytes long. */
static void
grow(struct vault *v, int64_t bytes, int64_t *row)
{
	char text[1001];
	int64_t pages = 0, size = 0;

	for (;;) {
		db_int(v, &pages, "PRAGMA page_count", NULL);
		db_int(v, &size, "PRAGMA page_size", NULL);
		if (pages * size >= bytes)
			break;
		db_begin(v);
		for (int i = 0; i < 100; i++) {
			char id[32];

			for (size_t k = 0; k < sizeof(text) - 1; k++)
				text[k] = (char)('a' + rand() % 26);
			text[sizeof(text) - 1] = '\0';
			snprintf(id, sizeof(id), "p%lld", (long long)++*row);
			db_exec(v,
			        "INSERT INTO prompt_answers VALUES"
			        "('c', 'l', ?, ?, 0, 0)",
			        "tt", id, text);
		}
		db_commit(v);
	}
}

static void
bench_save(const char *root)
{
	static const int64_t sizes[] = {100 * 1000, 1000 * 1000,
	                                20 * 1000 * 1000};
	static const char *const names[] = {"100 KB", "1 MB", "20 MB"};
	char *dir = xasprintf("%s/save", root);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	char code[VAULT_CODE_LEN];
	struct vault_kdf kdf;
	struct vault *v;
	int64_t row = 0;

	if (system(cmd) != 0 || vault_kdf_params(VAULT_KDF_TEST, &kdf) ||
	    vault_create(dir, "pw", &kdf, code, &v) != VAULT_OK)
		exit(1);
	atomic_set_fault_hook(timing_hook);
	for (size_t s = 0; s < 3; s++) {
		double total[RUNS], rest[RUNS], fs[RUNS];

		grow(v, sizes[s], &row);
		for (int i = 0; i < RUNS; i++) {
			double t0;

			db_event(v, "bench", NULL); /* a change to save */
			fsync_s = 0;
			t0 = now();
			if (vault_save(v) != VAULT_OK) {
				fprintf(stderr, "bench_vault: save failed\n");
				exit(1);
			}
			total[i] = now() - t0;
			fs[i] = fsync_s;
			rest[i] = total[i] - fsync_s;
		}
		printf("save %-6s: %7.1f ms total, %6.1f ms fsync of the file,"
		       " %6.1f ms the rest (median of %d)\n",
		       names[s], median(total, RUNS) * 1e3,
		       median(fs, RUNS) * 1e3, median(rest, RUNS) * 1e3, RUNS);
	}
	atomic_set_fault_hook(NULL);
	vault_close(v);
	if (system(cmd) != 0)
		exit(1);
	free(cmd);
	free(dir);
}

int
main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	char *root = xasprintf("%s/tend-bench.XXXXXX", argc > 1 ? argv[1]
	                                               : tmp    ? tmp
	                                                        : "/tmp");
	char *cmd;

	if (!mkdtemp(root)) {
		perror(root);
		return 1;
	}
	printf("vault benchmark in %s\n", root);
	bench_unlock(root, VAULT_KDF_CALIBRATED, "calibrated");
	bench_unlock(root, VAULT_KDF_INTERACTIVE, "interactive");
	bench_save(root);
	cmd = xasprintf("rm -rf '%s'", root);
	if (system(cmd) != 0)
		return 1;
	free(cmd);
	free(root);
	return 0;
}
