package app.repairbot.sandbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the sandbox's chats hold: a group with two personas and the bot, each persona's private
 * chat, every message, and the updates the bot has not fetched yet. Thread-safe; getUpdates
 * waits on it.
 */
final class SandboxWorld {
    static final long BOT_ID = 7_000_000_001L;
    static final String BOT_USERNAME = app.repairbot.telegram.TelegramSettings.SANDBOX_USERNAME;
    static final long GROUP = -1_001_000_000_001L;
    static final int MAX_TEXT = 4096;

    record Persona(long id, String name) {
    }

    static final List<Persona> PERSONAS = List.of(new Persona(1001, "Alex"), new Persona(1002, "Sam"));

    /** A message in a chat; {@code forceReplyTo} names who the bot asked for a reply, if anyone. */
    record Message(long id, long chat, long fromId, String fromName, String text, List<Map<String, String>> buttons,
                   String forceReplyTo, long date) {
    }

    private final Clock clock;
    private final Map<Long, List<Message>> chats = new LinkedHashMap<>();
    private final List<Map<String, Object>> updates = new ArrayList<>();
    private final List<String> toasts = new ArrayList<>();
    private long nextUpdate = 1;
    private long nextMessage = 1;
    private boolean botInGroup;
    private final boolean openWorld;

    SandboxWorld(Clock clock) {
        this(clock, false);
    }

    /** {@code openWorld}: messages to chats the page does not show are taken too (for load generators). */
    SandboxWorld(Clock clock, boolean openWorld) {
        this.clock = clock;
        this.openWorld = openWorld;
        chats.put(GROUP, new ArrayList<>());
        PERSONAS.forEach(p -> chats.put(p.id(), new ArrayList<>()));
    }

    static Optional<Persona> persona(long id) {
        return PERSONAS.stream().filter(p -> p.id() == id).findFirst();
    }

    synchronized boolean knows(long chat) {
        return openWorld || chats.containsKey(chat);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    // ---- what people do (the page) ------------------------------------------------------

    synchronized void addBotToGroup(Persona by) {
        if (botInGroup) {
            return;
        }
        botInGroup = true;
        Map<String, Object> bot = Map.of("status", "member", "user", botUser());
        Map<String, Object> before = Map.of("status", "left", "user", botUser());
        enqueue("my_chat_member", Map.of("chat", chat(GROUP), "from", user(by), "date", now(), "old_chat_member", before,
                "new_chat_member", bot));
    }

    synchronized Message say(Persona by, long chat, String text) {
        Message m = new Message(nextMessage++, chat, by.id(), by.name(), text, List.of(), null, now());
        chats.get(chat).add(m);
        enqueue("message", Map.of("message_id", m.id(), "date", m.date(), "chat", chat(chat), "from", user(by), "text", text));
        return m;
    }

    synchronized boolean tap(Persona by, long chat, long messageId, String data) {
        Optional<Message> m = chats.get(chat).stream().filter(x -> x.id() == messageId).findFirst();
        if (m.isEmpty() || m.get().buttons().stream().noneMatch(b -> b.get("callback_data").equals(data))) {
            return false;
        }
        enqueue("callback_query", Map.of("id", "sandbox-" + nextUpdate, "from", user(by), "chat_instance", "sandbox-" + chat,
                "data", data, "message", Map.of("message_id", messageId, "date", m.get().date(), "chat", chat(chat),
                        "text", m.get().text())));
        return true;
    }

    // ---- what the bot does (the Bot API) ------------------------------------------------

    synchronized Message botSends(long chat, String text, List<Map<String, String>> buttons, String forceReplyTo) {
        Message m = new Message(nextMessage++, chat, BOT_ID, "repairbot", text, buttons, forceReplyTo, now());
        if (openWorld && !chats.containsKey(chat)) {
            // Another bot's chat (a load generator's): answered like Telegram, not kept.
            return m;
        }
        chats.get(chat).add(m);
        return m;
    }

    /** Replaces a message's buttons (editMessageReplyMarkup); false when there is no such message. */
    synchronized boolean setButtons(long chat, long messageId, List<Map<String, String>> buttons) {
        List<Message> messages = chats.get(chat);
        if (messages == null) {
            return openWorld;
        }
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.id() == messageId) {
                messages.set(i, new Message(m.id(), m.chat(), m.fromId(), m.fromName(), m.text(), buttons, m.forceReplyTo(), m.date()));
                return true;
            }
        }
        return false;
    }

    synchronized void toast(String text) {
        if (text != null && !text.isBlank()) {
            toasts.add(text);
        }
    }

    /** Updates from {@code offset} on, waiting up to {@code timeoutMillis} for one to come. */
    synchronized List<Map<String, Object>> updatesFrom(long offset, long timeoutMillis) throws InterruptedException {
        updates.removeIf(u -> ((Number) u.get("update_id")).longValue() < offset);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (updates.isEmpty() && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        return List.copyOf(updates);
    }

    private void enqueue(String kind, Map<String, Object> body) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("update_id", nextUpdate++);
        u.put(kind, body);
        updates.add(u);
        notifyAll();
    }

    // ---- for the page ---------------------------------------------------------------------

    synchronized Map<String, Object> state() {
        List<Map<String, Object>> list = new ArrayList<>();
        chats.forEach((id, messages) -> list.add(Map.of("id", id, "title", id == GROUP ? "Your group"
                : "Private chat: " + persona(id).map(Persona::name).orElse("?"), "messages", List.copyOf(messages))));
        return Map.of("chats", list, "personas", PERSONAS, "botInGroup", botInGroup, "toasts", List.copyOf(toasts));
    }

    static Map<String, Object> botUser() {
        return Map.of("id", BOT_ID, "is_bot", true, "first_name", "repairbot", "username", BOT_USERNAME);
    }

    private static Map<String, Object> user(Persona p) {
        return Map.of("id", p.id(), "is_bot", false, "first_name", p.name());
    }

    static Map<String, Object> chat(long id) {
        if (id == GROUP) {
            return Map.of("id", id, "type", "supergroup", "title", "Your group");
        }
        return Map.of("id", id, "type", "private", "first_name", persona(id).map(Persona::name).orElse("?"));
    }
}
