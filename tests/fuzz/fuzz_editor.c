/*
 * libFuzzer target for the text editor (ui/editor): the input is read as a
 * key sequence (operations, typed and pasted text, raw bytes, width
 * changes, cursor jumps, scrolling); after every step the driver checks the
 * editor's invariants (valid UTF-8 without controls, the cursor on a
 * character boundary, the limit kept, the visual lines covering the text
 * exactly and fitting the width).  See tests/fuzz/editor_fuzz.h.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz/editor_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Fields hold a few thousand characters: longer inputs add time,
	 * not coverage. */
	if (size > 4096)
		return 0;
	edf_run(data, size);
	return 0;
}
