#!/usr/bin/env bash
# Installs tiqu: the release binary to PREFIX/bin and the built-in rules (with the gazetteer) to
# PREFIX/share/tiqu/Rules, where the binary looks for them; the conformance exclusions go beside.
# PREFIX defaults to /usr/local as root, else ~/.local. Builds first when the binary is missing or
# older than the sources; TIQU_BINARY names a binary to install instead. Usage: scripts/install.sh [PREFIX]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then default=/usr/local; else default="$HOME/.local"; fi
prefix="${1:-$default}"

binary="${TIQU_BINARY:-.build/release/tiqu}"
if [ -z "${TIQU_BINARY:-}" ] && { [ ! -x "$binary" ] || [ -n "$(find Sources Package.swift -newer "$binary" -print -quit)" ]; }; then
  swift build -c release
fi

share="$prefix/share/tiqu"
mkdir -p "$prefix/bin" "$share/conformance"
install -m 755 "$binary" "$prefix/bin/tiqu"
rm -rf "$share/Rules.new"
cp -R Rules "$share/Rules.new"
rm -rf "$share/Rules"
mv "$share/Rules.new" "$share/Rules"
install -m 644 Tests/Conformance/exclusions.yaml "$share/conformance/exclusions.yaml"
echo "installed $("$prefix/bin/tiqu" --version) to $prefix/bin/tiqu, rules in $share/Rules" >&2
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "add $prefix/bin to PATH to run tiqu by name" >&2 ;; esac
