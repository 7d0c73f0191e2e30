package app.repairbot.schedule;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.repairbot.chat.ChatId;

/** Prompts in memory, for conversation tests and the engine's own tests. */
public final class InMemorySchedules implements Schedules {
    private final Map<String, Prompt> prompts = new LinkedHashMap<>();

    @Override
    public synchronized void put(Prompt prompt) {
        prompts.put(prompt.id(), prompt);
    }

    @Override
    public synchronized void remove(ChatId chat, PromptKind kind) {
        prompts.remove(Prompt.id(chat, kind));
    }

    @Override
    public synchronized List<Prompt> of(ChatId chat) {
        return prompts.values().stream().filter(p -> p.chat().equals(chat)).sorted(Comparator.comparing(Prompt::kind)).toList();
    }

    @Override
    public synchronized Optional<Prompt> get(ChatId chat, PromptKind kind) {
        return Optional.ofNullable(prompts.get(Prompt.id(chat, kind)));
    }

    @Override
    public synchronized List<Prompt> due(Instant now, int limit) {
        return prompts.values().stream().filter(p -> !p.nextFireAt().isAfter(now)).limit(limit).toList();
    }

    private final Map<String, Map.Entry<String, Instant>> slots = new LinkedHashMap<>();

    @Override
    public synchronized boolean claimSlot(String slot, String owner, Instant now, Instant lease) {
        Map.Entry<String, Instant> held = slots.get(slot);
        if (held != null && held.getValue().isAfter(now)) {
            return false;
        }
        slots.put(slot, Map.entry(owner, lease));
        return true;
    }

    @Override
    public synchronized void releaseSlot(String slot, String owner) {
        Map.Entry<String, Instant> held = slots.get(slot);
        if (held != null && held.getKey().equals(owner)) {
            slots.remove(slot);
        }
    }

    @Override
    public synchronized void settle(List<Settled> settled) {
        for (Settled s : settled) {
            Prompt now = prompts.get(s.claimed().id());
            if (now != null && now.nextFireAt().equals(s.claimed().nextFireAt())) {
                prompts.put(s.next().id(), s.next());
            }
        }
    }

    /** The earliest next try, for a test clock to jump to. */
    public synchronized Optional<Instant> earliest() {
        return prompts.values().stream().map(Prompt::nextFireAt).min(Comparator.naturalOrder());
    }
}
