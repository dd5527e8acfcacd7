/*
 * Keys -> named actions: the one table (tig's X-macro) that gives the
 * action enum, the keymaps, the help screen and the key table of tend(1).
 * A screen names the keymaps it uses (screen_ops.keymaps); the shell
 * resolves a key against those first, then against UI_MAP_GLOBAL, and hands
 * the screen the action.  To add an action: one X() line below (keep the
 * keymap's lines together; help and man page follow the order here).
 */
#ifndef TEND_UI_ACTION_H
#define TEND_UI_ACTION_H

#include <curses.h>
#include <stdio.h>

struct buf;

#define UI_CTRL(c) ((c)&0x1f)
#define UI_KEY_ESC 27

/* Keymaps: groups of actions, one heading each in the help screen. */
#define UI_KEYMAPS(M)                                                          \
	M(GLOBAL, N_("Everywhere"))                                            \
	M(SCROLL, N_("Moving through text"))                                   \
	M(READER, N_("Reading a lesson"))                                      \
	M(LIST, N_("Lists and menus"))                                         \
	M(DIALOG, N_("Questions"))                                             \
	M(FORM, N_("Writing an answer or a worksheet"))                        \
	M(SHEETS, N_("Worksheets"))                                            \
	M(REMIND, N_("Reminders"))                                             \
	M(CRISIS, N_("Crisis help"))                                           \
	M(GUIDE, N_("Your helper"))                                            \
	M(ENTRIES, N_("Your worksheet entries"))                               \
	M(CASELOAD, N_("A helper's caseload"))                                 \
	M(HOME, N_("The Today screen"))                                        \
	M(NOTES, N_("Your notes"))                                             \
	M(CHART, N_("Progress"))

#define UI_MAP_ENUM_(id, title) UI_MAPI_##id,
enum { UI_KEYMAPS(UI_MAP_ENUM_) UI_MAP_COUNT };
#undef UI_MAP_ENUM_
#define UI_MAP_BIT_(id, title) UI_MAP_##id = 1u << UI_MAPI_##id,
enum { UI_KEYMAPS(UI_MAP_BIT_) };
#undef UI_MAP_BIT_

/*
 * X(ID, KEYMAPS, "name", N_("help"), keys...): ID becomes ACT_ID; "name"
 * is the stable name (config files, tests); keys are curses codes or
 * characters, the first few shown in the help.
 */
