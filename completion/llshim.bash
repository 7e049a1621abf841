# SPDX-License-Identifier: MIT
# bash completion for llshim(1): verbs, each verb's options, policy files
# (*.conf first) for --policy and check, paths for --ro/--rox/--rw/--rwx,
# scopes, and commands for which and after run's "--".  Needs only bash's
# own compgen, not the bash-completion package.

# _llshim_compgen ARGS...: append what compgen ARGS prints, one per line.
_llshim_compgen() {
	local line
	while IFS= read -r line; do
		COMPREPLY+=("$line")
	done < <(compgen "$@")
}

# _llshim_policy_files CUR: *.conf files and directories; any file when
# no policy file matches.
_llshim_policy_files() {
	compopt -o filenames 2>/dev/null
	_llshim_compgen -f -X '!*.conf' -- "$1"
	_llshim_compgen -d -- "$1"
	if ((${#COMPREPLY[@]} == 0)); then
		_llshim_compgen -f -- "$1"
	fi
}

# _llshim_paths CUR: any file or directory.
_llshim_paths() {
	compopt -o filenames 2>/dev/null
	_llshim_compgen -f -- "$1"
}

# _llshim_commands CUR: commands, or files when CUR names a path.
_llshim_commands() {
	if [[ $1 == */* ]]; then
		_llshim_paths "$1"
	else
		_llshim_compgen -c -- "$1"
	fi
}

_llshim_run() {
	local cur=$1 prev=$2 start=$3 i
	local options="--policy --ro --rox --rw --rwx --connect --bind --scope
		--hard --log --help --"

	# After "--": the command, then its arguments.
	for ((i = start; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			if ((i == COMP_CWORD - 1)); then
				_llshim_commands "$cur"
			else
				_llshim_paths "$cur"
			fi
			return
		fi
	done
	case $prev in
	--policy)
		_llshim_policy_files "$cur"
		return
		;;
	--ro | --rox | --rw | --rwx)
		_llshim_paths "$cur"
		return
		;;
	--scope)
		_llshim_compgen -W "a s" -- "$cur"
		return
		;;
	--connect | --bind)
		return
		;;
	esac
	if [[ -z $cur || $cur == -* ]]; then
		_llshim_compgen -W "$options" -- "$cur"
	else
		_llshim_commands "$cur"
	fi
}

_llshim_check() {
	local cur=$1
	if [[ $cur == -* ]]; then
		_llshim_compgen -W "--json --help" -- "$cur"
	else
		_llshim_policy_files "$cur"
	fi
}

_llshim() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local verbs="run check which status help"
	local verb="" i

	COMPREPLY=()
	# --option=value: bash splits at '=' (COMP_WORDBREAKS).
	if [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi
	if [[ $cur == = ]]; then
		cur=""
	fi
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} != -* ]]; then
			verb=${COMP_WORDS[i]}
			break
		fi
	done
	case $verb in
	"")
		_llshim_compgen -W "$verbs --help --version" -- "$cur"
		;;
	run)
		_llshim_run "$cur" "$prev" $((i + 1))
		;;
	check)
		_llshim_check "$cur"
		;;
	which)
		if [[ $cur == -* ]]; then
			_llshim_compgen -W "--help" -- "$cur"
		elif ((COMP_CWORD == i + 1)); then
			_llshim_commands "$cur"
		fi
		;;
	status)
		_llshim_compgen -W "--help" -- "$cur"
		;;
	help)
		if ((COMP_CWORD == i + 1)); then
			_llshim_compgen -W "run check which status" -- "$cur"
		fi
		;;
	esac
	return 0
}

complete -F _llshim llshim
