package app.repairbot.studio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 * Keeps the studio (which has no login and writes flow files) to the person at this machine.
 * <ul>
 * <li>When the studio is off, {@code /studio…} answers 404 to this machine and 403 to anyone else.
 * <li>When it is on: the request comes from this machine (loopback), unless its host is one of the
 * origins REPAIRBOT_SANDBOX_ORIGINS opens the sandbox to; it names this machine (or such an origin)
 * as its host, so a page whose name resolves to 127.0.0.1 (DNS rebinding) cannot read it; an Origin
 * header, when there is one, is ours; a POST carries JSON; and {@code /studio/api/…} needs the
 * token made at start and given to the page when it is served.
 * </ul>
 */
final class StudioGuard extends OncePerRequestFilter {
    static final String TOKEN_HEADER = "X-Studio-Token";
    static final String API = "/studio/api/";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final boolean on;
    private final byte[] token;
    private final List<URI> origins;

    StudioGuard(boolean on, String token, List<String> origins) {
        this.on = on;
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.origins = origins.stream().map(URI::create).toList();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/studio") || path.startsWith("/studio/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean local = isLoopback(request.getRemoteAddr());
        if (!on) {
            if (local) {
                refuse(response, 404, "The flow studio is off: set REPAIRBOT_STUDIO=true to switch it on.");
            } else {
                refuse(response, 403, "The flow studio answers only on this machine.");
            }
            return;
        }
        int port = request.getLocalPort();
        boolean opened = isConfiguredOrigin(request.getScheme(), request.getServerName(), request.getServerPort());
        if (!local && !opened) {
            refuse(response, 403, "The flow studio answers only on this machine.");
            return;
        }
        if (!opened && !(LOOPBACK_NAMES.contains(request.getServerName().toLowerCase(Locale.ROOT))
                && request.getServerPort() == port)) {
            refuse(response, 403, "The flow studio answers only at http://localhost:" + port + "/studio.");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !isOurOrigin(origin, port)) {
            refuse(response, 403, "Requests from other sites are refused.");
            return;
        }
        if (!List.of("GET", "HEAD", "OPTIONS").contains(request.getMethod()) && !carriesJson(request)) {
            refuse(response, 415, "Send JSON (Content-Type: application/json).");
            return;
        }
        if (request.getRequestURI().startsWith(API) && !hasToken(request.getHeader(TOKEN_HEADER))) {
            refuse(response, 403, "Reload the studio page: the app has restarted since the page was opened.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isLoopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private boolean isConfiguredOrigin(String scheme, String host, int port) {
        return origins.stream().anyMatch(o -> o.getScheme().equalsIgnoreCase(scheme) && o.getHost().equalsIgnoreCase(host)
                && portOf(o) == port);
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
        return isConfiguredOrigin(o.getScheme(), o.getHost(), portOf(o));
    }

    private static int portOf(URI u) {
        return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static boolean carriesJson(HttpServletRequest request) {
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
