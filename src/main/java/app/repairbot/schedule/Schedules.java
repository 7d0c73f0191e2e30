package app.repairbot.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import app.repairbot.chat.ChatId;

/**
 * Where scheduled prompts are kept. Instances claim them by slot (the minute they are due in, and
 * a shard of the groups): a slot is held by one instance at a time, under a lease, so each prompt
 * fires once across instances; a burst of many prompts in one minute takes a few writes to claim.
 */
public interface Schedules {

    /** Sets a prompt (replacing the group's prompt of that kind, and any claim on it). */
    void put(Prompt prompt);

    void remove(ChatId chat, PromptKind kind);

    List<Prompt> of(ChatId chat);

    Optional<Prompt> get(ChatId chat, PromptKind kind);

    /** Up to {@code limit} prompts whose next try is due. */
    List<Prompt> due(Instant now, int limit);

    /**
     * Takes the slot for {@code owner} until {@code lease}, atomically: true when it was free, or
     * its last owner's lease has run out (that instance died mid-way); false when someone holds it.
     */
    boolean claimSlot(String slot, String owner, Instant now, Instant lease);

    /** Gives the slot back once its prompts are settled. */
    void releaseSlot(String slot, String owner);

    /**
     * Records what became of prompts: each moves to its next time in one conditional update, only
     * if its next try is still the one seen (someone who reset or settled it since wins).
     */
    void settle(List<Settled> settled);

    record Settled(Prompt claimed, Prompt next) {
    }
}
