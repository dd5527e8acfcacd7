/*
 * Prints the TUI's key table, from the same action table as the help
 * screen: as mdoc for the KEYS section of man/tend.1 (default), or as
 * "keymap<TAB>keys<TAB>action" lines with -t for tests.
 */
#include <stdio.h>
#include <string.h>

#include "ui/action.h"
#include "util/buf.h"

int
main(int argc, char **argv)
{
	struct buf keys = BUF_INIT;

	if (argc > 1 && strcmp(argv[1], "-t") == 0) {
		for (int m = 0; m < UI_MAP_COUNT; m++) {
			for (int a = 1; a < ACT_COUNT; a++) {
				if (!(ui_action_maps((enum ui_action)a) &
				      (1u << m)))
					continue;
				buf_reset(&keys);
				ui_action_keys(&keys, (enum ui_action)a);
				printf("%d\t%s\t%s\n", m, keys.data,
				       ui_action_name((enum ui_action)a));
			}
		}
		buf_free(&keys);
		return 0;
	}
	ui_keys_mdoc(stdout);
	return 0;
}
