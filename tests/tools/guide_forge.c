/*
 * guide_forge: makes a message that only an attacker would make, for the
 * refusal tests of guidance by file.
 *
 *   guide_forge KEYDIR SUMMARY OUT < PASSPHRASE
 *
 * Opens SUMMARY with the helper key in KEYDIR (to learn the person's
 * public keys, as anyone who once saw a summary could) and writes OUT: a
 * well-formed reply sealed to that person, numbered 1000, but signed by a
 * fresh key that is not the helper's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/guide.h"
#include "util/atomic.h"
#include "util/file.h"
#include "util/path.h"

int
main(int argc, char **argv)
{
	char pass[256], *key = NULL, *sum = NULL, *keyp;
	size_t klen, slen;
	struct guide_keys *helper = NULL, *forger = guide_keys_new();
	struct guide_header h;
	struct buf body = BUF_INIT, out = BUF_INIT;
	static const char text[] =
	        "{\"format\":\"tend-reply\",\"version\":1,"
	        "\"text\":\"Click this link to keep your account\"}";

	if (argc != 4 || !fgets(pass, sizeof(pass), stdin)) {
		fprintf(stderr, "usage: guide_forge KEYDIR SUMMARY OUT\n");
		return 2;
	}
	pass[strcspn(pass, "\n")] = '\0';
	keyp = path_join(argv[1], "helper.key");
	if (file_read(keyp, 65536, 0, &key, &klen) < 0 ||
	    file_read(argv[2], GUIDE_MAX_MESSAGE, 0, &sum, &slen) < 0 ||
	    guide_secret_decode(key, klen, pass, NULL, &helper) != GUIDE_OK ||
	    guide_open(helper, sum, slen, &h, &body) != GUIDE_OK) {
		fprintf(stderr, "guide_forge: cannot open the summary\n");
		return 1;
	}
	if (guide_seal(forger, &h.sender, GUIDE_REPLY, 1000, h.created, text,
	               strlen(text), &out) != GUIDE_OK ||
	    atomic_write(argv[3], out.data, out.len, 0600) < 0) {
		fprintf(stderr, "guide_forge: cannot write\n");
		return 1;
	}
	guide_keys_free(helper);
	guide_keys_free(forger);
	buf_free(&body);
	buf_free(&out);
	free(key);
	free(sum);
	free(keyp);
	return 0;
}
