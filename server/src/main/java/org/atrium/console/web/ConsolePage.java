package org.atrium.console.web;

import java.util.Map;

import org.atrium.platform.ProblemException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;

import jakarta.servlet.http.HttpServletResponse;

/**
 * What the console's page controllers share: a refusal that no page form can show (a forged slug, a missing
 * permission) is answered with the HQ's problem page, carrying the server's message and status, instead of the API's
 * JSON. Forms catch the problems they can show themselves and render the form again.
 */
abstract class ConsolePage {

    @ExceptionHandler(ProblemException.class)
    String problem(ProblemException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status().value());
        model.addAttribute("status", e.status().value());
        model.addAttribute("message", e.getMessage());
        return "console/problem";
    }

    @ExceptionHandler(AccessDeniedException.class)
    String denied(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("status", HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("message", "Your role does not grant this action.");
        return "console/problem";
    }

    /** Field errors of a validation problem (field → message), empty for any other. */
    @SuppressWarnings("unchecked")
    static Map<String, String> fieldErrors(ProblemException e) {
        Object errors = e.properties().get("errors");
        return errors instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }
}
