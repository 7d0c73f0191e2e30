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

    /**
     * A message in a chat; {@code forceReplyTo} names who the bot asked for a reply, if anyone.
     * {@code buttons} are those it shows now; {@code removedButtons}, those the bot took off it
     * (editMessageReplyMarkup), which the page still shows, as closed; {@code taps}, who tapped
     * which ({@code data}, {@code persona}, {@code by}), oldest first.
     */
    record Message(long id, long chat, long fromId, String fromName, String text, List<Map<String, String>> buttons,
                   String forceReplyTo, long date, List<Map<String, String>> removedButtons, List<Map<String, Object>> taps) {
        Message {
            buttons = List.copyOf(buttons);
            removedButtons = List.copyOf(removedButtons);
            taps = List.copyOf(taps);
        }

        Message(long id, long chat, long fromId, String fromName, String text, List<Map<String, String>> buttons,
                String forceReplyTo, long date) {
            this(id, chat, fromId, fromName, text, buttons, forceReplyTo, date, List.of(), List.of());
        }
    }

    /** What the bot answered a tap with (answerCallbackQuery): shown briefly, to the one who tapped, in that chat. */
    record Toast(long id, long chat, long persona, String to, String text) {
    }

    /** The toasts kept for the page; older ones are dropped (the page shows only those that come while it is open). */
    static final int TOASTS_KEPT = 20;

    private final Clock clock;
    private final Map<Long, List<Message>> chats = new LinkedHashMap<>();
    private final List<Map<String, Object>> updates = new ArrayList<>();
    private final List<Toast> toasts = new ArrayList<>();
    /** Taps not answered yet, by callback query id: who tapped where (for the toast). */
    private final Map<String, Message> tapsWaiting = new LinkedHashMap<>();
    private final Map<String, Persona> tappers = new LinkedHashMap<>();
    private long nextToast = 1;
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

    /** A tap on one of a message's buttons, remembered on the message; false when it shows no such button. */
    synchronized boolean tap(Persona by, long chat, long messageId, String data) {
        List<Message> messages = chats.get(chat);
        int i = indexOf(messages, messageId);
        if (i < 0 || data == null || messages.get(i).buttons().stream().noneMatch(b -> data.equals(b.get("callback_data")))) {
            return false;
        }
        Message m = messages.get(i);
        String callbackId = "sandbox-" + nextUpdate;
        List<Map<String, Object>> taps = new ArrayList<>(m.taps());
        taps.add(Map.of("data", data, "persona", by.id(), "by", by.name(), "callback", callbackId));
        messages.set(i, new Message(m.id(), m.chat(), m.fromId(), m.fromName(), m.text(), m.buttons(), m.forceReplyTo(), m.date(),
                m.removedButtons(), taps));
        tapsWaiting.put(callbackId, m);
        tappers.put(callbackId, by);
        while (tapsWaiting.size() > 100) {
            String oldest = tapsWaiting.keySet().iterator().next();
            tapsWaiting.remove(oldest);
            tappers.remove(oldest);
        }
        // As Telegram does, the tapped message comes with its buttons as they are now (one a row, as the bot sends them).
        Map<String, Object> markup = Map.of("inline_keyboard", m.buttons().stream().map(List::of).toList());
        enqueue("callback_query", Map.of("id", callbackId, "from", user(by), "chat_instance", "sandbox-" + chat,
                "data", data, "message", Map.of("message_id", messageId, "date", m.date(), "chat", chat(chat),
                        "text", m.text(), "reply_markup", markup)));
        return true;
    }

    private static int indexOf(List<Message> messages, long id) {
        if (messages != null) {
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).id() == id) {
                    return i;
                }
            }
        }
        return -1;
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

    /**
     * Replaces a message's buttons (editMessageReplyMarkup); false when there is no such message.
     * Buttons taken off are kept as {@code removedButtons}, for the page to show as closed.
     */
    synchronized boolean setButtons(long chat, long messageId, List<Map<String, String>> buttons) {
        List<Message> messages = chats.get(chat);
        if (messages == null) {
            return openWorld;
        }
        int i = indexOf(messages, messageId);
        if (i < 0) {
            return false;
        }
        Message m = messages.get(i);
        // Every button the message had that the new set leaves out (put back, one is live again).
        List<Map<String, String>> had = new java.util.ArrayList<>(m.removedButtons());
        had.addAll(m.buttons());
        List<Map<String, String>> removed = had.stream().filter(b -> !buttons.contains(b)).distinct().toList();
        messages.set(i, new Message(m.id(), m.chat(), m.fromId(), m.fromName(), m.text(), buttons, m.forceReplyTo(), m.date(),
                removed, m.taps()));
        return true;
    }

    /**
     * answerCallbackQuery: its text, if any, is a toast for whoever tapped, in the chat of the
     * message tapped. The bot answers a tap with words only when it did nothing with it ("That's for
     * Alex to answer"), so such a tap is marked {@code refused}: the page shows no ✓ for it, and
     * the button stays live for them, as in Telegram.
     */
    synchronized void answerTap(String callbackId, String text) {
        Message tapped = tapsWaiting.remove(callbackId);
        Persona by = tappers.remove(callbackId);
        if (text == null || text.isBlank() || tapped == null) {
            return;
        }
        refused(tapped.chat(), tapped.id(), callbackId);
        toasts.add(new Toast(nextToast++, tapped.chat(), by.id(), by.name(), text));
        while (toasts.size() > TOASTS_KEPT) {
            toasts.remove(0);
        }
    }

    private void refused(long chat, long messageId, String callbackId) {
        List<Message> messages = chats.get(chat);
        int i = indexOf(messages, messageId);
        if (i < 0) {
            return;
        }
        Message m = messages.get(i);
        List<Map<String, Object>> taps = new ArrayList<>();
        for (Map<String, Object> tap : m.taps()) {
            if (callbackId.equals(tap.get("callback"))) {
                Map<String, Object> marked = new LinkedHashMap<>(tap);
                marked.put("refused", true);
                tap = Map.copyOf(marked);
            }
            taps.add(tap);
        }
        messages.set(i, new Message(m.id(), m.chat(), m.fromId(), m.fromName(), m.text(), m.buttons(), m.forceReplyTo(), m.date(),
                m.removedButtons(), taps));
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
