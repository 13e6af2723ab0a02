# Sourced by ./pouw, ./run-tests and .ci/run: sets JAVA_HOME to a JDK >= 21.
# Looks at $JAVA_HOME, then the java on PATH, then the usual install folders; the newest suitable one wins among
# the folders, so a machine whose default java is older still builds with the newer JDK beside it.

pouw_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

pouw_find_jdk() {
    local candidate major best="" best_major=0
    local path_java=""
    if command -v javac >/dev/null 2>&1; then
        path_java="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    fi
    for candidate in "${JAVA_HOME:-}" "$path_java"; do
        if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ]; then
            major="$(pouw_java_major "$candidate")"
            if [ -n "$major" ] && [ "$major" -ge 21 ]; then
                echo "$candidate"
                return 0
            fi
        fi
    done
    for candidate in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
        if [ -x "$candidate/bin/javac" ]; then
            major="$(pouw_java_major "$candidate")"
            if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
                best="$candidate"
                best_major="$major"
            fi
        fi
    done
    if [ -n "$best" ]; then
        echo "$best"
        return 0
    fi
    return 1
}

if ! POUW_JDK="$(pouw_find_jdk)"; then
    echo "PoUW needs a JDK 21 or newer. Install one (for example Debian's openjdk-21-jdk) or set JAVA_HOME to it." >&2
    exit 1
fi
export JAVA_HOME="$POUW_JDK"

# Maven 3.9's Guice calls sun.misc.Unsafe, and JDK 24 and later print four WARNING lines about it before anything of
# ours (issue 29). The option that allows it quietly exists from JDK 23 on, and JDK 21 refuses options it does not
# know, so it goes into MAVEN_OPTS per version rather than into .mvn/jvm.config.
if [ "$(pouw_java_major "$JAVA_HOME")" -ge 23 ]; then
    case " ${MAVEN_OPTS:-} " in
        *" --sun-misc-unsafe-memory-access="*) ;;
        *) export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow${MAVEN_OPTS:+ $MAVEN_OPTS}" ;;
    esac
fi
