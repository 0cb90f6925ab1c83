package org.pobsync.web;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** For load balancers and uptime checks: answers without a login and says nothing but "ok". */
@Controller
class HealthController {

    @GetMapping("/healthz")
    ResponseEntity<String> healthz() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("ok\n");
    }
}
