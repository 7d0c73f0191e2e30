package app.repairbot.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
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
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final byte[] token;
    private final List<URI> origins;

    SandboxGuard(String token, List<String> origins) {
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.origins = origins.stream().map(URI::create).toList();
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

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int port = request.getLocalPort();
        if (!isOurs(request.getScheme(), request.getServerName(), request.getServerPort(), port)) {
            refuse(response, 403, "This sandbox answers only at http://localhost:" + port + "/ (or REPAIRBOT_SANDBOX_ORIGINS).");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !isOurOrigin(origin, port)) {
            refuse(response, 403, "Requests from other sites are refused.");
            return;
        }
        if (!List.of("GET", "HEAD", "OPTIONS").contains(request.getMethod()) && !carriesJsonOrNothing(request)) {
            refuse(response, 415, "Send JSON (Content-Type: application/json).");
            return;
        }
        if (request.getRequestURI().startsWith(UI) && !hasToken(request.getHeader(TOKEN_HEADER))) {
            refuse(response, 403, "Reload the sandbox page: it has restarted since the page was opened.");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean isOurs(String scheme, String host, int hostPort, int localPort) {
        String name = host.toLowerCase(Locale.ROOT);
        if (LOOPBACK_NAMES.contains(name) && hostPort == localPort) {
            return true;
        }
        return origins.stream().anyMatch(o -> o.getScheme().equalsIgnoreCase(scheme) && o.getHost().equalsIgnoreCase(name)
                && portOf(o) == hostPort);
    }

    private boolean isOurOrigin(String origin, int localPort) {
        URI o;
        try {
            o = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (o.getScheme() == null || o.getHost() == null || o.getRawPath() != null && !o.getRawPath().isEmpty()) {
            return false;
        }
        if ("http".equalsIgnoreCase(o.getScheme()) && LOOPBACK_NAMES.contains(o.getHost().toLowerCase(Locale.ROOT))
                && portOf(o) == localPort) {
            return true;
        }
        return origins.stream().anyMatch(allowed -> allowed.getScheme().equalsIgnoreCase(o.getScheme())
                && allowed.getHost().equalsIgnoreCase(o.getHost()) && portOf(allowed) == portOf(o));
    }

    private static int portOf(URI u) {
        return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** JSON, or no body at all (a Bot API call with no parameters, such as getMe, may come so). */
    private static boolean carriesJsonOrNothing(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return request.getContentLengthLong() == 0;
        }
        try {
            MediaType given = MediaType.parseMediaType(type);
            return given.getType().equals("application") && given.getSubtype().equals("json");
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private boolean hasToken(String given) {
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.US_ASCII));
    }

    private static void refuse(HttpServletResponse response, int status, String why) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"" + why.replace("\"", "'") + "\"}");
    }
}
