#!/bin/sh
# tend remind install|uninstall login|systemd|cron: idempotent, marked
# blocks, removal gives the files back byte for byte; the login hook is
# silent in non-interactive shells (scp, sftp, rsync, `bash -lc true`) and
# says one line a day in an interactive login.  A fake HOME, and fake
# crontab and systemctl commands on PATH: never the real ones.
. "$(dirname "$0")/../lib.sh"

export HOME="$T_TMP/home" TZ=Europe/London
mkdir -p "$HOME"
unset XDG_DATA_HOME XDG_STATE_HOME XDG_CONFIG_HOME DBUS_SESSION_BUS_ADDRESS
unset ENV BASH_ENV
export TEND_SYSCONF_DIR="$T_TMP/etc"
UPDATE="$(dirname "$TEND")/tools/remind_update"
at() { TZ=Europe/London date -d "$1" +%s; }

# Fakes: crontab keeps its table in a file; systemctl logs its arguments.
mkdir -p "$T_TMP/bin"
CT="$T_TMP/crontab.txt"
cat >"$T_TMP/fake-crontab" <<EOF
#!/bin/sh
case "\$1" in
-l) [ -f "$CT" ] || { echo "no crontab for \$(id -un)" >&2; exit 1; }
    cat "$CT" ;;
-r) [ -f "$CT" ] || { echo "no crontab for \$(id -un)" >&2; exit 1; }
    rm -f "$CT" ;;
-) cat >"$CT" ;;
*) echo "fake crontab: unexpected \$*" >&2; exit 2 ;;
esac
EOF
cat >"$T_TMP/bin/systemctl" <<EOF
#!/bin/sh
echo "\$*" >>"$T_TMP/systemctl.log"
EOF
cp "$T_TMP/fake-crontab" "$T_TMP/bin/crontab"
chmod +x "$T_TMP/bin/crontab" "$T_TMP/bin/systemctl"
export PATH="$T_TMP/bin:$PATH"

# --- ~/.profile round trips ---------------------------------------------------
roundtrip() { # NAME: with $HOME/.profile as the test left it (or absent)
	if [ -e "$HOME/.profile" ]; then cp "$HOME/.profile" "$T_TMP/orig"; fi
	t_run 0 "$1: install login" tend remind install login
	t_has "$1: install says where" "$T_OUT" ".profile"
	cp "$HOME/.profile" "$T_TMP/once"
	t_run 0 "$1: install login again" tend remind install login
	t_has "$1: second install says so" "$T_OUT" "already installed"
	t_check "$1: installing twice changes nothing" cmp -s "$HOME/.profile" "$T_TMP/once"
	n=$(grep -c '^# >>> tend reminders >>>' "$HOME/.profile")
	t_check "$1: one block" test "$n" = 1
	t_run 0 "$1: uninstall login" tend remind uninstall login
	if [ -e "$T_TMP/orig" ]; then
		t_check "$1: byte for byte as before" cmp -s "$HOME/.profile" "$T_TMP/orig"
	else
		t_check "$1: the file tend created is gone" test ! -e "$HOME/.profile"
	fi
	rm -f "$T_TMP/orig"
	t_run 0 "$1: uninstall again is fine" tend remind uninstall login
	t_has "$1: ... and says it was not there" "$T_OUT" "not installed"
}
rm -f "$HOME/.profile"
roundtrip "no profile"
printf '# my profile\nexport EDITOR=vi\n' >"$HOME/.profile"
chmod 640 "$HOME/.profile"
roundtrip "ordinary profile"
t_check "the profile keeps its mode" test "$(stat -c %a "$HOME/.profile")" = 640
printf 'export A=1\n# no newline at the end' >"$HOME/.profile"
roundtrip "profile without a final newline"
printf '' >"$HOME/.profile"
roundtrip "empty profile"
printf 'a\n\n\n' >"$HOME/.profile"
roundtrip "profile ending in blank lines"
# Something the person adds after the block stays when it is removed.
printf 'export A=1\n' >"$HOME/.profile"
tend remind install login >/dev/null
printf 'export B=2\n' >>"$HOME/.profile"
tend remind uninstall login >/dev/null
t_check "lines added after the block stay" \
	test "$(cat "$HOME/.profile")" = "export A=1
