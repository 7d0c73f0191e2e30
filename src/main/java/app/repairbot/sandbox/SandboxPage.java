package app.repairbot.sandbox;

import java.util.Map;
import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.view.RedirectView;

/** What the sandbox page reads and does: the chats, and a persona writing, tapping or adding the bot. */
@RestController
@ConditionalOnExpression("'${telegram.bot.token:}' == ''")
final class SandboxPage {
    private final SandboxWorld world;

    SandboxPage(SandboxWorld world) {
        this.world = world;
    }

    @GetMapping("/")
    RedirectView home() {
        return new RedirectView("/sandbox.html");
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
