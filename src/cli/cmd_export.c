/*
 * tend export: write what the person made as md, html, csv, json or FHIR,
 * to stdout or a file, optionally sealed to a clinic's public key so that
 * only the clinic can read it.  Also makes and uses such keys:
 *
 *   tend export --format FMT [-o FILE] [--to PUBLIC-KEY-FILE]
 *   tend export --keygen SECRET-KEY-FILE     (public key on stdout)
 *   tend export --open SECRET-KEY-FILE SEALED-FILE
 *
 * A key file holds one key as 64 hex digits on one line.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/export.h"
#include "app/session.h"
#include "cli/cli.h"
#include "util/atomic.h"
#include "util/clock.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/secret.h"
#include "util/xalloc.h"

static void
usage(FILE *f)
{
	fputs(_("Usage: tend export --format md|html|csv|json|fhir [-o FILE]\n"
	        "                   [--to PUBLIC-KEY-FILE]\n"
	        "       tend export --keygen SECRET-KEY-FILE\n"
	        "       tend export --open SECRET-KEY-FILE SEALED-FILE\n"
	        "\n"
	        "Writes everything you made in tend: check-ins, worksheet\n"
	        "entries and answers in lessons.  Without -o it goes to the\n"
	        "screen.  An export is NOT encrypted unless you use --to, "
	        "which\n"
	        "seals it so that only the holder of the matching secret key\n"
	        "(for example your clinic) can open it.\n"),
	      f);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads a key file: 64 hex digits, surrounding blanks allowed. */
static int
read_key(const char *path, unsigned char key[EXPORT_KEY_BYTES])
{
	char *data;
	size_t len, i = 0, k = 0;
	int rc = -1;

	if (file_read(path, 4096, FILE_STREAM, &data, &len) < 0) {
		cli_error(_("cannot read the key file %s: %s"), path,
		          file_strerror(errno));
		return -1;
	}
	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	for (; k < EXPORT_KEY_BYTES && i + 1 < len; k++, i += 2) {
		int hi = hexval(data[i]), lo = hexval(data[i + 1]);

		if (hi < 0 || lo < 0)
			break;
		key[k] = (unsigned char)(hi << 4 | lo);
	}
	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	if (k == EXPORT_KEY_BYTES && i == len)
		rc = 0;
	else
		cli_error(_("%s is not a key file (it must hold 64 hex "
		            "digits)"),
		          path);
	secret_wipe(data, len);
	free(data);
	return rc;
}

static void
hex(struct buf *b, const unsigned char *k)
{
	for (size_t i = 0; i < EXPORT_KEY_BYTES; i++)
		buf_printf(b, "%02x", k[i]);
	buf_addc(b, '\n');
}

static int
keygen(const char *path)
{
	unsigned char pk[EXPORT_KEY_BYTES], sk[EXPORT_KEY_BYTES];
	struct buf b = BUF_INIT;
	int rc = EXIT_FAIL;

	if (path_exists(path)) {
		cli_error(_("%s exists; choose a new file name"), path);
		return EXIT_FAIL;
	}
	if (export_keypair(pk, sk) < 0) {
		cli_error(_("cannot make a key"));
		return EXIT_FAIL;
	}
	hex(&b, sk);
	if (atomic_write(path, b.data, b.len, 0600) < 0) {
		cli_error(_("cannot write %s: %s"), path, strerror(errno));
		goto out;
	}
	buf_wipe(&b);
	hex(&b, pk);
	fputs(b.data, stdout);
	fprintf(stderr,
	        _("tend: the secret key is in %s: keep it private.\n"
	          "Give the public key above (saved to a file) to the people\n"
	          "who will send you exports with --to.\n"),
	        path);
	rc = EXIT_OK;
out:
	secret_wipe(sk, sizeof(sk));
	buf_wipe(&b);
	return rc;
}

static int
open_sealed(const char *keyfile, const char *path)
{
	unsigned char sk[EXPORT_KEY_BYTES];
	struct buf out = BUF_INIT;
	char *data = NULL;
	size_t len;
	int rc = EXIT_FAIL;

	if (read_key(keyfile, sk) < 0)
		return EXIT_FAIL;
	if (file_read(path, (size_t)1 << 30, FILE_STREAM, &data, &len) < 0) {
		cli_error(_("cannot read %s: %s"), path, file_strerror(errno));
		goto out;
	}
	if (export_unseal(sk, data, len, &out) < 0) {
		cli_error(_("%s is not an export sealed to this key"), path);
		rc = EXIT_DATA;
		goto out;
	}
	fwrite(out.data, 1, out.len, stdout);
	rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
out:
	secret_wipe(sk, sizeof(sk));
	buf_wipe(&out);
	free(data);
	return rc;
}

