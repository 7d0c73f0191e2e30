package app.repairbot.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import app.repairbot.chat.ChatId;

/** Where scheduled prompts are kept, and claimed atomically so that each fires once across instances. */
public interface Schedules {

    /** Sets a prompt (replacing the group's prompt of that kind, and any claim on it). */
    void put(Prompt prompt);

    void remove(ChatId chat, PromptKind kind);

    List<Prompt> of(ChatId chat);

    Optional<Prompt> get(ChatId chat, PromptKind kind);

    /** Up to {@code limit} prompts whose next try is due. */
    List<Prompt> due(Instant now, int limit);

    /**
     * Claims what it can of {@code due}: each prompt whose next try is still the one seen moves to
     * {@code lease} under {@code token}, in one atomic step per prompt. Returns those this call won.
     */
    List<Prompt> claim(List<Prompt> due, String token, Instant lease);

    /** Records what became of claimed prompts; a prompt someone else has claimed or reset since is left alone. */
    void settle(List<Settled> settled);

    record Settled(Prompt claimed, Prompt next) {
    }
}
