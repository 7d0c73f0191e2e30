package app.repairbot.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Bot API methods the bot uses, answered from {@link SandboxWorld} in Telegram's own JSON
 * shapes and error format ({@code {"ok":false,"error_code":400,"description":"Bad Request: …"}}).
 */
@RestController
@ConditionalOnSandbox
final class SandboxBotApi {
    static final String TOKEN = app.repairbot.telegram.TelegramSettings.SANDBOX_TOKEN;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Short: an update wakes a waiting poll at once anyway, and shutting down waits for open polls. */
    private static final long LONGEST_POLL_MILLIS = 2_000;

    private final SandboxWorld world;

    SandboxBotApi(SandboxWorld world) {
        this.world = world;
    }

    @RequestMapping(path = "/bot{token}/{method}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> call(@PathVariable String token, @PathVariable String method,
                                @RequestBody(required = false) String body) throws Exception {
        if (!TOKEN.equals(token)) {
            return error(401, "Unauthorized");
        }
        Map<String, Object> req = body == null || body.isBlank() || !body.strip().startsWith("{") ? Map.of()
                : JSON.readValue(body, Map.class);
        return switch (method.toLowerCase(Locale.ROOT)) {
            case "getme" -> ok(SandboxWorld.botUser());
            // setWebhook is taken (a bot process pointed at the sandbox in webhook mode, such as the load generator's),
            // but the sandbox delivers no updates to webhooks: whoever set one posts its own.
            case "deletewebhook", "setwebhook", "setmycommands", "answercallbackquery" -> {
                if (method.equalsIgnoreCase("answercallbackquery")) {
                    world.answerTap(String.valueOf(req.get("callback_query_id")), req.get("text") instanceof String t ? t : null);
                }
                yield ok(true);
            }
            case "getupdates" -> {
                long offset = req.get("offset") instanceof Number n ? n.longValue() : 0;
                long timeout = req.get("timeout") instanceof Number n ? n.longValue() * 1000 : 0;
                yield ok(world.updatesFrom(offset, Math.min(timeout, LONGEST_POLL_MILLIS)));
            }
            case "sendmessage" -> sendMessage(req);
            case "editmessagereplymarkup" -> editReplyMarkup(req);
            default -> error(404, "Not Found: method " + method + " is not in the sandbox");
        };
    }

    private ResponseEntity<String> sendMessage(Map<String, Object> req) throws Exception {
        long chat;
        try {
            chat = Long.parseLong(String.valueOf(req.get("chat_id")));
        } catch (NumberFormatException e) {
            return error(400, "Bad Request: chat not found");
        }
        if (!world.knows(chat)) {
            return error(400, "Bad Request: chat not found");
        }
        String text = req.get("text") instanceof String s ? s : "";
        if (text.isBlank()) {
            return error(400, "Bad Request: message text is empty");
        }
        if (text.length() > SandboxWorld.MAX_TEXT) {
            return error(400, "Bad Request: message is too long");
        }
        List<Map<String, String>> buttons = new ArrayList<>();
        String forceReplyTo = null;
        if (req.get("reply_markup") instanceof Map<?, ?> markup) {
            if (!readButtons(markup, buttons)) {
                return error(400, "Bad Request: BUTTON_DATA_INVALID");
            }
            if (Boolean.TRUE.equals(markup.get("force_reply"))) {
                forceReplyTo = mentioned(req).orElse("everyone");
            }
        }
        SandboxWorld.Message m = world.botSends(chat, text, buttons, forceReplyTo);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("message_id", m.id());
        result.put("date", m.date());
        result.put("chat", SandboxWorld.chat(chat));
        result.put("from", SandboxWorld.botUser());
        result.put("text", text);
        return ok(result);
    }

    /**
     * Adds an inline keyboard's buttons to {@code buttons}: {@code text} and {@code callback_data},
     * or {@code text} and {@code url} for a link button; false when a button's data is invalid.
     */
    @SuppressWarnings("unchecked")
    private static boolean readButtons(Map<?, ?> markup, List<Map<String, String>> buttons) {
        if (markup.get("inline_keyboard") instanceof List<?> rows) {
            for (Object row : rows) {
                if (!(row instanceof List<?> list)) {
                    return false;
                }
                for (Object b : list) {
                    Map<String, Object> button = (Map<String, Object>) b;
                    String text = String.valueOf(button.get("text"));
                    if (button.get("url") instanceof String url && !button.containsKey("callback_data")) {
                        buttons.add(Map.of("text", text, "url", url));
                        continue;
                    }
                    String data = String.valueOf(button.get("callback_data"));
                    if (data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 64) {
                        return false;
                    }
                    buttons.add(Map.of("text", text, "callback_data", data));
                }
            }
        }
        return true;
    }

    private ResponseEntity<String> editReplyMarkup(Map<String, Object> req) throws Exception {
        long chat;
        long message;
        try {
            chat = Long.parseLong(String.valueOf(req.get("chat_id")));
            message = Long.parseLong(String.valueOf(req.get("message_id")));
        } catch (NumberFormatException e) {
            return error(400, "Bad Request: message to edit not found");
        }
        List<Map<String, String>> buttons = new ArrayList<>();
        if (req.get("reply_markup") instanceof Map<?, ?> markup && !readButtons(markup, buttons)) {
            return error(400, "Bad Request: BUTTON_DATA_INVALID");
        }
        if (!world.knows(chat) || !world.setButtons(chat, message, buttons)) {
            return error(400, "Bad Request: message to edit not found");
        }
        return ok(true);
    }

    @SuppressWarnings("unchecked")
    private static java.util.Optional<String> mentioned(Map<String, Object> req) {
        if (req.get("entities") instanceof List<?> entities) {
            for (Object e : entities) {
                Map<String, Object> entity = (Map<String, Object>) e;
                if ("text_mention".equals(entity.get("type")) && entity.get("user") instanceof Map<?, ?> user) {
                    return java.util.Optional.of(String.valueOf(user.get("first_name")));
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static ResponseEntity<String> ok(Object result) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        body.put("result", result);
        return ResponseEntity.ok(JSON.writeValueAsString(body));
    }

    private static ResponseEntity<String> error(int code, String description) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", false);
        body.put("error_code", code);
        body.put("description", description);
        return ResponseEntity.status(code).contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
    }
}
