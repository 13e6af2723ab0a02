#!/usr/bin/env bash
# Builds the operator's archive pouw-<version>-linux-x64.tar.gz (run by `./mvnw -Pdist package`, from pouw-cli):
#   runtime/   a jlink'ed Java runtime: the modules jdeps finds, plus those it cannot see (below)
#   lib/       the pouw command's jar and every runtime dependency
#   bin/pouw   the launcher, which runs runtime/bin/java and nothing else
#   deploy/    the systemd units, Prometheus rules and Grafana dashboard
# Usage: make-dist.sh <pouw-cli target dir> <version> <JDK home> <repository root>
set -euo pipefail
target="$1" version="$2" jdk="$3" root="$4"
name="pouw-$version"
stage="$target/dist/$name"
rm -rf "$target/dist"
mkdir -p "$stage/lib" "$stage/bin" "$stage/deploy"
cp "$target/pouw-cli-$version.jar" "$stage/lib/"
cp "$target"/lib/*.jar "$stage/lib/"

# jdeps reads the bytecode; what it cannot see is reached by reflection or service loading at run time:
#   java.naming                  JNDI, which the PostgreSQL driver and logging look up
#   java.management, jdk.management   the jvm_* and process_* metrics (MXBeans, CPU and file-descriptor counts)
#   jdk.unsupported              sun.misc.Unsafe, used by Netty (gRPC) and the JSON libraries
#   jdk.crypto.ec                the EC provider: ECDSA certificates and ECDHE key shares in TLS
#   jdk.zipfs                    the zip file-system provider, found by service loading by code that opens a jar
#                                as a file system; small, so carried rather than risk a failure at run time
found="$("$jdk/bin/jdeps" --ignore-missing-deps --multi-release base --print-module-deps \
    --class-path "$stage/lib/*" "$stage/lib/pouw-cli-$version.jar")"
modules="$found,java.naming,java.management,jdk.management,jdk.unsupported,jdk.crypto.ec,jdk.zipfs"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
    --output "$stage/runtime"
echo "$modules" | tr ',' '\n' | sort -u > "$stage/runtime/MODULES"

install -m 0755 "$root/deploy/dist/pouw" "$stage/bin/pouw"
cp -r "$root/deploy/systemd" "$root/deploy/prometheus" "$root/deploy/grafana" "$stage/deploy/"
cp "$root/README.md" "$stage/"
tar -C "$target/dist" -czf "$target/$name-linux-x64.tar.gz" "$name"
echo "dist: $target/$name-linux-x64.tar.gz ($(du -h "$target/$name-linux-x64.tar.gz" | cut -f1))"
