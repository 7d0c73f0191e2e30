package app.repairbot.telegram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.telegram.telegrambots.meta.api.objects.Update;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Telegram's webhook: a request without the secret Telegram was given gets 401; a valid update is
 * handled, its effects stored, and answered 200; when that fails, 500, and Telegram delivers it
 * again (a redelivery changes nothing).
 */
@RestController
@ConditionalOnExpression("'${telegram.bot.token:}' != '' and '${telegram.webhook.url:}' != ''")
final class WebhookController {
    static final String PATH = "/telegram/webhook";
    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final TelegramBot bot;
    private final byte[] secret;

    WebhookController(TelegramBot bot, TelegramSettings settings) {
        this.bot = bot;
        this.secret = settings.webhook().secret().getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(PATH)
    ResponseEntity<Void> update(@RequestHeader(name = "X-Telegram-Bot-Api-Secret-Token", required = false) String token,
                                @RequestBody String body) {
        if (token == null || !MessageDigest.isEqual(secret, token.getBytes(StandardCharsets.UTF_8))) {
            return ResponseEntity.status(401).build();
        }
        Update update;
        try {
            update = JSON.readValue(body, Update.class);
        } catch (Exception e) {
            log.warn("A webhook call was not an update ({}); ignored", e.getClass().getSimpleName());
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
