/*
 * A helper for the vault's shell tests: writes and reads answers through
 * the real session code, holds a vault open, and runs the crash loop that
 * kills a saving process with SIGKILL at random moments.
 *
 *   vault_tool init DIR PASS          create with the cheapest KDF; prints
 *                                     the recovery code
 *   vault_tool put DIR KEY VALUE      passphrase on stdin; saves an answer
 *   vault_tool get DIR KEY            passphrase on stdin; prints it
 *   vault_tool hold DIR               passphrase on stdin; prints "ready"
 *                                     and keeps the vault open until killed
 *   vault_tool fill DIR MIB           passphrase on stdin; adds MIB MiB
 *                                     of random settings values and writes
 *                                     the vault whole (a large vault)
 *   vault_tool compact DIR            passphrase on stdin; writes the
 *                                     vault whole (the backups rotate)
 *   vault_tool serve DIR              passphrase, then "put KEY VALUE"
 *                                     lines on stdin, each committed
 *   vault_tool crash DIR PASS N       kill -9 until N kills have landed
 *                                     in journal appends and compactions;
 *                                     checks every kill, counts where
 *                                     each landed
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/session.h"
#include "store/db.h"
#include "store/vault.h"

static int
die(const char *what, const char *msg)
{
	fprintf(stderr, "vault_tool: %s: %s\n", what, msg ? msg : "failed");
	return 1;
}

static int
open_session(const char *dir, struct session **s)
{
	/* The session keeps a pointer to its options: they outlive it. */
	static struct opts o = {NULL, NULL, 0, false, false, false};
	char *msg = NULL;
	int st;

	o.data_dir = dir;
	st = session_open(&o, s, &msg);

	if (st != EXIT_OK) {
		fprintf(stderr, "vault_tool: %s\n", msg ? msg : "open failed");
		free(msg);
	}
	return st;
}

static int
cmd_init(const char *dir, const char *pass)
{
	struct vault_kdf kdf;
	struct vault *v;
	char code[VAULT_CODE_LEN];
	enum vault_err e;

	e = vault_kdf_params(VAULT_KDF_TEST, &kdf);
	if (e == VAULT_OK)
		e = vault_create(dir, pass, &kdf, code, &v);
	if (e != VAULT_OK)
		return die("init", vault_strerror(e));
	vault_close(v);
	printf("%s\n", code);
	return 0;
}

static int
cmd_put(const char *dir, const char *key, const char *value)
{
	struct session *s;
	char *msg = NULL;
	int st = open_session(dir, &s);

	if (st != EXIT_OK)
		return st;
	if (db_exec(session_vault(s),
	            "INSERT INTO prompt_answers VALUES('c', 'l', ?, ?, 0, 0)"
	            " ON CONFLICT DO UPDATE SET text = excluded.text",
	            "tt", key, value) < 0) {
		session_close(s);
		return die("put", "insert failed");
	}
	st = session_save(s, &msg);
	if (st != EXIT_OK)
		fprintf(stderr, "vault_tool: %s\n", msg);
	free(msg);
	msg = session_take_notice(s);
	if (msg)
		fprintf(stderr, "vault_tool: %s\n", msg);
	free(msg);
	session_close(s);
	return st;
}

static int
cmd_get(const char *dir, const char *key)
{
	struct session *s;
	sqlite3_stmt *q;
	int st = open_session(dir, &s);

	if (st != EXIT_OK)
		return st;
	q = db_prepare(session_vault(s),
	               "SELECT text FROM prompt_answers WHERE prompt_id = ?",
	               "t", key);
	if (db_step(q) == 1)
		printf("%s\n", db_col_text(q, 0));
	else
		st = 1;
	db_finalize(q);
	session_close(s);
	return st;
}

static int
cmd_compact(const char *dir)
{
	struct session *s;
	enum vault_err e;
	int st = open_session(dir, &s);

	if (st != EXIT_OK)
		return st;
	e = vault_compact(session_vault(s));
	if (e != VAULT_OK)
		fprintf(stderr, "vault_tool: %s\n", vault_strerror(e));
	else if (vault_backups_given_up(session_vault(s)) > 0)
		fprintf(stderr, "vault_tool: %d backups given up\n",
		        vault_backups_given_up(session_vault(s)));
	session_close(s);
	return e == VAULT_OK ? 0 : 1;
}

