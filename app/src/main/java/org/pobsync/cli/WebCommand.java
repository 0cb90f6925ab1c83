package org.pobsync.cli;

import java.util.concurrent.Callable;
import org.pobsync.app.AppContext;
import org.pobsync.web.PobsyncWeb;
import picocli.CommandLine.Command;

@Command(name = "web", mixinStandardHelpOptions = true,
        description = {"Run the web control panel on POBSYNC_BIND (default 127.0.0.1:8010) until stopped",
                "(SIGTERM or Ctrl-C). On the first start with no account it creates 'admin' and prints",
                "its password once. Backups queued in the panel need a worker (pobsync worker --loop).",
                "Exits with 1 when its SQLite file is deleted or replaced while it runs (so systemd restarts it)."})
final class WebCommand implements Callable<Integer> {

    /** Tomcat serves requests concurrently; SQLite in WAL mode reads concurrently too. */
    static final int POOL_SIZE = 8;

    private final CliContext ctx;

    WebCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        AppContext app = AppContext.open(ctx.settings(), ctx.clock(), POOL_SIZE);
        PobsyncWeb.Handle web;
        try {
            web = PobsyncWeb.start(app, ctx.out());
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        DatabaseWatch.start(app.database());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            web.close();
            app.close();
        }, "pobsync-web-stop"));
        ctx.out().println("pobsync: web panel on " + web.url() + " (stop with Ctrl-C)");
        ctx.out().flush();
        web.announceFirstStart();
        return PobsyncCommand.KEEP_RUNNING;
    }
}
