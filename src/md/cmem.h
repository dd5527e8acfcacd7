/*
 * libcmark's memory during one layout, internal to md/.
 */
#ifndef TEND_MD_CMEM_H
#define TEND_MD_CMEM_H

#include <cmark.h>

/* The allocator to give cmark_parser_new_with_mem().  Static. */
cmark_mem *cmem_allocator(void);

/* Frees everything allocated through it at once (the tree, the parser and
 * the iterator must not be used after). */
void cmem_release(void);

#endif
