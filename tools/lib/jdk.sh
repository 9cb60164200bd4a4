# shellcheck shell=bash
# Source this file, then call `pick_jdk` to point JAVA_HOME (and PATH) at a JDK >= 21.
#
# Order: $JAVA_HOME if it is a JDK >= 21; else the newest JDK >= 21 under /usr/lib/jvm
# (then macOS' /Library/Java/JavaVirtualMachines and SDKMAN, if present); else the `java`
# on PATH if it is >= 21. Otherwise prints one error line to stderr and returns 1.
# The minimum can be raised with JDK_MIN_VERSION (default 21).

# Prints the feature version (8, 17, 21, 25, ...) of the JDK at $1, or returns 1.
_jdk_major() {
  local home="$1" line ver
  [[ -x "$home/bin/java" ]] || return 1
  line="$("$home/bin/java" -version 2>&1 | grep -m 1 ' version "')" || return 1
  ver="${line#*version \"}"
  ver="${ver%%\"*}"
  if [[ "$ver" == 1.* ]]; then # 1.8.0_412 -> 8
    ver="${ver#1.}"
  fi
  ver="${ver%%[!0-9]*}" # 17.0.15 -> 17, 21-ea -> 21, 25+36 -> 25
  [[ -n "$ver" ]] || return 1
  echo "$ver"
}

# Prints the full version string (e.g. 25.0.3) of the JDK at $1, for ordering same-major JDKs.
_jdk_full_version() {
  local line
  line="$("$1/bin/java" -version 2>&1 | grep -m 1 ' version "')" || return 1
  line="${line#*version \"}"
  echo "${line%%\"*}"
}

_jdk_use() {
  JAVA_HOME="$1"
  export JAVA_HOME
  case ":$PATH:" in
    *":$JAVA_HOME/bin:"*) ;;
    *) PATH="$JAVA_HOME/bin:$PATH" ;;
  esac
  export PATH
}

pick_jdk() {
  local min="${JDK_MIN_VERSION:-21}" found="" major home real best="" best_major=0 best_full="" full
  local -a candidates=()
  local seen="|" # resolved homes already looked at (no associative arrays: macOS has bash 3.2)

  if [[ -n "${JAVA_HOME:-}" ]]; then
    if major="$(_jdk_major "$JAVA_HOME")"; then
      if ((major >= min)) && [[ -x "$JAVA_HOME/bin/javac" ]]; then
        _jdk_use "$JAVA_HOME"
        return 0
      fi
      if [[ -x "$JAVA_HOME/bin/javac" ]]; then
        found+="JAVA_HOME=$JAVA_HOME ($major), "
      else
        found+="JAVA_HOME=$JAVA_HOME ($major, no javac), "
      fi
    else
      found+="JAVA_HOME=$JAVA_HOME (no bin/java), "
    fi
  fi

  local dir
  for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [[ -x "$dir/bin/java" ]] || continue
    candidates+=("$dir")
  done
  for home in ${candidates[@]+"${candidates[@]}"}; do
    real="$(cd "$home" && pwd -P)"
    [[ "$seen" != *"|$real|"* ]] || continue
    seen+="$real|"
    major="$(_jdk_major "$real")" || continue
    if [[ ! -x "$real/bin/javac" ]]; then
      found+="$real ($major, no javac), "
      continue
    fi
    found+="$real ($major), "
    ((major >= min)) || continue
    full="$(_jdk_full_version "$real")"
    if ((major > best_major)) ||
      { ((major == best_major)) && [[ "$(printf '%s\n%s\n' "$best_full" "$full" | sort -V | tail -n 1)" == "$full" ]]; }; then
      best="$home"
      best_major="$major"
      best_full="$full"
    fi
  done
  if [[ -n "$best" ]]; then
    if [[ -n "${JAVA_HOME:-}" ]]; then
      echo "note: ignoring JAVA_HOME=$JAVA_HOME (not a JDK >= $min); using $best" >&2
    fi
    _jdk_use "$best"
    return 0
  fi

  local java_on_path
  if java_on_path="$(command -v java 2>/dev/null)"; then
    home="$(dirname "$(dirname "$(readlink -f "$java_on_path" 2>/dev/null || echo "$java_on_path")")")"
    if [[ "$seen" != *"|$home|"* ]] && major="$(_jdk_major "$home")"; then
      if ((major >= min)) && [[ -x "$home/bin/javac" ]]; then
        _jdk_use "$home"
        return 0
      fi
      found+="java on PATH $java_on_path ($major), "
    fi
  fi

  found="${found%, }"
  echo "error: need a JDK >= $min (found: ${found:-none}); install Temurin/Corretto $min+ or set JAVA_HOME" >&2
  return 1
}
