# Locales for the tests that need one: source after tests/lib.sh.
#
# t_locale NAME: true when setlocale(3) can use NAME (de_DE.UTF-8,
# de_DE.ISO-8859-1), generating it first with localedef(1) when it is
# missing and we are root (CI); false otherwise, and the caller skips
# with the reason.  localedef needs the locales package's sources
# (/usr/share/i18n), which DEB_PKGS lists.
t_locale() {
	tl_name=$1
	tl_has() {
		locale -a 2>/dev/null | sed 's/utf8/UTF-8/; s/iso88591/ISO-8859-1/' |
			grep -qx "$tl_name"
	}
	tl_has && return 0
	[ "$(id -u)" = 0 ] || return 1
	command -v localedef >/dev/null || return 1
	tl_in=${tl_name%%.*}
	tl_cs=${tl_name#*.}
	localedef -i "$tl_in" -f "$tl_cs" "$tl_name" >/dev/null 2>&1
	tl_has
}
