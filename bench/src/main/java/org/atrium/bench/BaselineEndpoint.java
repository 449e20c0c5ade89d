package org.atrium.bench;

import java.util.Map;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The trivial endpoint the HTTP benchmark compares the check with: same server, same filters and authentication,
 * same JSON in and out, no work. It exists only when the benchmarks put it on the classpath.
 */
@RestController
class BaselineEndpoint {

    private static final Map<String, Object> ANSWER = Map.of("allowed", true, "current", 0, "limit", 1, "remaining", 1);

    @PostMapping("/api/v1/bench/echo")
    Map<String, Object> echo(@RequestBody Map<String, Object> request) {
        return ANSWER;
    }
}
