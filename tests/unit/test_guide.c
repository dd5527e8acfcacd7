/*
 * store/guide and core/fingerprint: key pairs from seeds, the public and
 * secret key files (tampering and a wrong passphrase refused), sealed and
 * signed messages (every flipped byte refused, a message for someone else
 * told apart from an altered one, a forged header refused), the helper's
 * own state box, and the fingerprint word list (the committed data file
 * and the compiled list agree; no two words share three letters).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/fingerprint.h"
#include "store/guide.h"
#include "util/buf.h"
#include "util/file.h"

static void
test_seed_keys(void **state)
{
	uint8_t seed[GUIDE_SEED_BYTES] = {1, 2, 3};
	struct guide_keys *a = guide_keys_from_seed(seed);
	struct guide_keys *b = guide_keys_from_seed(seed);
	struct guide_keys *c = guide_keys_new();
	uint8_t ida[GUIDE_ID_BYTES], idc[GUIDE_ID_BYTES];

	assert_non_null(a);
	assert_non_null(c);
	/* Same seed, same keys; the two halves differ from each other. */
	assert_true(guide_pub_equal(guide_keys_pub(a), guide_keys_pub(b)));
	assert_false(guide_pub_equal(guide_keys_pub(a), guide_keys_pub(c)));
	assert_memory_not_equal(guide_keys_pub(a)->sign, guide_keys_pub(a)->box,
	                        32);
	guide_pub_id(guide_keys_pub(a), ida);
	guide_pub_id(guide_keys_pub(c), idc);
	assert_memory_not_equal(ida, idc, sizeof(ida));
	guide_keys_free(a);
	guide_keys_free(b);
	guide_keys_free(c);
	guide_keys_free(NULL);
}

static void
test_pub_file(void **state)
{
	struct guide_keys *k = guide_keys_new();
	struct guide_pub p;
	struct buf b = BUF_INIT;
	char *fpline;

	guide_pub_encode(guide_keys_pub(k), &b);
	assert_int_equal(guide_pub_decode(b.data, b.len, &p), GUIDE_OK);
	assert_true(guide_pub_equal(&p, guide_keys_pub(k)));
	/* Comments and a CRLF file are fine. */
	{
		struct buf c = BUF_INIT;

		buf_adds(&c, "# from the clinic\r\n");
		for (size_t i = 0; i < b.len; i++) {
			if (b.data[i] == '\n')
				buf_addc(&c, '\r');
			buf_addc(&c, b.data[i]);
		}
		assert_int_equal(guide_pub_decode(c.data, c.len, &p), GUIDE_OK);
		buf_free(&c);
	}
	/* A fingerprint line that does not belong to the key. */
	fpline = strstr(b.data, "fingerprint: ") + 13;
	b.len = (size_t)(fpline - b.data);
	buf_adds(&b, "zebra zebra zebra zebra zebra zebra zebra zebra\n");
	assert_int_equal(guide_pub_decode(b.data, b.len, &p),
	                 GUIDE_ERR_DAMAGED);
	/* Not a key file at all. */
	assert_int_equal(guide_pub_decode("hello\n", 6, &p), GUIDE_ERR_FORMAT);
	assert_int_equal(guide_pub_decode("tend-helper-key 1\nzz\n", 21, &p),
	                 GUIDE_ERR_FORMAT);
	buf_free(&b);
	guide_keys_free(k);
}