#define UI_ACTIONS(X)                                                          \
	X(HELP, UI_MAP_GLOBAL, "help", N_("show the keys for this screen"),    \
	  '?', KEY_F(1))                                                       \
	X(CRISIS, UI_MAP_GLOBAL, "crisis",                                     \
	  N_("crisis contacts: help right now"), '!', KEY_F(2))                \
	X(BACK, UI_MAP_GLOBAL, "back", N_("close this screen, go back"), 'q',  \
	  UI_KEY_ESC)                                                          \
	X(QUIT, UI_MAP_GLOBAL, "quit", N_("leave tend"), 'Q')                  \
	X(REDRAW, UI_MAP_GLOBAL, "redraw", N_("repaint the whole screen"),     \
	  UI_CTRL('L'))                                                        \
	X(LINE_DOWN, UI_MAP_SCROLL, "line-down", N_("down one line"), 'j',     \
	  KEY_DOWN, UI_CTRL('N'), UI_CTRL('E'))                                \
	X(LINE_UP, UI_MAP_SCROLL, "line-up", N_("up one line"), 'k', KEY_UP,   \
	  UI_CTRL('P'), UI_CTRL('Y'))                                          \
	X(HALF_DOWN, UI_MAP_SCROLL, "half-down", N_("down half a page"), 'd',  \
	  UI_CTRL('D'))                                                        \
	X(HALF_UP, UI_MAP_SCROLL, "half-up", N_("up half a page"), 'u',        \
	  UI_CTRL('U'))                                                        \
	X(PAGE_DOWN, UI_MAP_SCROLL, "page-down", N_("down one page"), ' ',     \
	  KEY_NPAGE, 'f', UI_CTRL('F'))                                        \
	X(PAGE_UP, UI_MAP_SCROLL, "page-up", N_("up one page"), 'b',           \
	  KEY_PPAGE, UI_CTRL('B'))                                             \
	X(TOP, UI_MAP_SCROLL, "top", N_("go to the beginning"), 'g', KEY_HOME, \
	  '<')                                                                 \
	X(BOTTOM, UI_MAP_SCROLL, "bottom", N_("go to the end"), 'G', KEY_END,  \
	  '>')                                                                 \
	X(SEARCH, UI_MAP_READER | UI_MAP_NOTES, "search",                      \
	  N_("search for text"), '/')                                          \
	X(SEARCH_NEXT, UI_MAP_READER | UI_MAP_NOTES, "search-next",            \
	  N_("next match, further down"), 'n')                                 \
	X(SEARCH_PREV, UI_MAP_READER | UI_MAP_NOTES, "search-prev",            \
	  N_("previous match, further up"), 'N')                               \
	X(LINKS, UI_MAP_READER, "links", N_("list the links of this lesson"),  \
	  'l')                                                                 \
	X(POSITION, UI_MAP_READER, "position",                                 \
	  N_("say where you are in the lesson"), '%', '=')                     \
	X(NEXT_PART, UI_MAP_READER, "next-part",                               \
	  N_("go to the next exercise in the lesson"), '\t')                   \
	X(PREV_PART, UI_MAP_READER, "prev-part",                               \
	  N_("go to the previous exercise"), KEY_BTAB)                         \
	X(OPEN, UI_MAP_READER, "open", N_("open the exercise in view"), '\r',  \
	  '\n', KEY_ENTER, 'o')                                                \
	X(UP, UI_MAP_LIST, "up", N_("previous item"), 'k', KEY_UP,             \
	  UI_CTRL('P'))                                                        \
	X(DOWN, UI_MAP_LIST, "down", N_("next item"), 'j', KEY_DOWN,           \
	  UI_CTRL('N'))                                                        \
	X(FIRST, UI_MAP_LIST, "first", N_("first item"), 'g', KEY_HOME)        \
	X(LAST, UI_MAP_LIST, "last", N_("last item"), 'G', KEY_END)            \
	X(SELECT, UI_MAP_LIST | UI_MAP_DIALOG, "select",                       \
	  N_("choose the item or button"), '\r', '\n', KEY_ENTER)              \
	X(PICK, UI_MAP_LIST, "pick", N_("choose by number"), '1', '2', '3',    \
	  '4', '5', '6', '7', '8', '9', '0')                                   \
	X(YES, UI_MAP_DIALOG, "yes", N_("answer yes"), 'y', 'Y')               \
	X(NO, UI_MAP_DIALOG, "no", N_("answer no"), 'n')                       \
	X(LEFT, UI_MAP_DIALOG, "left", N_("previous button"), KEY_LEFT, 'h')   \
	X(RIGHT, UI_MAP_DIALOG, "right", N_("next button"), KEY_RIGHT, 'l',    \
	  '\t')                                                                \
	X(FIELD_NEXT, UI_MAP_FORM, "field-next",                               \
	  N_("next question (Down: next line of a long answer)"), '\t',        \
	  KEY_DOWN)                                                            \
	X(FIELD_PREV, UI_MAP_FORM, "field-prev", N_("previous question"),      \
	  KEY_BTAB, KEY_UP)                                                    \
	X(FIELD_ENTER, UI_MAP_FORM, "field-enter",                             \
	  N_("new line in a long answer; pick a choice; else next question"),  \
	  '\r', '\n', KEY_ENTER)                                               \
	X(FORM_DONE, UI_MAP_FORM, "form-done",                                 \
	  N_("close the worksheet (everything is already saved)"), UI_KEY_ESC, \
	  KEY_F(10))                                                           \
	X(EDIT_LEFT, UI_MAP_FORM, "char-left",                                 \
	  N_("back one character; a lower rating"), KEY_LEFT, UI_CTRL('B'))    \
	X(EDIT_RIGHT, UI_MAP_FORM, "char-right",                               \
	  N_("forward one character; a higher rating"), KEY_RIGHT,             \
	  UI_CTRL('F'))                                                        \
	X(EDIT_WORD_LEFT, UI_MAP_FORM, "word-left",                            \
	  N_("back one word (also Alt-b)"), KEY_SLEFT)                         \
	X(EDIT_WORD_RIGHT, UI_MAP_FORM, "word-right",                          \
	  N_("forward one word (also Alt-f)"), KEY_SRIGHT)                     \
	X(EDIT_HOME, UI_MAP_FORM, "line-start", N_("start of the line"),       \
	  UI_CTRL('A'), KEY_HOME)                                              \
	X(EDIT_END, UI_MAP_FORM, "line-end", N_("end of the line"),            \
	  UI_CTRL('E'), KEY_END)                                               \
	X(EDIT_BACKSPACE, UI_MAP_FORM, "backspace",                            \
	  N_("delete the character before the cursor"), KEY_BACKSPACE, 127,    \
	  UI_CTRL('H'))                                                        \
	X(EDIT_DELETE, UI_MAP_FORM, "delete",                                  \
	  N_("delete the character under the cursor"), UI_CTRL('D'), KEY_DC)   \
	X(EDIT_KILL_END, UI_MAP_FORM, "kill-line-end",                         \
	  N_("cut to the end of the line"), UI_CTRL('K'))                      \
	X(EDIT_KILL_START, UI_MAP_FORM, "kill-line-start",                     \
	  N_("cut to the start of the line"), UI_CTRL('U'))                    \
	X(EDIT_KILL_WORD, UI_MAP_FORM, "kill-word",                            \
	  N_("cut the word before the cursor (Alt-d: the word after)"),        \
	  UI_CTRL('W'))                                                        \
	X(EDIT_YANK, UI_MAP_FORM, "yank", N_("paste what was cut last"),       \
	  UI_CTRL('Y'))                                                        \
	X(ROW_DELETE, UI_MAP_FORM, "row-delete", N_("delete this row"),        \
	  KEY_F(8))                                                            \
	X(EDIT, UI_MAP_NOTES | UI_MAP_ENTRIES, "edit",                         \
	  N_("change what you wrote (Enter opens it to read)"), 'e')           \
	X(ENTRY_NEW, UI_MAP_SHEETS, "entry-new",                               \
	  N_("start a new worksheet entry"), 'n', 'a')                         \
	X(ENTRY_LIST, UI_MAP_SHEETS, "entries",                                \
	  N_("your worksheet entries: read, change, delete"), 'w', 'e')        \
	X(REMINDERS, UI_MAP_REMIND, "reminders",                               \
	  N_("reminder settings: when and how they come"), 'r')                \
	X(COUNTRY, UI_MAP_CRISIS, "country",                                   \
	  N_("choose your country: whose crisis lines are shown"), 'c')        \
	X(SAFETY_PLAN, UI_MAP_CRISIS, "safety-plan",                           \
	  N_("your safety plan: open it, or write one"), 'p')                  \
	X(MESSAGES, UI_MAP_GUIDE, "messages", N_("messages from your helper"), \
	  'm')                                                                 \
	X(HELPER, UI_MAP_GUIDE, "helper",                                      \
	  N_("your helper: link, what is shared, a summary now"), 'h')         \
	X(ENTRY_DELETE, UI_MAP_ENTRIES, "entry-delete",                        \
	  N_("delete the entry (it can be restored for 30 days)"), 'd',        \
	  KEY_DC)                                                              \
	X(ENTRY_RESTORE, UI_MAP_ENTRIES, "entry-restore",                      \
	  N_("restore a deleted entry"), 'r', 'u')                             \
	X(ENTRY_BIN, UI_MAP_ENTRIES, "entry-bin",                              \
	  N_("show deleted entries, or go back to the list"), 'b')             \
	X(REPLY, UI_MAP_CASELOAD, "reply",                                     \
	  N_("write a reply to this person: signed and sealed to them"), 'r')  \
	X(NOTES, UI_MAP_HOME, "notes",                                         \
	  N_("my notes: everything you wrote, to read and search"), 'y')       \
	X(PROGRESS, UI_MAP_HOME, "progress",                                   \
	  N_("progress: a chart and a table of each check-in and your mood"),  \
	  's')                                                                 \
	X(CHECKIN, UI_MAP_HOME, "checkin", N_("take a check-in now"), 'i')     \
	X(MOOD, UI_MAP_HOME, "mood",                                           \
	  N_("how you feel: rate your mood today from 0 to 10 (never "         \
	     "required)"),                                                     \
	  'f')                                                                 \
	X(FILTER, UI_MAP_NOTES, "filter",                                      \
	  N_("show one type only: lesson answers, worksheets, plans, mood"),   \
	  't')                                                                 \
	X(TABLE, UI_MAP_CHART, "table",                                        \
	  N_("switch between the chart and the table"), 't')

