package app.repairbot.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox page, and what it reads and does: the chats, and a persona writing, tapping or adding
 * the bot. The page is served with this start's {@link Token}, which its calls send back
 * ({@link SandboxGuard} refuses them without it).
 */
@RestController
@ConditionalOnSandbox
final class SandboxPage {
    static final String PAGE = "/sandbox.html";
    private static final String TOKEN_PLACE = "__SANDBOX_TOKEN__";

    /** The token of this start of the sandbox. */
    record Token(String value) {
        Token {
            if (value == null || value.length() < 32) {
                throw new IllegalArgumentException("a sandbox token is at least 32 characters");
            }
        }
    }

    private final SandboxWorld world;
    private final String page;

    SandboxPage(SandboxWorld world, Token token) throws IOException {
        this.world = world;
        try (InputStream in = SandboxPage.class.getResourceAsStream("/sandbox/page.html")) {
            this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(TOKEN_PLACE, token.value());
        }
    }

    @GetMapping(path = {"/", PAGE}, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page() {
        // Not cached (the token changes with every start) and not framed by other sites (no clickjacking).
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Content-Security-Policy", "frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer").body(page);
    }

    @GetMapping("/sandbox/ui/state")
    Map<String, Object> state() {
        return world.state();
    }

    record Say(long persona, long chat, String text) {
    }

    record Tap(long persona, long chat, long message, String data) {
    }

    record Add(long persona) {
    }

    @PostMapping("/sandbox/ui/say")
    ResponseEntity<Object> say(@RequestBody Say say) {
        Optional<SandboxWorld.Persona> p = SandboxWorld.persona(say.persona());
        if (p.isEmpty()) {
            return bad("No such persona.");
        }
        if (say.chat() != SandboxWorld.GROUP && say.chat() != say.persona()) {
            return bad(p.get().name() + " can write in the group or in their own private chat with the bot.");
        }
        if (say.text() == null || say.text().isBlank()) {
            return bad("Type something first.");
        }
        if (say.text().length() > SandboxWorld.MAX_TEXT) {
            return bad("Telegram messages hold at most 4096 characters.");
        }
        world.say(p.get(), say.chat(), say.text());
        return ResponseEntity.ok(world.state());
    }

    @PostMapping("/sandbox/ui/tap")
    ResponseEntity<Object> tap(@RequestBody Tap tap) {
        Optional<SandboxWorld.Persona> p = SandboxWorld.persona(tap.persona());
        if (p.isEmpty() || !world.tap(p.get(), tap.chat(), tap.message(), tap.data())) {
            return bad("That button is not there.");
        }
        return ResponseEntity.ok(world.state());
    }

    @PostMapping("/sandbox/ui/add-bot")
    ResponseEntity<Object> addBot(@RequestBody Add add) {
        Optional<SandboxWorld.Persona> p = SandboxWorld.persona(add.persona());
        if (p.isEmpty()) {
            return bad("No such persona.");
        }
        world.addBotToGroup(p.get());
        return ResponseEntity.ok(world.state());
    }

    private static ResponseEntity<Object> bad(String why) {
        return ResponseEntity.badRequest().body(Map.of("error", why));
    }
}
