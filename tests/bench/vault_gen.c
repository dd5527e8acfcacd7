/*
 * vault_gen: makes a large vault for benchmarks (and for any helper who
 * needs one): N thought-record entries of about 1.3 KB each, a check-in
 * (PHQ-9 and GAD-7 with every item) every tenth entry, a lesson answer
 * every hundredth, one event per entry.  The text is generated, never a
 * person's.  The vault opens with the passphrase read from standard input
 * (one line) and uses libsodium's interactive KDF cost.
 *
 *   vault_gen DIR N [IMAGE] < PASSPHRASE
 *
 * With IMAGE, the same database is also written there as a plain SQLite
 * file, so that a peer (sqlite3 -json) can read the same tables.  The
 * data is synthetic: that file is for measuring only.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/vault.h"
#include "util/atomic.h"

#define T0 1780000000

static const char *const words[] = {
        "the",  "morning", "meeting", "felt",   "tense",  "again",
        "I",    "thought", "that",    "nobody", "would",  "listen",
        "and",  "went",    "home",    "early",  "after",  "lunch",
        "with", "a",       "friend",  "walk",   "slowly", "rain",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

/* n bytes (about) of generated words, into out (cap > n). */
static void
text(char *out, size_t n, unsigned *seed)
{
	size_t len = 0;

	while (len + 12 < n) {
		const char *w = words[rand_r(seed) % NWORDS];
		size_t k = strlen(w);

		memcpy(out + len, w, k);
		len += k;
		out[len++] = ' ';
	}
	out[len ? len - 1 : 0] = '\0';
}

static int
entry(struct vault *v, long i, unsigned *seed)
{
	char situation[520], thoughts[420], hot[120], name[16];
	int64_t at = T0 + i * 600;
	int64_t id;

	text(situation, 500, seed);
	text(thoughts, 400, seed);
	text(hot, 100, seed);
	snprintf(name, sizeof(name), "%s", i % 2 ? "anxious" : "sad");
	if (db_exec(v,
	            "INSERT INTO entries(worksheet, created_at, updated_at,"
	            " completed_at) VALUES('thought-record', ?, ?, ?)",
	            "iii", at, at, at) < 0)
		return -1;
	id = db_last_id(v);
	if (db_exec(v,
	            "INSERT INTO entry_fields(entry_id, field, row, value)"
	            " VALUES(?1, 'situation', 0, ?2), (?1, 'thoughts', 0, ?3),"
	            " (?1, 'hot-thought', 0, ?4), (?1, 'feelings.1.name', 0, "
	            "?5),"
	            " (?1, 'feelings.1.strength', 0, '70'),"
	            " (?1, 'traps', 0, 'catastrophising,fortune-telling'),"
	            " (?1, 'belief-before', 0, '80')",
	            "ittt"
	            "t",
	            id, situation, thoughts, hot, name) < 0)
		return -1;
	return db_exec(
	        v,
	        "INSERT INTO events(at, kind, ref) VALUES(?, 'entry.done',"
	        " 'thought-record')",
	        "i", at);
}

static int
checkin(struct vault *v, long i, unsigned *seed, const char *inst, int items)
{
	int64_t at = T0 + i * 600 + 60, id;
	int total = 0;

	if (db_exec(v,
	            "INSERT INTO assessments(instrument, taken_at, total, band)"
	            " VALUES(?, ?, 0, 'mild')",
	            "ti", inst, at) < 0)
		return -1;
	id = db_last_id(v);
	for (int k = 1; k <= items; k++) {
		int val = rand_r(seed) % 3;
		char item[8];

		total += val;
		snprintf(item, sizeof(item), "%d", k);
		if (db_exec(v,
		            "INSERT INTO assessment_items(assessment_id, item,"
		            " value) VALUES(?, ?, ?)",
		            "itd", id, item, val) < 0)
			return -1;
	}
	return db_exec(v, "UPDATE assessments SET total = ? WHERE id = ?", "di",
	               total, id);
}

int
main(int argc, char **argv)
{
	char pass[256], code[VAULT_CODE_LEN];
	struct vault_kdf kdf;
	struct vault *v = NULL;
	unsigned seed = 4711;
	long n;

	if (argc < 3 || argc > 4 || !fgets(pass, sizeof(pass), stdin)) {
		fprintf(stderr,
		        "usage: vault_gen DIR N [IMAGE] < PASSPHRASE\n");
		return 2;
	}
	pass[strcspn(pass, "\n")] = '\0';
	n = strtol(argv[2], NULL, 10);
	if (vault_kdf_params(VAULT_KDF_INTERACTIVE, &kdf) != VAULT_OK ||
	    vault_create(argv[1], pass, &kdf, code, &v) != VAULT_OK) {
		fprintf(stderr, "vault_gen: cannot create a vault in %s\n",
		        argv[1]);
		return 1;
	}
	if (db_begin(v) < 0)
		return 1;
	for (long i = 0; i < n; i++) {
		if (entry(v, i, &seed) < 0 ||
		    (i % 10 == 0 && (checkin(v, i, &seed, "phq9", 9) < 0 ||
		                     checkin(v, i, &seed, "gad7", 7) < 0))) {
			fprintf(stderr, "vault_gen: %s\n", db_errmsg(v));
			return 1;
		}
		if (i % 100 == 0) {
			char answer[300], prompt[32];

			text(answer, 280, &seed);
			snprintf(prompt, sizeof(prompt), "p%ld", i / 100);
			if (db_exec(v,
			            "INSERT INTO prompt_answers(course, lesson,"
			            " prompt_id, text, created_at, updated_at)"
			            " VALUES('steady', 'welcome', ?, ?, ?, ?)",
			            "ttii", prompt, answer, (int64_t)T0 + i,
			            (int64_t)T0 + i) < 0)
				return 1;
		}
	}
	if (db_commit(v) < 0 || vault_save(v) != VAULT_OK) {
		fprintf(stderr, "vault_gen: cannot save\n");
		return 1;
	}
	if (argc == 4) {
		sqlite3_int64 size = 0;
		unsigned char *img =
		        sqlite3_serialize(vault_sqlite(v), "main", &size, 0);

		if (!img ||
		    atomic_write(argv[3], img, (size_t)size, 0600) < 0) {
			fprintf(stderr, "vault_gen: cannot write %s\n",
			        argv[3]);
			return 1;
		}
		sqlite3_free(img);
	}
	vault_close(v);
	return 0;
}