static int
write_out(const char *path, const struct buf *b)
{
	if (!path) {
		fwrite(b->data, 1, b->len, stdout);
		if (fflush(stdout) != 0) {
			cli_error(_("cannot write the export: %s"),
			          strerror(errno));
			return EXIT_FAIL;
		}
		return EXIT_OK;
	}
	if (atomic_write(path, b->data, b->len, 0600) < 0) {
		cli_error(_("cannot write %s: %s"), path, strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/*
 * Streams the export into path the way atomic_write writes a file: a new
 * file (0600) in the same folder, synced, renamed over path; on any error
 * it is removed and path is untouched.
 */
static int
stream_to_file(struct session *s, enum export_format f, const char *path)
{
	char *tmp = xasprintf("%s.XXXXXX", path), *slash, *dir;
	int fd = mkstemp(tmp), rc, err;
	FILE *fp;

	if (fd < 0) {
		cli_error(_("cannot write %s: %s"), path, strerror(errno));
		free(tmp);
		return EXIT_FAIL;
	}
	fchmod(fd, 0600);
	fp = fdopen(fd, "w");
	if (!fp) {
		err = errno;
		close(fd);
		rc = -2;
	} else {
		rc = export_write(s, f, clock_now(), fp);
		err = errno;
		if (rc == 0 && fsync(fileno(fp)) != 0) {
			rc = -2;
			err = errno;
		}
		if (fclose(fp) != 0 && rc == 0) {
			rc = -2;
			err = errno;
		}
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = -2;
		err = errno;
	}
	if (rc != 0) {
		unlink(tmp);
		free(tmp);
		if (rc == -1) {
			cli_error(_("cannot read the vault for the export"));
			return EXIT_DATA;
		}
		cli_error(_("cannot write %s: %s"), path, strerror(err));
		return EXIT_FAIL;
	}
	/* The rename is durable once the folder is. */
	slash = strrchr(tmp, '/');
	dir = slash ? xstrndup(tmp, (size_t)(slash - tmp)) : xstrdup(".");
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
	free(tmp);
	return EXIT_OK;
}

int
cmd_export(int argc, char **argv, struct opts *opts)
{
	static const struct option longopts[] = {
	        {"format", required_argument, NULL, 'f'},
	        {"output", required_argument, NULL, 'o'},
	        {"to", required_argument, NULL, 't'},
	        {"keygen", required_argument, NULL, 'k'},
	        {"open", required_argument, NULL, 'O'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	const char *format = NULL, *output = NULL, *to = NULL;
	const char *keyfile = NULL, *openkey = NULL;
	unsigned char pk[EXPORT_KEY_BYTES];
	struct session *s = NULL;
	struct buf b = BUF_INIT, sealed = BUF_INIT;
	enum export_format f;
	char *msg = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "hf:o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 'k':
			keyfile = optarg;
			break;
		case 'O':
			openkey = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("export", _("bad option"));
		}
	}
	if (keyfile) {
		if (optind != argc || format || openkey)
			return cli_usage_error(
			        "export", _("--keygen takes only a file name"));
		return keygen(keyfile);
	}
	if (openkey) {
		if (optind + 1 != argc || format)
			return cli_usage_error(
			        "export",
			        _("--open needs a key file and a sealed file"));
		return open_sealed(openkey, argv[optind]);
	}
	if (optind != argc)
		return cli_usage_error("export", _("unexpected argument '%s'"),
		                       argv[optind]);
	if (!format)
		return cli_usage_error("export", _("--format is required"));
	if (export_format_parse(format, &f) < 0)
		return cli_usage_error("export",
		                       _("unknown format '%s' (md, html, csv, "
		                         "json or fhir)"),
		                       format);
	if (to && read_key(to, pk) < 0)
		return EXIT_FAIL;

	/* An export reads the vault through once: a chunk at a time. */
	opts->read_through = true;
	rc = session_open(opts, &s, &msg);
	if (rc != EXIT_OK) {
		cli_error("%s", msg ? msg : _("cannot open the vault"));
		free(msg);
		return rc;
	}
	cli_notices(s);
	if (to) {
		if (!output && isatty(STDOUT_FILENO)) {
			cli_error(_("a sealed export is binary: use -o FILE"));
			rc = EXIT_USAGE;
			goto out;
		}
		/* One sealed box: the whole plaintext first, in memory that
		 * is wiped. */
		rc = export_render(s, f, clock_now(), &b);
		if (rc != 0) {
			cli_error(_("cannot read the vault for the export"));
			rc = EXIT_DATA;
			goto out;
		}
		if (export_seal(pk, b.data, b.len, &sealed) < 0) {
			cli_error(_("cannot seal the export"));
			rc = EXIT_FAIL;
			goto out;
		}
		rc = write_out(output, &sealed);
	} else if (output) {
		rc = stream_to_file(s, f, output);
		if (rc == EXIT_OK)
			fprintf(stderr,
			        _("tend: %s is not encrypted: keep it "
			          "somewhere safe, and delete it when you no "
			          "longer need it.\n"),
			        output);
	} else {
		switch (export_write(s, f, clock_now(), stdout)) {
		case 0:
			rc = EXIT_OK;
			break;
		case -1:
			cli_error(_("cannot read the vault for the export"));
			rc = EXIT_DATA;
			break;
		default:
			cli_error(_("cannot write the export: %s"),
			          strerror(errno));
			rc = EXIT_FAIL;
			break;
		}
	}
out:
	buf_wipe(&b);
	buf_free(&sealed);
	session_close(s);
	return rc;
}