static void
test_secret_file(void **state)
{
	struct guide_keys *k = guide_keys_new(), *back = NULL;
	struct vault_kdf kdf;
	struct guide_pub pub;
	struct buf b = BUF_INIT;
	char *hex, *last, saved;

	assert_int_equal(vault_kdf_params(VAULT_KDF_TEST, &kdf), VAULT_OK);
	assert_int_equal(guide_secret_encode(k, "right", &kdf, &b), GUIDE_OK);
	/* The public half is readable without the passphrase. */
	assert_int_equal(guide_secret_decode(b.data, b.len, NULL, &pub, &back),
	                 GUIDE_OK);
	assert_null(back);
	assert_true(guide_pub_equal(&pub, guide_keys_pub(k)));
	assert_int_equal(
	        guide_secret_decode(b.data, b.len, "wrong", NULL, &back),
	        GUIDE_ERR_AUTH);
	assert_null(back);
	assert_int_equal(
	        guide_secret_decode(b.data, b.len, "right", NULL, &back),
	        GUIDE_OK);
	assert_memory_equal(guide_keys_seed(back), guide_keys_seed(k),
	                    GUIDE_SEED_BYTES);
	guide_keys_free(back);
	/* The stored public half changed: the seed no longer matches it. */
	hex = b.data + strlen("tend-helper-secret 1\n");
	last = &b.data[b.len - 3];
	saved = *last;
	*last = saved == '0' ? '1' : '0';
	assert_int_equal(
	        guide_secret_decode(b.data, b.len, "right", NULL, &back),
	        GUIDE_ERR_DAMAGED);
	*last = saved;
	/* A wrapped byte changed: the passphrase no longer opens it. */
	hex[2 * 60] = hex[2 * 60] == '0' ? '1' : '0';
	assert_int_equal(
	        guide_secret_decode(b.data, b.len, "right", NULL, &back),
	        GUIDE_ERR_AUTH);
	/* A cost beyond the caps is refused before any work. */
	memcpy(hex + 2 * 18, "ffffffff", 8);
	assert_int_equal(
	        guide_secret_decode(b.data, b.len, "right", NULL, &back),
	        GUIDE_ERR_LIMITS);
	assert_int_equal(guide_secret_decode("tend-helper-secret 1\nab\n", 24,
	                                     "right", NULL, &back),
	                 GUIDE_ERR_FORMAT);
	buf_wipe(&b);
	guide_keys_free(k);
}

static void
test_message_roundtrip(void **state)
{
	struct guide_keys *alice = guide_keys_new(), *bob = guide_keys_new();
	struct guide_header h;
	struct buf msg = BUF_INIT, body = BUF_INIT;
	uint8_t bob_id[GUIDE_ID_BYTES];
	const char text[] = "{\"hello\":1}";

	assert_int_equal(guide_seal(alice, guide_keys_pub(bob), GUIDE_REPLY, 7,
	                            1790000000, text, strlen(text), &msg),
	                 GUIDE_OK);
	assert_true(guide_is_message(msg.data, msg.len));
	/* Nothing of the body or the keys is visible. */
	assert_null(memmem(msg.data, msg.len, "hello", 5));
	assert_null(memmem(msg.data, msg.len, guide_keys_pub(alice)->sign, 8));
	assert_int_equal(guide_open(bob, msg.data, msg.len, &h, &body),
	                 GUIDE_OK);
	assert_int_equal(h.kind, GUIDE_REPLY);
	assert_int_equal(h.seq, 7);
	assert_int_equal(h.created, 1790000000);
	assert_true(guide_pub_equal(&h.sender, guide_keys_pub(alice)));
	guide_pub_id(guide_keys_pub(bob), bob_id);
	assert_memory_equal(h.recipient, bob_id, sizeof(bob_id));
	assert_int_equal(body.len, strlen(text));
	assert_memory_equal(body.data, text, body.len);
	/* Alice cannot open what she sealed to Bob: not sealed to her. */
	buf_reset(&body);
	assert_int_equal(guide_open(alice, msg.data, msg.len, &h, &body),
	                 GUIDE_ERR_RECIPIENT);
	assert_int_equal(body.len, 0);
	buf_free(&msg);
	buf_free(&body);
	guide_keys_free(alice);
	guide_keys_free(bob);
}

/* Every single flipped byte is refused; past the recipient check it reads
 * as damage, never as a valid message. */
