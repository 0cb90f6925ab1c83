package org.pobsync.credentials;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pobsync.engine.Transport;
import org.pobsync.engine.ssh.AuthorizedKeyLine;
import org.pobsync.engine.ssh.ServerKeyPair;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.validation.ConflictException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The SSH page (SPEC section 9): pobsync's own key pair and the pinned host keys of every ssh
 * host. Generating the first key is one click; replacing one has its own page with a typed
 * confirmation, because a new key locks pobsync out of every host until its public key is
 * installed there.
 */
@Controller
class SshKeyController {

    static final String REPLACE_WORD = "REPLACE";

    /** One ssh host in the overview: its login target and pinned keys. */
    record HostKeys(Host host, String user, int port, List<PinnedHostKey> pinned) {
    }

    private final CredentialService credentials;
    private final HostService hosts;

    SshKeyController(CredentialService credentials, HostService hosts) {
        this.credentials = credentials;
        this.hosts = hosts;
    }

    @GetMapping("/ssh/")
    String overview(Model model) {
        Optional<ServerKeyPair> key = credentials.serverKey();
        model.addAttribute("key", key.orElse(null));
        if (key.isPresent()) {
            List<AuthorizedKeyLine> lines = key.get().authorizedKeyLines();
            model.addAttribute("plainLine", lines.get(0));
            model.addAttribute("readOnlyLine", lines.get(1));
        }
        model.addAttribute("keyCheck", credentials.keyStore().check());
        Map<Long, List<PinnedHostKey>> pinned = credentials.pinnedByHost();
        model.addAttribute("hosts", hosts.list().stream()
                .filter(h -> h.transport() == Transport.SSH)
                .map(h -> new HostKeys(h, credentials.user(h), credentials.port(h), pinned.getOrDefault(h.id(), List.of())))
                .toList());
        return "ssh/index";
    }

    /** The generate button is on the SSH page itself; this address only leads there (or to replacing). */
    @GetMapping("/ssh/key/generate")
    String confirmGenerate() {
        return credentials.keyStore().exists() ? "redirect:/ssh/key/replace" : "redirect:/ssh/";
    }

    /**
     * Creating the first key needs no confirmation: it changes nothing any host trusts. Replacing
     * one is the destructive step, and has its own page.
     */
    @PostMapping("/ssh/key/generate")
    String generate(Principal principal, RedirectAttributes redirect) {
        if (credentials.keyStore().exists()) {
            throw new ConflictException("the server key already exists; replacing it is a separate step on the"
                    + " SSH page");
        }
        ServerKeyPair pair = credentials.generateServerKey(false, principal.getName());
        redirect.addFlashAttribute("flashOk", "Key pair generated (" + pair.fingerprint() + "). Add the"
                + " public key to each host's authorized_keys, then pin the host's key and test the connection.");
        return "redirect:/ssh/";
    }

    @GetMapping("/ssh/key/replace")
    String confirmReplace(Model model) {
        ServerKeyPair current = credentials.serverKey().orElse(null);
        if (current == null) {
            return "redirect:/ssh/key/generate";
        }
        model.addAttribute("key", current);
        model.addAttribute("replaceWord", REPLACE_WORD);
        return "ssh/replace";
    }

    @PostMapping("/ssh/key/replace")
    String replace(@RequestParam(defaultValue = "") String confirm, @RequestParam(defaultValue = "") String typed,
                   Principal principal, Model model, RedirectAttributes redirect) {
        ServerKeyPair current = credentials.serverKey().orElse(null);
        if (current == null) {
            return "redirect:/ssh/key/generate";
        }
        boolean ticked = "yes".equals(confirm);
        boolean typedRight = REPLACE_WORD.equals(typed.strip());
        if (!ticked || !typedRight) {
            model.addAttribute("key", current);
            model.addAttribute("replaceWord", REPLACE_WORD);
            model.addAttribute("confirmError", ticked ? null : "Tick the box to confirm.");
            model.addAttribute("typedError", typedRight ? null : "Type " + REPLACE_WORD + " to confirm.");
            return "ssh/replace";
        }
        ServerKeyPair pair = credentials.generateServerKey(true, principal.getName());
        redirect.addFlashAttribute("flashOk", "Key pair replaced (now " + pair.fingerprint() + "). Hosts refuse"
                + " pobsync until the new public key is in their authorized_keys.");
        return "redirect:/ssh/";
    }
}
