/*
 * The fingerprint word list and the mapping from bytes to words.  The list
 * is data/fingerprint-words.txt's, in the same order (tests check it).
 */
#include "core/fingerprint.h"

#include <ctype.h>
#include <string.h>

static const char *const words[256] = {
        "acorn",   "alpine",  "amber",    "anchor",   "apple",    "arrow",
        "atlas",   "autumn",  "avenue",   "axle",     "badge",    "bamboo",
        "banjo",   "barley",  "basket",   "beacon",   "bicycle",  "birch",
        "blanket", "bonnet",  "bridge",   "bubble",   "button",   "cabin",
        "cactus",  "camel",   "canyon",   "carpet",   "cedar",    "cherry",
        "chimney", "cider",   "clover",   "cobalt",   "comet",    "copper",
        "cotton",  "crayon",  "cricket",  "cupboard", "daisy",    "dancer",
        "delta",   "desert",  "diamond",  "dinner",   "dolphin",  "domino",
        "donkey",  "dragon",  "dune",     "eagle",    "easel",    "echo",
        "elbow",   "ember",   "emerald",  "engine",   "envelope", "equator",
        "fabric",  "falcon",  "feather",  "fennel",   "ferry",    "fiddle",
        "finch",   "flannel", "forest",   "fossil",   "fountain", "frog",
        "gadget",  "galaxy",  "garden",   "gazelle",  "gecko",    "ginger",
        "glacier", "glove",   "goblet",   "goose",    "gravel",   "guitar",
        "hammer",  "harbor",  "hazel",    "helmet",   "heron",    "hickory",
        "honey",   "horizon", "hotel",    "husky",    "iceberg",  "igloo",
        "index",   "inkwell", "insect",   "island",   "ivory",    "jacket",
        "jaguar",  "jasmine", "jelly",    "jetty",    "jigsaw",   "jockey",
        "journal", "juggler", "jungle",   "kayak",    "kernel",   "kettle",
        "kitten",  "kiwi",    "knot",     "koala",    "ladder",   "lagoon",
        "lamp",    "lantern", "lemon",    "lentil",   "library",  "lilac",
        "linen",   "lizard",  "llama",    "lobster",  "locket",   "lotus",
        "magnet",  "mango",   "maple",    "marble",   "meadow",   "melon",
        "meteor",  "mirror",  "mitten",   "moose",    "mosaic",   "muffin",
        "mustard", "napkin",  "nectar",   "needle",   "nickel",   "noodle",
        "nutmeg",  "oasis",   "oatmeal",  "ocean",    "olive",    "onion",
        "orbit",   "orchid",  "otter",    "oven",     "oyster",   "paddle",
        "panda",   "parrot",  "peach",    "pebble",   "penguin",  "pepper",
        "piano",   "pickle",  "pilot",    "planet",   "plum",     "pocket",
        "pony",    "potato",  "pulley",   "pumpkin",  "puzzle",   "quartz",
        "quilt",   "rabbit",  "radish",   "rainbow",  "raven",    "ribbon",
        "river",   "robin",   "rocket",   "ruby",     "rudder",   "saddle",
        "saffron", "salmon",  "sandal",   "satin",    "scarf",    "seagull",
        "shell",   "shovel",  "silver",   "sketch",   "snail",    "sparrow",
        "spinach", "spoon",   "statue",   "stove",    "sugar",    "summit",
        "sunset",  "swan",    "sweater",  "table",    "tango",    "teapot",
        "tennis",  "thimble", "ticket",   "tiger",    "timber",   "toast",
        "tomato",  "topaz",   "tractor",  "trumpet",  "tulip",    "tunnel",
        "turtle",  "tuxedo",  "umbrella", "unicorn",  "urchin",   "utensil",
        "valley",  "vanilla", "velvet",   "violin",   "volcano",  "voyage",
        "waffle",  "wagon",   "walnut",   "wheat",    "whistle",  "willow",
        "window",  "wizard",  "wombat",   "yacht",    "yarn",     "yogurt",
        "zebra",   "zigzag",  "zipper",   "zucchini",
};

const char *
fingerprint_word(unsigned i)
{
	return words[i & 0xff];
}

void
fingerprint_words(const uint8_t *id, struct buf *out)
{
	for (size_t i = 0; i < FINGERPRINT_WORDS; i++) {
		if (i)
			buf_addc(out, ' ');
		buf_adds(out, words[id[i]]);
	}
}

/* The word whose first three letters are w's (w has at least three). */
static int
lookup(const char *w, size_t len)
{
	char low[3];

	if (len < 3)
		return -1;
	for (size_t i = 0; i < 3; i++)
		low[i] = (char)tolower((unsigned char)w[i]);
	for (int i = 0; i < 256; i++)
		if (memcmp(words[i], low, 3) == 0)
			return i;
	return -1;
}

int
fingerprint_parse(const char *text, uint8_t *id, size_t max)
{
	size_t n = 0;
	const char *p = text;

	for (;;) {
		const char *start;
		int v;

		while (*p == ' ' || *p == '\t' || *p == '-' || *p == '\n')
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '-' && *p != '\n')
			p++;
		v = lookup(start, (size_t)(p - start));
		if (v < 0 || n == max)
			return -1;
		id[n++] = (uint8_t)v;
	}
	return (int)n;
}
