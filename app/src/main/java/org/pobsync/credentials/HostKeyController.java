package org.pobsync.credentials;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.pobsync.engine.Transport;
import org.pobsync.engine.ssh.HostKey;
import org.pobsync.engine.ssh.ProbeResult;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.validation.ConflictException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One host's SSH trust: scan what the host offers, compare it with what is pinned, pin on
 * confirmation, remove, and test the connection with the reason when it fails. Pinning takes
 * exactly the keys the operator was shown (posted back from the scan page), never a fresh scan
 * the operator did not see.
 */
@Controller
class HostKeyController {

    /** A scanned key and how it relates to the pinned ones. */
    record ScannedKey(HostKey key, Verdict verdict) {
        enum Verdict { PINNED, NEW, CHANGED }

        public String keyText() {
            return key.keyText();
        }
    }

    /** A connection test as the page shows it. */
    record TestOutcome(boolean ok, String reason, String message, String detail, String advice) {
        static TestOutcome of(ProbeResult r) {
            return new TestOutcome(r.ok(), r.reason() == null ? null : r.reason().name(), r.message(),
                    r.failure() == null ? "" : r.failure().detail(), ConnectionAdvice.forReason(r.reason()));
        }
    }

    private final CredentialService credentials;
    private final HostService hosts;

    HostKeyController(CredentialService credentials, HostService hosts) {
        this.credentials = credentials;
        this.hosts = hosts;
    }

    @GetMapping("/ssh/hosts/{name}/")
    String show(@PathVariable String name, Model model) {
        addHost(sshHost(name), model);
        return "ssh/host";
    }

    @PostMapping("/ssh/hosts/{name}/scan")
    String scan(@PathVariable String name, Principal principal, Model model) {
        Host host = sshHost(name);
        List<PinnedHostKey> pinned = addHost(host, model);
        try {
            List<HostKey> offered = credentials.scan(host, principal.getName());
            model.addAttribute("scanned", compare(offered, pinned));
        } catch (ConflictException e) {
            model.addAttribute("scanError", e.getMessage());
        }
        return "ssh/host";
    }

    static List<ScannedKey> compare(List<HostKey> offered, List<PinnedHostKey> pinned) {
        Set<String> pinnedKeys = pinned.stream().map(k -> k.keyType() + " " + k.publicKey()).collect(Collectors.toSet());
        Set<String> pinnedTypes = pinned.stream().map(PinnedHostKey::keyType).collect(Collectors.toSet());
        List<ScannedKey> result = new ArrayList<>();
        for (HostKey k : offered) {
            ScannedKey.Verdict v = pinnedKeys.contains(k.keyText()) ? ScannedKey.Verdict.PINNED
                    : pinned.isEmpty() || !pinnedTypes.contains(k.type()) ? ScannedKey.Verdict.NEW
                    : ScannedKey.Verdict.CHANGED;
            result.add(new ScannedKey(k, v));
        }
        return result;
    }

    @PostMapping("/ssh/hosts/{name}/pin")
    String pin(@PathVariable String name, @RequestParam(name = "key", required = false) List<String> keys,
               @RequestParam(defaultValue = "") String confirm, Principal principal, RedirectAttributes redirect) {
        Host host = sshHost(name);
        if (!"yes".equals(confirm)) {
            redirect.addFlashAttribute("flashError", "Nothing pinned: tick the box to confirm that the fingerprints"
                    + " are the host's. Scan again to start over.");
            return redirectTo(host);
        }
        List<HostKey> parsed = new ArrayList<>();
        for (String k : keys == null ? List.<String>of() : keys) {
            try {
                parsed.add(HostKey.parse(k));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a host key: " + e.getMessage());
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no host key selected to pin");
        }
        credentials.pin(host, parsed, principal.getName());
        redirect.addFlashAttribute("flashOk", "Pinned " + String.join(", ",
                parsed.stream().map(k -> k.type() + " " + k.fingerprint()).toList()) + " for " + host.name() + ".");
        return redirectTo(host);
    }

    /** The separate confirmation step of "Remove pinned keys": what it does, and the one button that does it. */
    @GetMapping("/ssh/hosts/{name}/unpin")
    String confirmUnpin(@PathVariable String name, Model model) {
        addHost(sshHost(name), model);
        return "ssh/unpin";
    }

    @PostMapping("/ssh/hosts/{name}/unpin")
    String unpin(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        Host host = sshHost(name);
        credentials.unpin(host, principal.getName());
        redirect.addFlashAttribute("flashOk", "Removed the pinned keys of " + host.name()
                + ". Backups of it refuse to run until a key is pinned again.");
        return redirectTo(host);
    }

    @PostMapping("/ssh/hosts/{name}/test")
    String test(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        Host host = sshHost(name);
        try {
            redirect.addFlashAttribute("test", TestOutcome.of(credentials.testConnection(host, principal.getName())));
        } catch (IllegalStateException | ConflictException e) {
            // No server key, or nothing pinned: the test cannot start; say what is missing.
            redirect.addFlashAttribute("test", new TestOutcome(false, "NOT_STARTED", e.getMessage(), "", ""));
        }
        return redirectTo(host);
    }

    private List<PinnedHostKey> addHost(Host host, Model model) {
        List<PinnedHostKey> pinned = credentials.pinned(host);
        model.addAttribute("host", host);
        model.addAttribute("user", credentials.user(host));
        model.addAttribute("port", credentials.port(host));
        model.addAttribute("pinned", pinned);
        model.addAttribute("hasServerKey", credentials.keyStore().exists());
        return pinned;
    }

    private Host sshHost(String name) {
        Host host = hosts.get(name);
        if (host.transport() != Transport.SSH) {
            throw new ConflictException("host " + name + " uses the local transport; it has no SSH host key");
        }
        return host;
    }

    private static String redirectTo(Host host) {
        return "redirect:/ssh/hosts/" + host.name() + "/";
    }
}
