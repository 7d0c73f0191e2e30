package app.repairbot.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import app.repairbot.chat.BotReply;
import app.repairbot.chat.ChatEvent;
import app.repairbot.chat.ChatId;

/**
 * What the bot says in one turn, in order: replies for the session's outbox, and urgent ones
 * that go ahead of anything already queued there (help after a safety flag).
 */
final class Replies {
    private final ChatId chat;
    /** The event being answered, or null when nobody wrote. */
    private final ChatEvent event;
    private final List<BotReply> queued = new ArrayList<>();
    private final List<BotReply> urgent = new ArrayList<>();

    Replies(ChatId chat, ChatEvent event) {
        this.chat = chat;
        this.event = event;
    }

    /** Says {@code text} in the session's chat, for anyone there. */
    void say(String text) {
        queued.add(BotReply.say(chat, text));
    }

    /** Says {@code text} where the event came from (a private chat, when it was routed to its group). */
    void answer(String text) {
        queued.add(BotReply.say(event.chat(), text));
    }

    /** A short answer to a tap, shown where the tap was, to whoever tapped. */
    void notice(String text) {
        queued.add(BotReply.notice(event == null ? chat : event.chat(), event.from(), text));
    }

    void post(BotReply reply) {
        queued.add(reply);
    }

    /** A reply that goes out before anything already queued in this session. */
    void first(BotReply reply) {
        urgent.add(reply);
    }

    List<BotReply> all() {
        return Collections.unmodifiableList(queued);
    }

    List<BotReply> urgent() {
        return Collections.unmodifiableList(urgent);
    }

    boolean isEmpty() {
        return queued.isEmpty() && urgent.isEmpty();
    }
}
