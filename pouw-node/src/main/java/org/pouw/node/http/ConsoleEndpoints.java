package org.pouw.node.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import org.pouw.core.PouwException;

/**
 * {@code GET /} and {@code GET /console/{asset}}: the web console (docs/console.md). Registered only when
 * {@code console.enabled} is true; off, both paths fall to the node's 404 like any unknown route. The console is
 * plain static files that speak the public API and the event stream from the browser, so these routes read nothing
 * but the files.
 *
 * <p>Every answer carries a Content-Security-Policy that allows scripts, styles, images and connections from this
 * origin only, and no inline script: even a string from the API that slipped into the page as markup could not run.
 */
public final class ConsoleEndpoints implements Endpoints {
    /** The policy of every console answer; docs/console.md explains each part. */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final HeaderName POLICY_HEADER = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName NOSNIFF = HeaderNames.create("X-Content-Type-Options");
    private static final HeaderName REFERRER = HeaderNames.create("Referrer-Policy");

    private final ConsoleAssets assets;

    public ConsoleEndpoints() {
        this(new ConsoleAssets(ConsoleEndpoints.class.getClassLoader()));
    }

    ConsoleEndpoints(ConsoleAssets assets) {
        this.assets = assets;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/", call -> serve(call, "index.html"));
        routes.get("/console/{asset}", call -> serve(call, call.pathParam("asset")));
    }

    private void serve(ApiCall call, String name) {
        ConsoleAssets.Asset asset = assets.find(name)
                .orElseThrow(() -> PouwException.notFound("console file " + name));
        ServerResponse res = call.response();
        res.header(POLICY_HEADER, POLICY);
        res.header(NOSNIFF, "nosniff");
        res.header(REFERRER, "no-referrer");
        // Revalidated on every load (a 304 costs a round trip and no bytes), so a node upgrade never leaves a page
        // running yesterday's modules against today's API.
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.ETAG, asset.etag());
        boolean unchanged = call.request().headers().first(HeaderNames.IF_NONE_MATCH)
                .map(tags -> matches(tags, asset.etag())).orElse(false);
        if (unchanged) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType());
        res.send(asset.bytes());
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