#define UI_ACT_ENUM_(id, maps, name, help, ...) ACT_##id,
enum ui_action { ACT_NONE = 0, UI_ACTIONS(UI_ACT_ENUM_) ACT_COUNT };
#undef UI_ACT_ENUM_

/*
 * Footer hints: X(ID, N_("word")) is the one word the status line shows
 * after an action's key ("Enter open", "? help").  Screens name the
 * actions to hint (screen_ops.hints); the shell writes the footer from
 * this table and adds help and crisis contacts itself, so footers cannot
 * disagree about a key or repeat one.
 */
#define UI_HINTS(X)                                                            \
	X(HELP, N_("help"))                                                    \
	X(CRISIS, N_("crisis"))                                                \
	X(BACK, N_("back"))                                                    \
	X(SELECT, N_("go"))                                                    \
	X(OPEN, N_("open"))                                                    \
	X(NEXT_PART, N_("next exercise"))                                      \
	X(SEARCH, N_("search"))                                                \
	X(YES, N_("yes"))                                                      \
	X(NO, N_("no"))                                                        \
	X(FIELD_NEXT, N_("next"))                                              \
	X(FIELD_ENTER, N_("new line"))                                         \
	X(FORM_DONE, N_("done"))                                               \
	X(ENTRY_NEW, N_("new"))                                                \
	X(ENTRY_LIST, N_("entries"))                                           \
	X(ENTRY_DELETE, N_("delete"))                                          \
	X(ENTRY_BIN, N_("deleted"))                                            \
	X(ENTRY_RESTORE, N_("restore"))                                        \
	X(REMINDERS, N_("reminders"))                                          \
	X(NOTES, N_("notes"))                                                  \
	X(PROGRESS, N_("progress"))                                            \
	X(CHECKIN, N_("check-in"))                                             \
	X(MOOD, N_("mood"))                                                    \
	X(EDIT, N_("edit"))                                                    \
	X(FILTER, N_("filter"))                                                \
	X(TABLE, N_("table"))

