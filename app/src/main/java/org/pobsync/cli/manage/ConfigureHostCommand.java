package org.pobsync.cli.manage;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.pobsync.audit.AuditLog;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.cli.RetentionOptions;
import org.pobsync.cli.UsageError;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostField;
import org.pobsync.hosts.HostService;
import org.pobsync.hosts.HostSpec;
import org.pobsync.validation.FieldError;
import org.pobsync.validation.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "configure-host", aliases = {"configure_host", "configure_pobsync_host"},
        mixinStandardHelpOptions = true,
        description = {"Create a host, or change an existing one (only the options given change).",
                "Repeating --path, --exclude or --rsync-option replaces that whole list.",
                "A host has at most 1000 paths and 1000 excludes, each at most 4095 bytes, and all paths, excludes",
                "and rsync options together at most 32768 bytes (they go on rsync's command line).",
                "--transport local backs up this server's own files, never pobsync's data dir or a directory",
                "containing it (its SSH private key, database and secret).",
                "Example: pobsync manage configure-host web1 --address web1.example.org --path /etc --path /srv"})
public final class ConfigureHostCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "HOST", description = "Host name (a-z 0-9 . _ -); it never changes.")
    String name;

    @Option(names = "--address", paramLabel = "A", description = "Host name or IP address to connect to (required on create for ssh).")
    String address;

    @Option(names = "--transport", paramLabel = "ssh|local", description = "ssh (default) or local (a path on this server).")
    String transport;

    @Option(names = "--user", paramLabel = "U", description = "ssh user (default: the global default).")
    String user;

    @Option(names = "--port", paramLabel = "P", description = "ssh port (default: the global default).")
    Integer port;

    @Option(names = "--path", paramLabel = "ABS", description = "An absolute source path; repeat for more.")
    List<String> paths;

    @Option(names = "--exclude", paramLabel = "PATTERN", description = "An rsync exclude pattern; repeat for more.")
    List<String> excludes;

    @Option(names = "--rsync-option", paramLabel = "OPT",
            description = "An allowlisted extra rsync option, e.g. --compress, --one-file-system, --acls, --xattrs.")
    List<String> rsyncOptions;

    @Option(names = "--no-excludes", description = "Remove all exclude patterns.")
    boolean noExcludes;

    @Option(names = "--no-rsync-options", description = "Remove all extra rsync options.")
    boolean noRsyncOptions;

    @Option(names = "--use-sudo", negatable = true, description = "Run 'sudo rsync' on the remote side.")
    Boolean useSudo;

    @Option(names = "--bwlimit", paramLabel = "KBPS", description = "Bandwidth limit in KiB/s (0: none).")
    Integer bwlimit;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "rsync I/O timeout (0: the global default).")
    Integer timeout;

    @Mixin
    RetentionOptions retention;

    @Option(names = "--inherit-retention", description = "Drop this host's retention override and use the global policy.")
    boolean inheritRetention;

    @Option(names = "--enabled", paramLabel = "true|false", arity = "1", description = "Whether the host is backed up by its schedule.")
    Boolean enabled;

    @Option(names = "--notes", paramLabel = "TEXT", description = "Free-form notes shown in the panel.")
    String notes;

    public ConfigureHostCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        HostService hosts = ctx.appForSetUp().hosts();
        Host existing = hosts.find(name).orElse(null);
        Transport t = transport();
        if (existing == null && address == null && (t == null || t == Transport.SSH)) {
            throw new UsageError("--address is required to create host '" + name + "'");
        }
        HostService.Saved saved;
        try {
            saved = hosts.save(name, current -> withGivenOptions(current, t),
                    HostService.Editor.maintainer(AuditLog.cliActor()));
        } catch (InvalidInputException e) {
            throw new UsageError(e.errors().stream().map(ConfigureHostCommand::asOption).collect(Collectors.joining("; ")));
        }
        Host h = saved.host();
        ctx.out().println(saved.created() ? "created host " + h.name()
                : saved.changed().isEmpty() ? "host " + h.name() + " unchanged" : "updated host " + h.name());
        HostPrinter.print(ctx.out(), h, ctx.appForSetUp().globalConfig().get());
        return ExitCodes.OK;
    }

    private Transport transport() {
        if (transport == null) {
            return null;
        }
        try {
            return Transport.valueOf(transport.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageError("--transport must be ssh or local, got '" + transport + "'");
        }
    }

    /** The current spec (or a new one) with the options given on this command line; the rest stays. */
    private HostSpec.Builder withGivenOptions(HostSpec.Builder b, Transport t) {
        ifGiven(address, b::address);
        ifGiven(t, b::transport);
        ifGiven(user, b::sshUser);
        ifGiven(port, b::sshPort);
        ifGiven(useSudo, b::useSudo);
        ifGiven(paths, b::sourcePaths);
        ifGiven(noExcludes ? List.of() : excludes, b::excludes);
        ifGiven(noRsyncOptions ? List.of() : rsyncOptions, b::rsyncOptions);
        ifGiven(bwlimit, b::bwlimitKbps);
        ifGiven(timeout, b::timeoutSeconds);
        RetentionSettings given = retention.settings();
        RetentionSettings storedRetention = b.build().retentionOverride();
        if (inheritRetention) {
            storedRetention = null;
        }
        if (given.anySet()) {
            // A keep option changes that rule of the host's own policy, starting one if it had none.
            storedRetention = (storedRetention == null ? RetentionSettings.KEEP_EVERYTHING : storedRetention).with(given);
        }
        b.retentionOverride(storedRetention);
        ifGiven(enabled, b::enabled);
        ifGiven(notes, b::notes);
        return b;
    }

    private static <T> void ifGiven(T value, Consumer<T> set) {
        if (value != null) {
            set.accept(value);
        }
    }

    /** A field error in the words of this command: {@code --path: ...}. */
    private static String asOption(FieldError e) {
        HostField field = HostField.byForm(e.field());
        return (field == null ? e.field() : field.option()) + ": " + e.message();
    }
}
