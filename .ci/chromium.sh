#!/usr/bin/env bash
# Installs Debian's Chromium, and CJK fonts so that screenshots show
# Chinese, for the web UI's browser tests when they are missing; running it
# again installs nothing (idempotent). Source it to export QUHUA_CHROMIUM,
# the browser's path, which the tests use:
#
#	source .ci/chromium.sh
#
# or run it (bash .ci/chromium.sh) to install and print the path. Without
# root or a package mirror it says why and leaves QUHUA_CHROMIUM unset: the
# browser tests then skip with a message.

_chromium_log() { echo "chromium.sh: $*" >&2; }

_chromium_find() {
	command -v chromium || command -v chromium-browser || true
}

_chromium_setup() {
	local need=()
	[ -n "$(_chromium_find)" ] || need+=(chromium)
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
	if [ ${#need[@]} -gt 0 ]; then
		if [ "$(id -u)" != 0 ]; then
			_chromium_log "need root to install ${need[*]}; browser tests will skip"
			return 1
		fi
		_chromium_log "installing ${need[*]} from Debian's packages"
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 ||
			{ _chromium_log "could not install ${need[*]}; browser tests will skip"; return 1; }
	fi
	local b
	b=$(_chromium_find)
	[ -n "$b" ] || { _chromium_log "no chromium found after install"; return 1; }
	_chromium_log "$("$b" --version 2>/dev/null || echo "$b")"
	export QUHUA_CHROMIUM="$b"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	# Run as a script: fail loudly, print the path.
	_chromium_setup || exit 1
	echo "$QUHUA_CHROMIUM"
else
	_chromium_setup || true
fi
