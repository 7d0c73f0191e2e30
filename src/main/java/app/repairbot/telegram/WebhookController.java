package app.repairbot.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.telegram.telegrambots.meta.api.objects.Update;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Telegram's webhook: {@link WebhookGuard} has already refused a request without the secret
 * Telegram was given (401) or with too large a body (413). A valid update is handled, its effects
 * stored, and answered 200; when that fails, 500, and Telegram delivers it again (a redelivery
 * changes nothing). A body that is no update is answered 200, so that it is not delivered again.
 */
@RestController
@Conditional(WebhookMode.class)
final class WebhookController {
    static final String PATH = "/telegram/webhook";
    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final TelegramBot bot;

    WebhookController(TelegramBot bot) {
        this.bot = bot;
    }

    @PostMapping(PATH)
    ResponseEntity<Void> update(@RequestBody(required = false) String body) {
        Update update;
        try {
            update = JSON.readValue(body, Update.class);
        } catch (Exception e) {
            log.warn("A webhook call was not an update ({}); ignored", e.getClass().getSimpleName());
            return ResponseEntity.ok().build();
        }
        if (update == null || update.getUpdateId() == null) {
            log.warn("A webhook call held no update (no update_id); ignored");
            return ResponseEntity.ok().build();
        }
        try {
            bot.handle(update);
            return ResponseEntity.ok().build();
        } catch (RuntimeException e) {
            log.warn("Update {} could not be stored; Telegram will deliver it again: {}", update.getUpdateId(), e.toString());
            return ResponseEntity.status(500).build();
        }
    }
}