static int
cmd_fill(const char *dir, int mib)
{
	struct session *s;
	enum vault_err e = VAULT_OK;
	int st = open_session(dir, &s);

	if (st != EXIT_OK)
		return st;
	for (int i = 0; i < mib && e == VAULT_OK; i++)
		if (db_exec(session_vault(s),
		            "INSERT INTO settings(key, value) VALUES("
		            "'test.fill.' || ?, randomblob(1048576))",
		            "d", i) < 0)
			e = VAULT_ERR_SQL;
	if (e == VAULT_OK)
		e = vault_compact(session_vault(s));
	if (e != VAULT_OK)
		fprintf(stderr, "vault_tool: %s\n", vault_strerror(e));
	session_close(s);
	return e == VAULT_OK ? 0 : 1;
}

static int
cmd_hold(const char *dir)
{
	struct session *s;
	int st = open_session(dir, &s);

	if (st != EXIT_OK)
		return st;
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

/*
 * Keeps the vault open like a running full screen and saves on request:
 * after the passphrase, each line "put KEY VALUE" on stdin records an
 * answer and commits it, printing "saved" or "not saved: MESSAGE"; at the
 * end of input the session closes (a save failing then is sealed into the
 * journal, as the full screen does).
 */
static int
cmd_serve(const char *dir)
{
	struct session *s;
	char line[512];
	int st = open_session(dir, &s);

	if (st != EXIT_OK)
		return st;
	printf("ready\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		char key[64], value[400], *msg = NULL;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "put %63s %399[^\n]", key, value) != 2)
			continue;
		if (db_exec(session_vault(s),
		            "INSERT INTO prompt_answers VALUES('c', 'l', ?, ?, "
		            "0, 0) ON CONFLICT DO UPDATE SET text = "
		            "excluded.text",
		            "tt", key, value) < 0) {
			printf("not saved: insert failed\n");
		} else if (session_commit(s, time(NULL), &msg) == EXIT_OK) {
			printf("saved\n");
		} else {
			printf("not saved: %s\n", msg ? msg : "?");
		}
		free(msg);
		fflush(stdout);
	}
	if (session_dirty(s)) {
		char *msg = NULL;

		session_keep_unsaved(s, &msg);
		printf("kept: %s\n", msg ? msg : "?");
		free(msg);
	}
	session_close(s);
	return 0;
}

/* What the child reports after each save: its counter and the vault's
 * generation then. */
struct report {
	int64_t next;
	uint64_t gen;
};

/*
 * Where the child is, on a page it shares with the parent: the parent
 * reads it after the kill to tell where the kill landed, and aims its
 * kills with the last duration of each phase.  A phase is set just before
 * the call it names and cleared just after it returns.
 */
enum phase { PH_BETWEEN, PH_OPEN, PH_APPEND, PH_COMPACT, NPHASES };

struct board {
	volatile sig_atomic_t phase;
	volatile long took_us[NPHASES]; /* the last run of each phase */
};

static long
since_us(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000000L +
	       (t1.tv_nsec - t0->tv_nsec) / 1000;
}

static void
enter(struct board *b, enum phase ph, struct timespec *t0)
{
	clock_gettime(CLOCK_MONOTONIC, t0);
	b->phase = ph;
}

static void
leave(struct board *b, enum phase ph, const struct timespec *t0)
{
	b->phase = PH_BETWEEN;
	b->took_us[ph] = since_us(t0);
}

/* The child of one crash round: saves forever, reporting each save, and
 * writes the whole image every fifth save (a compaction), so that kills
 * land in journal appends and in compactions alike. */
static void
crash_child(const char *dir, const char *pass, int fd, struct board *b)
{
	struct vault *v;
	struct vault_info info;
	struct timespec t0;
	char filler[200];
	int64_t next = 0;

	memset(filler, 'x', sizeof(filler) - 1);
	filler[sizeof(filler) - 1] = '\0';
	enter(b, PH_OPEN, &t0);
	if (vault_open(dir, &v, NULL, NULL) != VAULT_OK ||
	    vault_unlock(v, pass) != VAULT_OK)
		_exit(2);
	leave(b, PH_OPEN, &t0);
	if (db_int(v, &next,
	           "SELECT coalesce(max(CAST(ref AS INTEGER)), 0) FROM events"
	           " WHERE kind = 'crash'",
	           NULL) < 0)
		_exit(3);
	for (;;) {
		char ref[32];
		struct report r;
		enum vault_err e;

		next++;
		snprintf(ref, sizeof(ref), "%lld", (long long)next);
		if (db_begin(v) < 0 || db_event(v, "crash", ref) < 0 ||
		    db_exec(v,
		            "INSERT INTO practice(done_at, note) VALUES(?, ?)",
		            "it", (int64_t)next, filler) < 0 ||
		    db_commit(v) < 0)
			_exit(4);
		enter(b, PH_APPEND, &t0);
		e = vault_save(v);
		leave(b, PH_APPEND, &t0);
		if (e != VAULT_OK)
			_exit(5);
		/* Only now is the change durable: tell the parent. */
		vault_get_info(v, &info);
		r.next = next;
		r.gen = info.generation;
		if (write(fd, &r, sizeof(r)) != sizeof(r))
			_exit(6);
		if (next % 5 == 0) {
			enter(b, PH_COMPACT, &t0);
			e = vault_compact(v);
			leave(b, PH_COMPACT, &t0);
			if (e != VAULT_OK)
				_exit(7);
		}
	}
}

/*
 * Waits (up to two seconds) until the child enters phase ph, then for a
 * random part of that phase's last duration: the kill lands anywhere in
 * it, or just after it when it ran shorter this time.
 */
static void
aim(struct board *b, enum phase ph)
{
	long took;

	for (int i = 0; i < 40000 && b->phase != (sig_atomic_t)ph; i++)
		usleep(50);
	took = b->took_us[ph];
	if (took > 0)
		usleep((useconds_t)(rand() % took));
}

/* After a kill: the vault and both backups open, every save reported
 * (durable, at generation durable_gen) is there with no gap, at most one
 * more, and each save's two rows came together.  Sets *have to what the
 * vault holds and *torn when a torn last record was dropped. */
static int
check_round(const char *dir, const char *pass, int r, int64_t durable,
            uint64_t durable_gen, int64_t *have, int *torn)
{
	int64_t count = 0, rows = 0;
	struct vault *v;
	struct vault_info info;
	enum vault_err e;

	e = vault_open(dir, &v, NULL, NULL);
	/* A torn save at or below the last one reported would be a
	 * reported save cut off: refused. */
	if (e == VAULT_OK)
		vault_expect_generation(v, durable_gen);
	if (e == VAULT_OK)
		e = vault_unlock(v, pass);
	if (e != VAULT_OK) {
		fprintf(stderr, "round %d: the vault does not open: %s\n", r,
		        vault_strerror(e));
		return 1;
	}
	if (db_int(v, have,
	           "SELECT coalesce(max(CAST(ref AS INTEGER)), 0)"
	           " FROM events WHERE kind = 'crash'",
	           NULL) < 0 ||
	    db_int(v, &count,
	           "SELECT count(*) FROM events WHERE kind = 'crash'",
	           NULL) < 0 ||
	    db_int(v, &rows, "SELECT count(*) FROM practice", NULL) < 0) {
		vault_close(v);
		return die("query", "failed");
	}
	vault_get_info(v, &info);
	*torn = info.torn > 0;
	vault_close(v);
	/* The backups are whole vaults too, each opening alone. */
	for (int b = 0; b < 2; b++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dir,
		         b ? VAULT_BAK1 : VAULT_BAK);
		if (access(path, F_OK) < 0)
			continue;
		e = vault_open_file(path, &v);
		if (e == VAULT_OK)
			e = vault_unlock(v, pass);
		vault_close(v);
		if (e != VAULT_OK) {
			fprintf(stderr, "round %d: %s: %s\n", r, path,
			        vault_strerror(e));
			return 1;
		}
	}
	/* Every reported save is there, with no gap; at most one more
	 * (saved, killed before it could report); its rows together. */
	if (*have < durable || *have > durable + 1 || count != *have ||
	    rows != *have) {
		fprintf(stderr,
		        "round %d: reported %lld, vault has %lld (%lld events, "
		        "%lld practice rows)\n",
		        r, (long long)durable, (long long)*have,
		        (long long)count, (long long)rows);
		return 1;
	}
	return 0;
}

