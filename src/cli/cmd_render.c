/*
 * `tend render FILE [--width N]`: a lesson laid out as text on stdout, the
 * same display list the reader paints, for tests, screen readers and
 * printing.  The numbered link targets follow the text.  ANSI attributes
 * are added only when stdout is a terminal and --plain is not given; colour
 * only when colour is allowed too (--no-color, NO_COLOR).  The text itself
 * is already sanitised by md/, so nothing from the file reaches the
 * terminal as a control sequence.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/config.h"
#include "md/md.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/utf8.h"

#define RENDER_MAX_BYTES (64u << 20)

enum paint { PAINT_PLAIN, PAINT_MONO, PAINT_COLOR };

/* SGR parameters per kind: attributes, then the colour (if any). */
static const struct {
	const char *attr;
	const char *color;
} sgr[MD_KIND_COUNT] = {
        [MD_TEXT] = {"", ""},     [MD_H1] = {"1", ";35"},
        [MD_H2] = {"1", ";35"},   [MD_H3] = {"1", ""},
        [MD_CODE] = {"", ";36"},  [MD_CODEBLOCK] = {"", ";36"},
        [MD_QUOTE] = {"2", ""},   [MD_BULLET] = {"1", ""},
        [MD_LINK] = {"4", ";34"}, [MD_LINK_NUM] = {"2", ""},
        [MD_RULE] = {"2", ""},    [MD_IMAGE] = {"3", ""},
        [MD_HTML] = {"2", ""},    [MD_PLACEHOLDER] = {"7", ""},
        [MD_MARKER] = {"2", ""},
};

/* Appends the SGR sequence for style (after a reset) to out. */
static void
add_sgr(struct buf *out, unsigned style, enum paint paint)
{
	enum md_kind k = MD_SPAN_KIND(style);
	struct buf p = BUF_INIT;

	if (k < MD_KIND_COUNT && sgr[k].attr[0])
		buf_printf(&p, ";%s", sgr[k].attr);
	if (style & MD_STRONG)
		buf_adds(&p, ";1");
	if (style & MD_EMPH)
		buf_adds(&p, ";3");
	if (paint == PAINT_COLOR && k < MD_KIND_COUNT)
		buf_adds(&p, sgr[k].color);
	buf_printf(out, "\033[0%sm", p.data ? p.data : "");
	buf_free(&p);
}

static void
render_line(const struct md_doc *doc, size_t i, enum paint paint,
            struct buf *out)
{
	const struct md_line *ln = md_doc_line(doc, i);
	const struct md_span *sp = md_doc_spans(doc, ln);
	size_t col = 0;
	int cur = -1;

	if (paint == PAINT_PLAIN) {
		md_doc_line_text(doc, i, out);
		return;
	}
	for (uint32_t k = 0; k < ln->nspans; k++) {
		if (sp[k].col > col) {
			if (cur > 0) {
				buf_adds(out, "\033[0m");
				cur = 0;
			}
			buf_addrep(out, ' ', sp[k].col - col);
		}
		if ((int)sp[k].style != cur && (cur > 0 || sp[k].style != 0)) {
			add_sgr(out, sp[k].style, paint);
			cur = sp[k].style;
		}
		buf_add(out, md_span_text(doc, &sp[k]), sp[k].len);
		col = (size_t)sp[k].col + sp[k].cols;
	}
	if (cur > 0)
		buf_adds(out, "\033[0m");
}

static int
terminal_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static int
parse_width(const char *s, int *w)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno || v < MD_WIDTH_MIN ||
	    v > MD_WIDTH_MAX)
		return -1;
	*w = (int)v;
	return 0;
}

static void
help(void)
{
	printf(_(
	        "Usage: tend render FILE [--width N]\n"
	        "\n"
	        "Shows a lesson (Markdown) as text, laid out as in the "
	        "reader.\n"
	        "FILE may be - for standard input.\n"
	        "\n"
	        "  -w, --width N   wrap at N columns (default: the terminal's, "
	        "or 80)\n"
	        "  --plain         no styling even on a terminal\n"
	        "  -h, --help      show this help\n"));
}

/* Writes out and empties it; in ASCII mode (a locale that is not UTF-8)
 * the text too is shown in ASCII, as the glyphs already are, even into a
 * pipe: render is for reading. */
static void
emit(struct buf *out)
{
	struct buf a = BUF_INIT;

	if (utf8_is_ascii()) {
		utf8_to_ascii(&a, out->data ? out->data : "", out->len);
		fwrite(a.data ? a.data : "", 1, a.len, stdout);
	} else if (out->len) {
		fwrite(out->data, 1, out->len, stdout);
	}
	buf_free(&a);
	buf_reset(out);
}

int
cmd_render(int argc, char **argv, struct opts *opts)
{
	static const struct option longopts[] = {
	        {"width", required_argument, NULL, 'w'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct md_doc *doc = NULL;
	struct buf out = BUF_INIT;
	char *text = NULL;
	size_t len = 0, n;
	int width = 0, c, rc = EXIT_FAIL;
	enum paint paint = PAINT_PLAIN;
	const char *file;

	while ((c = getopt_long(argc, argv, "w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if (parse_width(optarg, &width) < 0)
				return cli_usage_error(
				        argv[0],
				        _("--width needs a number from %d to "
				          "%d, "
				          "not '%s'"),
				        MD_WIDTH_MIN, MD_WIDTH_MAX, optarg);
			break;
		case 'h':
			help();
			return EXIT_OK;
		default:
			return cli_usage_error(argv[0], _("unknown option"));
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(argv[0], optind >= argc
		                                        ? _("which file?")
		                                        : _("one file only"));
	file = argv[optind];
	/* The person names the file: a pipe or "-" is read to its end. */
	if (file_read(strcmp(file, "-") == 0 ? "/dev/stdin" : file,
	              RENDER_MAX_BYTES, FILE_STREAM, &text, &len) < 0) {
		cli_error(_("cannot read %s: %s"), file, file_strerror(errno));
		goto out;
	}
	if (width == 0) {
		/* The terminal's width, narrowed to the configured text
		 * measure (tend-config(5)) as in the reader. */
		struct app_config *cfg = app_config_load(NULL);
		const char *m = app_config_get(cfg, APP_CONFIG_MEASURE);

		width = terminal_width();
		if (m && atoi(m) > 0 && atoi(m) < width)
			width = atoi(m);
		app_config_free(cfg);
	}
	if (!opts->plain && isatty(STDOUT_FILENO))
		paint = opts->no_color ? PAINT_MONO : PAINT_COLOR;
	/* Bullets, bars and rules in ASCII when the locale cannot show more. */
	utf8_set_ascii(strcmp(nl_langinfo(CODESET), "UTF-8") != 0);
	doc = md_layout(text, len, width);
	n = md_doc_nlines(doc);
	for (size_t i = 0; i < n; i++) {
		render_line(doc, i, paint, &out);
		buf_addc(&out, '\n');
		if (out.len > 65536) {
			emit(&out);
		}
	}
	if (md_doc_nlinks(doc) > 0) {
		buf_addc(&out, '\n');
		md_doc_links_text(doc, &out);
	}
	emit(&out);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(_("cannot write the output: %s"), strerror(errno));
		goto out;
	}
	rc = EXIT_OK;
out:
	buf_free(&out);
	md_doc_free(doc);
	free(text);
	return rc;
}
