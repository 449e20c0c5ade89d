package org.atrium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class HttpsEnforcementTests {

    @Test
    void plainHttpIsRedirectedToTheSameUrlOnHttps() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/portal/brand");
        request.setServerName("billing.acme.example");
        request.setQueryString("a=1");
        MockHttpServletResponse response = run(true, request);
        assertThat(response.getStatus()).isEqualTo(308);
        assertThat(response.getHeader("Location")).isEqualTo("https://billing.acme.example/portal/brand?a=1");
        assertThat(response.getHeader("Strict-Transport-Security")).isNull();
    }

    @Test
    void behindAProxyTheForwardedProtoCountsAndHstsIsSent() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/portal");
        request.addHeader("X-Forwarded-Proto", "https");
        MockHttpServletResponse response = run(true, request);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000; includeSubDomains");

        MockHttpServletRequest forwardedHttp = new MockHttpServletRequest("GET", "/portal");
        forwardedHttp.addHeader("X-Forwarded-Proto", "http");
        assertThat(run(true, forwardedHttp).getStatus()).isEqualTo(308);
    }

    @Test
    void aDirectHttpsRequestGetsHsts() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/pricing");
        request.setSecure(true);
        assertThat(run(true, request).getHeader("Strict-Transport-Security")).startsWith("max-age=31536000");
    }

    @Test
    void theTlsQuestionAndHealthStayOnHttpAndNothingChangesWhenOff() throws Exception {
        assertThat(run(true, new MockHttpServletRequest("GET", "/internal/tls/ask")).getStatus()).isEqualTo(200);
        assertThat(run(true, new MockHttpServletRequest("GET", "/actuator/health")).getStatus()).isEqualTo(200);
        MockHttpServletResponse off = run(false, new MockHttpServletRequest("GET", "/portal"));
        assertThat(off.getStatus()).isEqualTo(200);
        assertThat(off.getHeader("Strict-Transport-Security")).isNull();
    }

    @Test
    void anOddHostIsNotEchoedIntoTheRedirect() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/portal");
        request.setServerName("evil.example\r\nSet-Cookie: x=1");
        assertThat(run(true, request).getHeader("Location")).isEqualTo("https://localhost/portal");
    }

    private static MockHttpServletResponse run(boolean enforce, MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new HttpsEnforcement(enforce).doFilter(request, response, new MockFilterChain());
        return response;
    }
}