/*
 * Kills a saving child until kills of them have landed in a journal
 * append or a compaction (at most four rounds per kill wanted).  Rounds
 * take turns: one aimed at an append, one at a compaction, one at any
 * moment (a random delay from the start, which also lands in unlocks).
 * Each kill is checked (check_round).  Fails when fewer kills landed in
 * appends and compactions together than asked, or fewer than a quarter
 * of that in either.
 */
static int
cmd_crash(const char *dir, const char *pass, int kills)
{
	static const char *const names[NPHASES] = {
	        [PH_BETWEEN] = "between saves",
	        [PH_OPEN] = "in an unlock",
	        [PH_APPEND] = "during a journal append",
	        [PH_COMPACT] = "during a compaction",
	};
	int64_t durable = 0, saves = 0;
	uint64_t durable_gen = 0;
	int torn = 0, landed[NPHASES] = {0}, r;
	struct board *b;
	struct timespec t0;

	if (kills < 1)
		return die("crash", "the number of kills must be positive");
	b = mmap(NULL, sizeof(*b), PROT_READ | PROT_WRITE,
	         MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		return die("mmap", strerror(errno));
	memset((void *)b, 0, sizeof(*b));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	for (r = 0;
	     landed[PH_APPEND] + landed[PH_COMPACT] < kills && r < 4 * kills;
	     r++) {
		int p[2], status, t;
		pid_t pid;
		struct report got;
		int64_t have = 0;

		if (pipe(p) < 0)
			return die("pipe", strerror(errno));
		b->phase = PH_OPEN;
		pid = fork();
		if (pid < 0)
			return die("fork", strerror(errno));
		if (pid == 0) {
			close(p[0]);
			crash_child(dir, pass, p[1], b);
		}
		close(p[1]);
		if (r % 3 == 0)
			aim(b, PH_APPEND);
		else if (r % 3 == 1)
			aim(b, PH_COMPACT);
		else /* anywhere from before the first save on */
			usleep((useconds_t)(rand() % 40000));
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		if (!WIFSIGNALED(status)) {
			fprintf(stderr, "round %d: child exited %d\n", r,
			        WEXITSTATUS(status));
			return 1;
		}
		landed[b->phase]++;
		while (read(p[0], &got, sizeof(got)) == sizeof(got)) {
			durable = got.next;
			durable_gen = got.gen;
			saves++;
		}
		close(p[0]);
		if (check_round(dir, pass, r, durable, durable_gen, &have,
		                &t) != 0)
			return 1;
		torn += t;
		durable = have;
	}
	printf("%d kills in %.1f s, %lld saves reported, all present; %d "
	       "torn last records dropped, none reported\n",
	       r, (double)since_us(&t0) / 1e6, (long long)saves, torn);
	for (int ph = 0; ph < NPHASES; ph++)
		printf("%d kills %s\n", landed[ph], names[ph]);
	munmap((void *)b, sizeof(*b));
	if (landed[PH_APPEND] + landed[PH_COMPACT] < kills ||
	    landed[PH_APPEND] < kills / 4 || landed[PH_COMPACT] < kills / 4) {
		fprintf(stderr,
		        "vault_tool: %d kills during appends and %d during "
		        "compactions: %d were wanted (a quarter in each)\n",
		        landed[PH_APPEND], landed[PH_COMPACT], kills);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "init") == 0)
		return cmd_init(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "put") == 0)
		return cmd_put(argv[2], argv[3], argv[4]);
	if (argc == 4 && strcmp(argv[1], "get") == 0)
		return cmd_get(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "hold") == 0)
		return cmd_hold(argv[2]);
	if (argc == 4 && strcmp(argv[1], "fill") == 0)
		return cmd_fill(argv[2], atoi(argv[3]));
	if (argc == 3 && strcmp(argv[1], "compact") == 0)
		return cmd_compact(argv[2]);
	if (argc == 3 && strcmp(argv[1], "serve") == 0)
		return cmd_serve(argv[2]);
	if (argc == 5 && strcmp(argv[1], "crash") == 0)
		return cmd_crash(argv[2], argv[3], atoi(argv[4]));
	fprintf(stderr, "usage: vault_tool "
	                "init|put|get|hold|fill|compact|serve|crash ...\n");
	return 2;
}