export B=2"
# A begin marker without an end: refuse, touch nothing.
printf '# >>> tend reminders >>>\necho hi\n' >"$HOME/.profile"
cp "$HOME/.profile" "$T_TMP/broken"
t_run 1 "a broken block is refused" tend remind install login
t_check "... and the file is untouched" cmp -s "$HOME/.profile" "$T_TMP/broken"
# A symlinked profile (a dotfile manager) stays a symlink.
mkdir -p "$HOME/dotfiles"
printf 'export C=3\n' >"$HOME/dotfiles/profile"
rm -f "$HOME/.profile"
ln -s dotfiles/profile "$HOME/.profile"
tend remind install login >/dev/null
t_check "a symlinked profile stays a symlink" test -L "$HOME/.profile"
t_has "... and the block went to its target" "$(cat "$HOME/dotfiles/profile")" "tend reminders"
tend remind uninstall login >/dev/null
t_check "... and comes back byte for byte" test "$(cat "$HOME/dotfiles/profile")" = "export C=3"
rm -f "$HOME/.profile"
# bash reads ~/.bash_profile instead when it exists: the hook goes there.
printf '. ~/.profile\n' >"$HOME/.bash_profile"
tend remind install login >/dev/null
t_has "with a .bash_profile, the hook goes there" "$(cat "$HOME/.bash_profile")" "tend reminders"
tend remind uninstall login >/dev/null
t_check "... and is removed from there" test "$(cat "$HOME/.bash_profile")" = ". ~/.profile"
rm -f "$HOME/.bash_profile"

# --- the login hook in real shells ----------------------------------------------
DAY1=$(at "2026-11-23 18:30")
"$UPDATE" "$HOME/.local/share/tend" "$(at '2026-11-23 09:00')" daily
# remind_update takes a data folder: move the files to the XDG places.
mkdir -p "$HOME/.local/state/tend"
mv "$HOME/.local/share/tend/state/schedule" "$HOME/.local/state/tend/schedule"
printf 'export A=1\n' >"$HOME/.profile"
tend remind install login >/dev/null
t_has "the hook runs only in interactive shells" "$(cat "$HOME/.profile")" 'case $- in *i*)'
t_has "the hook checks for a terminal" "$(cat "$HOME/.profile")" '[ -t 1 ]'
out=$(TEND_NOW=$DAY1 bash -lc true 2>&1 | wc -c)
t_check "bash -lc true prints nothing" test "$out" = 0
out=$(TEND_NOW=$DAY1 script -qec "bash -lc true" /dev/null </dev/null | wc -c)
t_check "bash -lc true with a terminal (ssh host cmd) prints nothing" test "$out" = 0
out=$(TEND_NOW=$DAY1 sh -lc true 2>&1 | wc -c)
t_check "sh -lc true prints nothing" test "$out" = 0
t_check "nothing was recorded by non-interactive shells" test ! -e "$HOME/.local/state/tend/remind.state"
out=$(TEND_NOW=$DAY1 bash -lic exit 2>/dev/null </dev/null | wc -c)
t_check "an interactive login without a terminal prints nothing" test "$out" = 0
out=$(TEND_NOW=$DAY1 script -qec "bash -lic exit" /dev/null </dev/null | tr -d '\r')
t_has "an interactive login prints the line" "$out" "To pause: tend remind pause"
n=$(printf '%s\n' "$out" | grep -c "To pause")
t_check "... once" test "$n" = 1
out=$(TEND_NOW=$((DAY1 + 600)) script -qec "bash -lic exit" /dev/null </dev/null | tr -d '\r')
t_lacks "a second login the same day prints nothing" "$out" "To pause"
out=$(TEND_NOW=$((DAY1 + 86400)) script -qec "bash -lic exit" /dev/null </dev/null | tr -d '\r')
t_has "the next day's login prints it again" "$out" "To pause"
tend remind uninstall login >/dev/null
t_check "uninstalled: profile as before" test "$(cat "$HOME/.profile")" = "export A=1"