static void
test_message_every_byte(void **state)
{
	struct guide_keys *a = guide_keys_new(), *b = guide_keys_new();
	struct guide_header h;
	struct buf msg = BUF_INIT, body = BUF_INIT;
	const size_t magic = strlen("tend-message 1\n");

	assert_int_equal(guide_seal(a, guide_keys_pub(b), GUIDE_SUMMARY, 1, 5,
	                            "{}", 2, &msg),
	                 GUIDE_OK);
	for (size_t i = 0; i < msg.len; i++) {
		enum guide_err e;

		msg.data[i] ^= 0x40;
		buf_reset(&body);
		e = guide_open(b, msg.data, msg.len, &h, &body);
		if (i < magic)
			assert_int_equal(e, GUIDE_ERR_FORMAT);
		else if (i < magic + 16 + 32)
			assert_int_equal(e, GUIDE_ERR_RECIPIENT);
		else
			assert_int_equal(e, GUIDE_ERR_DAMAGED);
		assert_int_equal(body.len, 0);
		msg.data[i] ^= 0x40;
	}
	/* Truncated anywhere. */
	for (size_t n = 0; n < msg.len; n += 7)
		assert_int_not_equal(guide_open(b, msg.data, n, &h, &body),
		                     GUIDE_OK);
	assert_int_equal(guide_open(b, msg.data, msg.len, &h, &body), GUIDE_OK);
	buf_free(&msg);
	buf_free(&body);
	guide_keys_free(a);
	guide_keys_free(b);
}

static void
test_state_box(void **state)
{
	struct guide_keys *k = guide_keys_new(), *other = guide_keys_new();
	struct buf sealed = BUF_INIT, out = BUF_INIT;

	guide_box_seal(k, "caseload", 8, &sealed);
	assert_null(memmem(sealed.data, sealed.len, "caseload", 8));
	assert_int_equal(guide_box_open(k, sealed.data, sealed.len, &out),
	                 GUIDE_OK);
	assert_string_equal(out.data, "caseload");
	buf_reset(&out);
	assert_int_equal(guide_box_open(other, sealed.data, sealed.len, &out),
	                 GUIDE_ERR_DAMAGED);
	sealed.data[sealed.len - 1] ^= 1;
	assert_int_equal(guide_box_open(k, sealed.data, sealed.len, &out),
	                 GUIDE_ERR_DAMAGED);
	buf_free(&sealed);
	buf_free(&out);
	guide_keys_free(k);
	guide_keys_free(other);
}

static void
test_fingerprint_list(void **state)
{
	char *data, *line, *save = NULL;
	size_t len, n = 0;

	/* The committed list is the compiled one, word for word. */
	assert_int_equal(
	        file_read("data/fingerprint-words.txt", 65536, 0, &data, &len),
	        0);
	for (line = strtok_r(data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !line[0])
			continue;
		assert_true(n < 256);
		assert_string_equal(line, fingerprint_word((unsigned)n));
		n++;
	}
	assert_int_equal(n, 256);
	free(data);
	for (unsigned i = 0; i < 256; i++)
		for (unsigned k = i + 1; k < 256; k++)
			assert_memory_not_equal(fingerprint_word(i),
			                        fingerprint_word(k), 3);
}

static void
test_fingerprint_words(void **state)
{
	uint8_t id[FINGERPRINT_WORDS] = {0, 1, 2, 255, 128, 7, 9, 64};
	uint8_t back[FINGERPRINT_WORDS + 2];
	struct buf b = BUF_INIT;

	fingerprint_words(id, &b);
	assert_string_equal(b.data, "acorn alpine amber zucchini llama "
	                            "autumn axle ferry");
	assert_int_equal(fingerprint_parse(b.data, back, sizeof(back)),
	                 FINGERPRINT_WORDS);
	assert_memory_equal(back, id, FINGERPRINT_WORDS);
	/* Case, hyphens and three letters are enough; typos are not. */
	assert_int_equal(fingerprint_parse("ACO-alp amb", back, sizeof(back)),
	                 3);
	assert_int_equal(back[2], 2);
	assert_int_equal(fingerprint_parse("acorn xylophone", back, 8), -1);
	assert_int_equal(fingerprint_parse("ac", back, 8), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_seed_keys),
	        cmocka_unit_test(test_pub_file),
	        cmocka_unit_test(test_secret_file),
	        cmocka_unit_test(test_message_roundtrip),
	        cmocka_unit_test(test_message_every_byte),
	        cmocka_unit_test(test_state_box),
	        cmocka_unit_test(test_fingerprint_list),
	        cmocka_unit_test(test_fingerprint_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
