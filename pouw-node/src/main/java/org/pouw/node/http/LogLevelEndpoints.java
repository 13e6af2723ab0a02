package org.pouw.node.http;

import java.util.List;
import org.pouw.node.logs.LogLevels;
import tools.jackson.databind.node.ObjectNode;

/**
 * Log levels changed while the node runs, for the node's admin key only (issue 25 §1; docs/api.md "Log levels"):
 * {@code POST /v1/admin/log-level {"logger","level"}} sets one logger's level, {@code GET} lists the levels set so
 * far. Each change is an admin action, so it is on the audit log.
 */
public final class LogLevelEndpoints implements Endpoints {
    private final LogLevels levels;

    public LogLevelEndpoints(LogLevels levels) {
        this.levels = levels;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/v1/admin/log-level", this::list);
        routes.post("/v1/admin/log-level", this::set);
    }

    private void set(ApiCall call) {
        call.admin();
        RequestBody body = call.body(List.of("logger", "level"));
        String logger = body.string("logger");
        String level = body.string("level");
        LogLevels.Change change = levels.set(logger, level);
        call.auditNote().detail("logger", change.logger()).detail("level", String.valueOf(change.level()))
                .detail("previous", String.valueOf(change.previous()));
        ObjectNode out = ApiJson.object();
        out.put("logger", change.logger());
        out.put("level", change.level());
        out.put("previous", change.previous());
        call.json(out);
    }

    private void list(ApiCall call) {
        call.admin();
        ObjectNode out = ApiJson.object();
        ObjectNode loggers = out.putObject("levels");
        levels.list().forEach(loggers::put);
        call.json(out);
    }
}
