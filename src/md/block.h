/*
 * The interactive tend-* blocks in the layout, internal to md/: each
 * fenced block whose info string starts with "tend-" becomes an md_block
 * and a placeholder in the display list.
 */
#ifndef TEND_MD_BLOCK_H
#define TEND_MD_BLOCK_H

#include "md/layout.h"

/* Adds the block of code-block node (info: its fence's info string) to
 * the document and lays out its placeholder. */
void block_layout(struct lay *l, cmark_node *node, const char *info);

#endif