/* The hint word of an action (translated), or NULL when it has none. */
const char *ui_action_hint(enum ui_action act);

/*
 * Appends the footer for a screen: "KEY word" for each action of acts
 * (ACT_NONE-terminated, may be NULL) that has a hint, then help and
 * crisis contacts, two spaces apart, each action once.  The key shown is
 * the action's first; on a screen that takes text (text true: printable
 * keys type) its first key that is not a character, so a text field says
 * "F1 help  F2 crisis".  When the whole footer is wider than maxcols the
 * screen's hints go first, from the last; help and crisis stay.
 */
void
ui_footer(struct buf *out, const enum ui_action *acts, bool text, int maxcols);

/* Stable name ("page-down") and translated help of an action. */
const char *ui_action_name(enum ui_action act);
const char *ui_action_help(enum ui_action act);
/* The keymap bits an action belongs to. */
unsigned ui_action_maps(enum ui_action act);

/*
 * The action bound to key (fn: a KEY_* code) in the keymaps `maps`, tried
 * in table order, or ACT_NONE.  The shell calls it with a screen's maps,
 * then with UI_MAP_GLOBAL.
 */
enum ui_action ui_action_for_key(unsigned maps, int code, bool fn);

/* True when key (fn: a KEY_* code) is one of act's keys. */
bool ui_action_has_key(enum ui_action act, int code, bool fn);

/* Appends the name a person knows a key by: "j", "Space", "PgDn",
 * "Ctrl-D", "Esc", "F1". */
void ui_key_name(struct buf *out, int code, bool fn);
/* Appends the name of the key a screen names for act: its first
 * ("y"), so a hint on a screen cannot disagree with the table. */
void ui_action_key(struct buf *out, enum ui_action act);
/* All the key names of an action, ", "-separated (duplicates such as the
 * several Enter codes shown once). */
void ui_action_keys(struct buf *out, enum ui_action act);

/* Keymap title (translated), for help headings; i < UI_MAP_COUNT. */
const char *ui_keymap_title(int i);

/* Writes the whole key table as mdoc (.Ss per keymap, .Bl -tag lists),
 * for the KEYS section of man/tend.1. */
void ui_keys_mdoc(FILE *out);

#endif
