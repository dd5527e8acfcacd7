/*
 * Fuzz target for the plaintext reminder files, which anyone who can
 * write the state folder controls: any bytes, parsed as `schedule` and as
 * `remind.state`, must give a clean error or a value that formats back to
 * text which parses to the same value (a fixed point), and whatever
 * parses must be safe to decide on, to plan the next prompt from and to
 * export as a calendar whose lines keep RFC 5545's rules.  `make fuzz`
 * builds it with libFuzzer; with -DFUZZ_MAIN it reads files named on the
 * command line (to replay a crash without libFuzzer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/remind.h"
#include "app/remindics.h"
#include "core/sched.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_ics(const struct buf *b)
{
	size_t pos = 0;

	while (pos < b->len) {
		const char *crlf =
		        memmem(b->data + pos, b->len - pos, "\r\n", 2);

		if (!crlf || crlf - (b->data + pos) > 75)
			abort();
		pos = (size_t)(crlf - b->data) + 2;
	}
}

static void
exercise(const struct remind_schedule *s, const struct sched_state *st)
{
	struct sched_input in;
	enum sched_kind k;
	struct buf ics = BUF_INIT;
	time_t base = 1795370400; /* 2026-11-22 18:00 UTC */

	remind_schedule_input(s, &in);
	for (int i = 0; i < 4; i++) {
		time_t t = base + i * 7 * 3600;

		(void)sched_decide(&in, st, SCHED_CH_LOGIN, t, &k);
		(void)sched_decide(&in, st, SCHED_CH_NOTIFY, t, &k);
	}
	(void)sched_next(&in, st, SCHED_CH_NOTIFY, base, 8, &k);
	remind_ics(s, base, "Europe/London", &ics);
	check_ics(&ics);
	buf_free(&ics);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool tz_set;
	struct remind_schedule s, s2;
	struct sched_state st, st2;
	struct buf a = BUF_INIT, b = BUF_INIT;
	const char *text = (const char *)data;

	if (!tz_set) {
		setenv("TZ", "Europe/London", 1);
		tz_set = true;
	}
	sched_state_init(&st);
	if (remind_state_parse(text, size, &st, NULL, NULL) == 0) {
		remind_state_format(&st, &a);
		if (remind_state_parse(a.data, a.len, &st2, NULL, NULL) != 0)
			abort();
		remind_state_format(&st2, &b);
		if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
			abort();
		buf_reset(&a);
		buf_reset(&b);
	}
	if (remind_schedule_parse(text, size, &s, NULL, NULL) == 0) {
		remind_schedule_format(&s, &a);
		if (remind_schedule_parse(a.data, a.len, &s2, NULL, NULL) != 0)
			abort();
		remind_schedule_format(&s2, &b);
		if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
			abort();
		exercise(&s, &st);
	}
	buf_free(&a);
	buf_free(&b);
	return 0;
}

#ifdef FUZZ_MAIN
int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		struct buf b = BUF_INIT;
		char chunk[65536];
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&b, chunk, n);
		fclose(f);
		LLVMFuzzerTestOneInput((const uint8_t *)(b.data ? b.data : ""),
		                       b.len);
		buf_free(&b);
	}
	return 0;
}
#endif