# --- cron -----------------------------------------------------------------------
printf '# m h dom mon dow command\n0 5 * * 1 tar -zcf /var/backups/home.tgz /home/\n' >"$CT"
cp "$CT" "$T_TMP/ct.orig"
crontab -l >"$T_TMP/ct.l.orig"
t_run 0 "install cron" tend remind install cron
t_has "cron: the line runs the desktop checker" "$(cat "$CT")" "remind --notify --quiet"
t_has "cron: every 30 minutes" "$(cat "$CT")" "*/30 * * * *"
t_has "cron: keeps the other lines" "$(cat "$CT")" "tar -zcf"
cp "$CT" "$T_TMP/ct.once"
t_run 0 "install cron again" tend remind install cron
t_check "cron: idempotent" cmp -s "$CT" "$T_TMP/ct.once"
t_run 0 "status sees the cron line" tend remind status
t_run 0 "uninstall cron" tend remind uninstall cron
crontab -l >"$T_TMP/ct.l.after"
t_check "cron: crontab -l byte for byte as before" cmp -s "$T_TMP/ct.l.after" "$T_TMP/ct.l.orig"
rm -f "$CT"
t_run 0 "install cron with no crontab" tend remind install cron
t_check "cron: a crontab now exists" test -f "$CT"
t_run 0 "uninstall cron" tend remind uninstall cron
t_check "cron: no crontab again, as before" test ! -e "$CT"
# A crontab that cannot be read is never overwritten.
cat >"$T_TMP/bin/crontab" <<EOF
#!/bin/sh
echo "crontab: permission denied" >&2
exit 1
EOF
t_run 1 "an unreadable crontab is left alone" tend remind install cron
t_has "... with a reason" "$T_ERR" "crontab -l failed"
mkdir -p "$T_TMP/nobin"
t_run 1 "no crontab command: a clear error" \
	env PATH="$T_TMP/nobin" "$TEND" remind install cron
t_has "... saying so" "$T_ERR" "crontab was not found"
cp "$T_TMP/fake-crontab" "$T_TMP/bin/crontab"

# --- systemd ------------------------------------------------------------------
export XDG_CONFIG_HOME="$T_TMP/config"
U="$XDG_CONFIG_HOME/systemd/user"
t_run 0 "install systemd" tend remind install systemd
t_check "systemd: a service unit" test -f "$U/tend-remind.service"
t_check "systemd: a timer unit" test -f "$U/tend-remind.timer"
t_has "systemd: the service runs the desktop checker" "$(cat "$U/tend-remind.service")" "remind --notify"
t_has "systemd: oneshot" "$(cat "$U/tend-remind.service")" "Type=oneshot"
t_has "systemd: persistent timer" "$(cat "$U/tend-remind.timer")" "Persistent=true"
t_has "systemd: enabled" "$(cat "$T_TMP/systemctl.log")" "--user enable --now tend-remind.timer"
cp "$U/tend-remind.service" "$T_TMP/svc"
t_run 0 "install systemd again" tend remind install systemd
t_has "systemd: second install says so" "$T_OUT" "already installed"
t_check "systemd: idempotent" cmp -s "$U/tend-remind.service" "$T_TMP/svc"
t_run 0 "uninstall systemd" tend remind uninstall systemd
t_check "systemd: units removed" test ! -e "$U/tend-remind.timer" -a ! -e "$U/tend-remind.service"
t_has "systemd: disabled" "$(cat "$T_TMP/systemctl.log")" "--user disable --now tend-remind.timer"
printf '[Unit]\nDescription=mine\n' >"$U/tend-remind.timer"
t_run 1 "a unit tend did not write is left alone" tend remind install systemd
t_check "... untouched" test "$(cat "$U/tend-remind.timer")" = "[Unit]
Description=mine"
t_run 1 "... and not removed" tend remind uninstall systemd
t_check "... still there" test -f "$U/tend-remind.timer"
rm -f "$U/tend-remind.timer"
# With --data-dir, the hooks carry it.
t_run 0 "install with --data-dir" tend --data-dir "$T_TMP/dd" remind install systemd
t_has "the unit passes --data-dir" "$(cat "$U/tend-remind.service")" "--data-dir '$T_TMP/dd'"
t_run 0 "uninstall all" tend remind uninstall all

t_done
