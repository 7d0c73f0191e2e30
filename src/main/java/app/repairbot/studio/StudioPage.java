package app.repairbot.studio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.context.annotation.Conditional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The studio page and its endpoints. The page is served with this start's token, which its calls
 * send back ({@link StudioGuard} refuses them without it).
 */
@RestController
@Conditional(StudioConfiguration.On.class)
final class StudioPage {
    private static final String TOKEN_PLACE = "__STUDIO_TOKEN__";
    private static final String MODE_PLACE = "__STUDIO_SANDBOX__";

    private final FlowStudio studio;
    private final String page;

    StudioPage(FlowStudio studio, StudioConfiguration.Token token) throws IOException {
        this.studio = studio;
        try (InputStream in = StudioPage.class.getResourceAsStream("/studio/page.html")) {
            this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(TOKEN_PLACE, token.value())
                    .replace(MODE_PLACE, String.valueOf(studio.reloads()));
        }
    }

    @GetMapping(path = {"/studio", "/studio/"}, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Content-Security-Policy", "frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer").body(page);
    }

    record Draft(String name, String text) {
    }

    @GetMapping("/studio/api/flows")
    FlowStudio.Listing flows() {
        return studio.list();
    }

    @GetMapping("/studio/api/file")
    Map<String, Object> file(@RequestParam String name) {
        String text = studio.read(name);
        FlowStudio.Check check = studio.check(name, text);
        return Map.of("name", name, "text", text, "check", check);
    }

    @PostMapping("/studio/api/check")
    FlowStudio.Check check(@RequestBody Draft draft) {
        return studio.check(draft.name(), draft.text());
    }

    @PostMapping("/studio/api/save")
    ResponseEntity<Object> save(@RequestBody Draft draft) {
        FlowStudio.Saved saved = studio.save(draft.name(), draft.text());
        if (!saved.saved()) {
            return ResponseEntity.unprocessableContent().body(Map.of("error", "Not saved: fix the errors first. The file on "
                    + "disk is unchanged.", "problems", saved.problems()));
        }
        return ResponseEntity.ok(saved);
    }

    @PostMapping("/studio/api/tests")
    FlowStudio.TestRun tests() {
        return studio.runTests();
    }

    @ExceptionHandler(FlowStudio.Refused.class)
    ResponseEntity<Map<String, String>> refused(FlowStudio.Refused e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }
}
