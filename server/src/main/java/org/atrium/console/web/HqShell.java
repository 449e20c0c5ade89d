package org.atrium.console.web;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.atrium.platform.Actor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Gives every HQ page the shell's model: who is signed in, what they may do ({@code shell.may('…')}, for showing a
 * button at all) and the navigation they may see, with the current section marked. Pages of every module under
 * {@code /hq} get it, so a module's page needs nothing from the console to sit in the shell.
 */
@ControllerAdvice
class HqShell {

    /** What {@code layout/hq.html} reads. */
    record Shell(String staff, Set<String> permissions, List<Entry> navigation) {

        public boolean may(String permission) {
            return permissions.contains(permission);
        }

        public boolean mayAny(String first, String second) {
            return permissions.contains(first) || permissions.contains(second);
        }
    }

    record Entry(String label, String path, boolean current) {
    }

    /**
     * Adds {@code shell} only to HQ pages: an attribute added as null elsewhere would keep the portal's shell advice
     * from adding its own (Spring skips a model attribute method whose name is already in the model).
     */
    @ModelAttribute
    void addShell(HttpServletRequest request, org.springframework.ui.Model model) {
        Shell shell = shell(request);
        if (shell != null) {
            model.addAttribute("shell", shell);
        }
    }

    @Nullable Shell shell(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.equals("/hq") && !path.startsWith("/hq/")) {
            return null;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || Actor.currentIfAuthenticated().isEmpty()) {
            return null;
        }
        Set<String> granted = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toUnmodifiableSet());
        List<Entry> navigation = HqNavigation.SECTIONS.stream().filter(s -> s.visibleWith(granted))
                .map(s -> new Entry(s.label(), s.path(), s.contains(path))).toList();
        return new Shell(Actor.currentIfAuthenticated().get().display(), granted, navigation);
    }
}
