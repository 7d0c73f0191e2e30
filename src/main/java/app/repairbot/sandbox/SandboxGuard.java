package app.repairbot.sandbox;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps the sandbox (which has no login) to the person at this machine, against other web pages
 * open in their browser:
 * <ul>
 * <li>requests must name this machine as their host (localhost, 127.0.0.1, [::1], or a configured
 * origin), so that a page whose own name resolves to 127.0.0.1 (DNS rebinding) cannot read it;
 * <li>a POST carries JSON (what the page and the TelegramBots client send) or nothing, never the
 * form or text/plain bodies another site's page can post without asking;
 * <li>an Origin header, when there is one, is this sandbox's own;
 * <li>the page's own endpoints ({@code /sandbox/ui/…}) need the token made at start and given to
 * the page when it is served.
 * </ul>
 */
final class SandboxGuard extends OncePerRequestFilter {
    static final String TOKEN_HEADER = "X-Sandbox-Token";
    static final String UI = "/sandbox/ui/";
    private final LocalPageChecks checks;

    SandboxGuard(String token, List<String> origins) {
        this.checks = new LocalPageChecks(token, origins);
    }

    /** A fresh token for a start of the sandbox: 32 random bytes, URL-safe base64. */
    static String newToken() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/") || path.equals(SandboxPage.PAGE) || path.startsWith("/sandbox/") || path.startsWith("/bot"));
    }

    /**
     * The TelegramBots client sends setWebhook as a multipart form (it may carry a certificate). The
     * sandbox takes it and does nothing with it (it delivers no updates to webhooks), so a bot process
     * in webhook mode pointed at the sandbox, such as the webhook benchmark's, can start.
     */
    private static boolean isSetWebhookForm(HttpServletRequest request) {
        String type = request.getContentType();
        return request.getRequestURI().toLowerCase(Locale.ROOT).endsWith("/setwebhook")
                && type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int port = request.getLocalPort();
        if (!checks.isOurHost(request.getScheme(), request.getServerName(), request.getServerPort(), port)) {
            LocalPageChecks.refuse(response, 403, "This sandbox answers only at http://localhost:" + port
                    + "/ (or REPAIRBOT_SANDBOX_ORIGINS).");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !checks.isOurOrigin(origin, port)) {
            LocalPageChecks.refuse(response, 403, "Requests from other sites are refused.");
            return;
        }
        if (!List.of("GET", "HEAD", "OPTIONS").contains(request.getMethod()) && !LocalPageChecks.carriesJsonOrNothing(request)
                && !isSetWebhookForm(request)) {
            LocalPageChecks.refuse(response, 415, "Send JSON (Content-Type: application/json).");
            return;
        }
        if (request.getRequestURI().startsWith(UI) && !checks.hasToken(request.getHeader(TOKEN_HEADER))) {
            LocalPageChecks.refuse(response, 403, "Reload the sandbox page: it has restarted since the page was opened.");
            return;
        }
        chain.doFilter(request, response);
    }
}
