# bash completion for tend(1): commands, options, instrument ids, formats.
# Installed as share/bash-completion/completions/tend; bash-completion loads
# it on first use.  Plain bash: source this file.  Instrument ids come from
# `tend assess --list` (the installed and the clinic's instruments).

_tend_words()
{
	local IFS=$' \t\n'
	COMPREPLY=($(compgen -W "$1" -- "$2"))
}

_tend_instruments()
{
	local tend=${COMP_WORDS[0]} id rest ids=
	while read -r id rest; do
		ids="$ids $id"
	done < <("$tend" assess --list 2>/dev/null)
	_tend_words "$ids" "$1"
}

_tend()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= sub= i w
	local commands="init passwd recover backup restore doctor merge wipe
		status assess export helper import remind render check-content"
	local globals="--data-dir --content --passphrase-fd --plain --no-color
		--help --version"

	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# The command, and for remind its subcommand; global options that take
	# a value skip it.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--data-dir | --content | --passphrase-fd) ((i++)) ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=$w
			elif [[ -z $sub ]]; then
				sub=$w
			fi
			;;
		esac
	done

	case $prev in
	--data-dir | --content)
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	--passphrase-fd | --width | -w | --answers | --region | --window | \
		--days | --quiet)
		return
		;;
	--kdf)
		_tend_words "interactive moderate sensitive" "$cur"
		return
		;;
	--plan)
		_tend_words "yes no" "$cur"
		return
		;;
	--format | -f)
		_tend_words "md html csv json fhir" "$cur"
		return
		;;
	--channels)
		_tend_words "login desktop login,desktop none" "$cur"
		return
		;;
	--wording)
		_tend_words "neutral discreet" "$cur"
		return
		;;
	--profile)
		_tend_words "personal shared" "$cur"
		return
		;;
	-o | --output | --to | --keygen | --open | --note-file | \
		--message-file)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	--key)
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	--share)
		_tend_words "lessons worksheets lessons,worksheets none" "$cur"
		return
		;;
	--day)
		_tend_words "mon tue wed thu fri sat sun none" "$cur"
		return
		;;
	--name)
		return
		;;
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			_tend_words "$globals" "$cur"
		else
			_tend_words "$commands" "$cur"
		fi
		return
	fi

	case $cmd in
	init | passwd)
		_tend_words "--kdf --help" "$cur"
		;;
	recover | doctor | wipe)
		_tend_words "--help" "$cur"
		;;
	merge)
		_tend_words "--keep-vault --help" "$cur"
		;;
	backup)
		_tend_words "-o --help" "$cur"
		;;
	restore)
		if [[ $cur == -* ]]; then
			_tend_words "--help" "$cur"
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		;;
	status)
		_tend_words "--json --help" "$cur"
		;;
	assess)
		if [[ $cur == -* ]]; then
			_tend_words "--answers --plan --paper --region --chart
				--table --list --continue --help" "$cur"
		else
			_tend_instruments "$cur"
		fi
		;;
	export)
		_tend_words "--format -o --to --keygen --open --help" "$cur"
		;;
	helper)
		case $sub in
		'')
			_tend_words "status link set unlink summary messages
				keygen inbox reply" "$cur"
			;;
		link | set)
			if [[ $cur == -* || $sub == set ]]; then
				_tend_words "--name --share --day --yes" "$cur"
			else
				COMPREPLY=($(compgen -f -- "$cur"))
			fi
			;;
		unlink) _tend_words "--yes" "$cur" ;;
		summary) _tend_words "-o --note-file" "$cur" ;;
		keygen) _tend_words "-o --kdf" "$cur" ;;
		inbox)
			if [[ $cur == -* ]]; then
				_tend_words "--json --plain --key" "$cur"
			else
				COMPREPLY=($(compgen -d -- "$cur"))
			fi
			;;
		reply) _tend_words "-o --message-file --key" "$cur" ;;
		esac
		;;
	import)
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	remind)
		case $sub in
		'')
			if [[ $cur == -* ]]; then
				_tend_words "--login --notify --help" "$cur"
			else
				_tend_words "status snooze pause resume off set
					install uninstall ics" "$cur"
			fi
			;;
		set)
			_tend_words "--window --days --quiet --channels
				--wording --profile" "$cur"
			;;
		install)
			_tend_words "login systemd cron" "$cur"
			;;
		uninstall)
			_tend_words "login systemd cron all" "$cur"
			;;
		ics)
			_tend_words "-o" "$cur"
			;;
		esac
		;;
	render)
		if [[ $cur == -* ]]; then
			_tend_words "--width --plain --help" "$cur"
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		;;
	check-content)
		if [[ $cur == -* ]]; then
			_tend_words "--strict --help" "$cur"
		else
			COMPREPLY=($(compgen -d -- "$cur"))
		fi
		;;
	esac
}

complete -F _tend tend
