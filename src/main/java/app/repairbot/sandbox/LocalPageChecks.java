package app.repairbot.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The checks that keep a page with no login (the sandbox, the flow studio) to the person at this
 * machine: which host names and origins are ours (this machine, or one REPAIRBOT_SANDBOX_ORIGINS
 * names), whether a request carries JSON, the page's token, and a refusal in JSON.
 */
public final class LocalPageChecks {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final byte[] token;
    private final List<URI> origins;

    public LocalPageChecks(String token, List<String> origins) {
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.origins = origins.stream().map(URI::create).toList();
    }

    /** Whether the request names this machine (on this port) or a configured origin as its host. */
    public boolean isOurHost(String scheme, String host, int hostPort, int localPort) {
        return isLoopbackName(host) && hostPort == localPort || isConfiguredOrigin(scheme, host, hostPort);
    }

    public static boolean isLoopbackName(String host) {
        return LOOPBACK_NAMES.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Whether one of the configured origins has this scheme, host and port. */
    public boolean isConfiguredOrigin(String scheme, String host, int port) {
        return origins.stream().anyMatch(o -> o.getScheme().equalsIgnoreCase(scheme) && o.getHost().equalsIgnoreCase(host)
                && portOf(o) == port);
    }

    /** Whether an Origin header is this machine's page (http, on this port) or a configured origin. */
    public boolean isOurOrigin(String origin, int localPort) {
        URI o;
        try {
            o = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (o.getScheme() == null || o.getHost() == null || o.getRawPath() != null && !o.getRawPath().isEmpty()) {
            return false;
        }
        if ("http".equalsIgnoreCase(o.getScheme()) && isLoopbackName(o.getHost()) && portOf(o) == localPort) {
            return true;
        }
        return isConfiguredOrigin(o.getScheme(), o.getHost(), portOf(o));
    }

    private static int portOf(URI u) {
        return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** JSON, or no body at all: never the form or text/plain bodies another site's page can post without asking. */
    public static boolean carriesJsonOrNothing(HttpServletRequest request) {
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

    /** Whether a request's token is the page's, compared in constant time. */
    public boolean hasToken(String given) {
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.US_ASCII));
    }

    public static void refuse(HttpServletResponse response, int status, String why) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"" + why.replace("\"", "'") + "\"}");
    }
}
