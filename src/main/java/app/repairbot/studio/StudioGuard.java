package app.repairbot.studio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.repairbot.sandbox.LocalPageChecks;

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
    private final boolean on;
    private final LocalPageChecks checks;

    StudioGuard(boolean on, String token, List<String> origins) {
        this.on = on;
        this.checks = new LocalPageChecks(token, origins);
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
                LocalPageChecks.refuse(response, 404, "The flow studio is off: set REPAIRBOT_STUDIO=true to switch it on.");
            } else {
                LocalPageChecks.refuse(response, 403, "The flow studio answers only on this machine.");
            }
            return;
        }
        int port = request.getLocalPort();
        boolean opened = checks.isConfiguredOrigin(request.getScheme(), request.getServerName(), request.getServerPort());
        if (!local && !opened) {
            LocalPageChecks.refuse(response, 403, "The flow studio answers only on this machine.");
            return;
        }
        if (!opened && !(LocalPageChecks.isLoopbackName(request.getServerName()) && request.getServerPort() == port)) {
            LocalPageChecks.refuse(response, 403, "The flow studio answers only at http://localhost:" + port + "/studio.");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !checks.isOurOrigin(origin, port)) {
            LocalPageChecks.refuse(response, 403, "Requests from other sites are refused.");
            return;
        }
        if (!List.of("GET", "HEAD", "OPTIONS").contains(request.getMethod()) && !LocalPageChecks.carriesJsonOrNothing(request)) {
            LocalPageChecks.refuse(response, 415, "Send JSON (Content-Type: application/json).");
            return;
        }
        if (request.getRequestURI().startsWith(API) && !checks.hasToken(request.getHeader(TOKEN_HEADER))) {
            LocalPageChecks.refuse(response, 403, "Reload the studio page: the app has restarted since the page was opened.");
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
}
